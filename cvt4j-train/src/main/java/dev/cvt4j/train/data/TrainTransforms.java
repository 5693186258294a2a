package dev.cvt4j.train.data;

import dev.cvt4j.model.ConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The official training transforms ({@code build_transforms(cfg, is_train=True)} in
 * {@code lib/dataset/transformas/build.py}, and timm's {@code create_loader}, which replaces the
 * dataset transform when {@code AUG.TIMM_AUG.USE_LOADER} is set):
 *
 * <ul>
 *   <li>timm ({@code USE_LOADER} or {@code USE_TRANSFORM}; the CvT-13 recipe), timm 0.3.2's
 *       {@code transforms_imagenet_train}: {@link RandomResizedCrop} with {@code TIMM_AUG.INTERPOLATION},
 *       horizontal flip {@code HFLIP}, vertical flip {@code VFLIP}, then RandAugment when {@code
 *       AUTO_AUGMENT} is set (fill = the mean colour {@code round(255 * INPUT.MEAN)}, resampling =
 *       the crop's filter, or random for {@code 'random'}, translation 0.45) or else {@code
 *       ColorJitter(COLOR_JITTER)} (timm disables colour jitter under auto-augment), then
 *       ToTensor + Normalize and {@link RandomErasing} with {@code RE_PROB}, {@code RE_MODE}, {@code
 *       RE_COUNT}. (The timm loader normalises and erases on the GPU batch instead: the same
 *       operations.)
 *   <li>torchvision (neither flag; the CvT-21 recipe): {@code RandomResizedCrop(IMAGE_SIZE[0],
 *       SCALE, RATIO, AUG.INTERPOLATION)}, {@code RandomHorizontalFlip()}, {@code
 *       RandomApply([ColorJitter(*COLOR_JITTER[:-1])], p=COLOR_JITTER[-1])} when that probability is
 *       positive (the default's is 0, so the official configs get no jitter), {@code
 *       RandomGrayscale(GRAY_SCALE)} when positive, ToTensor + Normalize. {@code GAUSSIAN_BLUR > 0}
 *       is not supported, and the {@code FINETUNE} branch is not modelled.
 * </ul>
 */
public final class TrainTransforms {
    /** timm's {@code translate_pct} default for the relative translations of RandAugment. */
    public static final double TRANSLATE_PCT = 0.45;

    private TrainTransforms() {}

    /**
     * @param config the experiment's augmentation settings
     * @return the training transform the official code would build
     * @throws ConfigException if a setting is unsupported or invalid
     */
    public static TrainTransform of(AugConfig config) {
        try {
            return config.timm().enabled() ? timm(config) : torchvision(config);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("AUG: " + e.getMessage(), e);
        }
    }

    private static TrainTransform timm(AugConfig config) {
        AugConfig.Timm t = config.timm();
        Interpolation interpolation = Interpolation.timm(t.interpolation());
        List<ImageAugment> steps = new ArrayList<>();
        steps.add(crop(config, interpolation));
        if (t.hflip() > 0) {
            steps.add(new RandomFlip(true, t.hflip()));
        }
        if (t.vflip() > 0) {
            steps.add(new RandomFlip(false, t.vflip()));
        }
        if (!t.autoAugment().isEmpty()) {
            steps.add(RandAugment.parse(t.autoAugment(), new AugmentOp.Geometry(interpolation, meanColour(config),
                    TRANSLATE_PCT)));
        } else {
            List<Double> cj = t.colorJitter();
            double b = cj.get(0);
            steps.add(cj.size() == 1 ? new ColorJitter(b, b, b, 0, 1)
                    : new ColorJitter(b, cj.get(1), cj.get(2), cj.size() == 4 ? cj.get(3) : 0, 1));
        }
        Optional<RandomErasing> erasing = t.reProb() > 0
                ? Optional.of(RandomErasing.timm(t.reProb(), t.reMode(), t.reCount())) : Optional.empty();
        return new TrainTransform(config.imageSize(), steps, config.normalization(), erasing);
    }

    private static TrainTransform torchvision(AugConfig config) {
        if (config.gaussianBlur() > 0) {
            throw new ConfigException("AUG.GAUSSIAN_BLUR: " + config.gaussianBlur() + " is not supported (only 0)");
        }
        List<ImageAugment> steps = new ArrayList<>();
        steps.add(crop(config, Interpolation.pil(config.interpolation())));
        steps.add(new RandomFlip(true, 0.5));
        List<Double> cj = config.colorJitter();
        double p = cj.get(cj.size() - 1);
        if (p > 0) {
            steps.add(new ColorJitter(cj.get(0), cj.get(1), cj.get(2), cj.size() == 5 ? cj.get(3) : 0, p));
        }
        if (config.grayScale() > 0) {
            steps.add(new RandomGrayscale(config.grayScale()));
        }
        return new TrainTransform(config.imageSize(), steps, config.normalization(), Optional.empty());
    }

    private static RandomResizedCrop crop(AugConfig config, Interpolation interpolation) {
        return new RandomResizedCrop(config.imageSize(), config.scale().min(), config.scale().max(),
                config.ratio().min(), config.ratio().max(), interpolation);
    }

    /** timm's {@code img_mean}: {@code min(255, round(255 * m))} per channel, half to even. */
    static int[] meanColour(AugConfig config) {
        int[] fill = new int[3];
        for (int c = 0; c < 3; c++) {
            fill[c] = Math.min(255, Draws.round(255 * config.mean().get(c)));
        }
        return fill;
    }
}
