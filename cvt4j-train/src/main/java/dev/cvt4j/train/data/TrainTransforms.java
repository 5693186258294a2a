package dev.cvt4j.train.data;

import dev.cvt4j.config.ConfigException;
import dev.cvt4j.train.config.AugSpec;
import dev.cvt4j.train.config.TimmAugSpec;
import dev.cvt4j.train.config.TrainConfig;
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
     * @param recipe the experiment's training recipe: {@code AUG}, {@code INPUT} and the crop size
     *     {@code TRAIN.IMAGE_SIZE[0]}
     * @return the training transform the official code would build
     * @throws ConfigException naming the field if a setting is unsupported ({@code AUG.GAUSSIAN_BLUR > 0},
     *     {@code AUG.TIMM_AUG.RE_SPLIT}, an unknown auto-augment policy) or invalid
     */
    public static TrainTransform of(TrainConfig recipe) {
        try {
            TimmAugSpec timm = recipe.aug().timmAug();
            return timm.useLoader() || timm.useTransform() ? timm(recipe) : torchvision(recipe);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("AUG: " + e.getMessage(), e);
        }
    }

    private static TrainTransform timm(TrainConfig recipe) {
        TimmAugSpec t = recipe.aug().timmAug();
        if (t.reSplit()) {
            throw new ConfigException("AUG.TIMM_AUG.RE_SPLIT: true is not supported");
        }
        Interpolation interpolation = Interpolation.timm(t.interpolation());
        List<ImageAugment> steps = new ArrayList<>();
        steps.add(crop(recipe, interpolation));
        if (t.hflip() > 0) {
            steps.add(new RandomFlip(true, t.hflip()));
        }
        if (t.vflip() > 0) {
            steps.add(new RandomFlip(false, t.vflip()));
        }
        if (t.autoAugment() != null && !t.autoAugment().isEmpty()) {
            steps.add(RandAugment.parse(
                    t.autoAugment(), new AugmentOp.Geometry(interpolation, meanColour(recipe), TRANSLATE_PCT)));
        } else {
            List<Double> cj = t.colorJitter();
            double b = cj.get(0);
            steps.add(
                    cj.size() == 1
                            ? new ColorJitter(b, b, b, 0, 1)
                            : new ColorJitter(b, cj.get(1), cj.get(2), cj.size() == 4 ? cj.get(3) : 0, 1));
        }
        Optional<RandomErasing> erasing = t.reProb() > 0
                ? Optional.of(RandomErasing.timm(t.reProb(), RandomErasing.Mode.parse(t.reMode()), t.reCount()))
                : Optional.empty();
        return new TrainTransform(cropSize(recipe), steps, recipe.input().normalization(), erasing);
    }

    private static TrainTransform torchvision(TrainConfig recipe) {
        AugSpec aug = recipe.aug();
        if (aug.gaussianBlur() > 0) {
            throw new ConfigException("AUG.GAUSSIAN_BLUR: " + aug.gaussianBlur() + " is not supported (only 0)");
        }
        List<ImageAugment> steps = new ArrayList<>();
        steps.add(crop(recipe, Interpolation.pil(aug.interpolation())));
        steps.add(new RandomFlip(true, 0.5));
        List<Double> cj = aug.colorJitter();
        double p = cj.get(cj.size() - 1);
        if (p > 0) {
            steps.add(new ColorJitter(cj.get(0), cj.get(1), cj.get(2), cj.size() == 5 ? cj.get(3) : 0, p));
        }
        if (aug.grayScale() > 0) {
            steps.add(new RandomGrayscale(aug.grayScale()));
        }
        return new TrainTransform(cropSize(recipe), steps, recipe.input().normalization(), Optional.empty());
    }

    /** Both official pipelines crop squares of {@code TRAIN.IMAGE_SIZE[0]}. */
    private static int cropSize(TrainConfig recipe) {
        return recipe.train().imageWidth();
    }

    private static RandomResizedCrop crop(TrainConfig recipe, Interpolation interpolation) {
        AugSpec aug = recipe.aug();
        return new RandomResizedCrop(
                cropSize(recipe),
                aug.scale().get(0),
                aug.scale().get(1),
                aug.ratio().get(0),
                aug.ratio().get(1),
                interpolation);
    }

    /** timm's {@code img_mean}: {@code min(255, round(255 * m))} per channel, half to even. */
    private static int[] meanColour(TrainConfig recipe) {
        int[] fill = new int[3];
        for (int c = 0; c < 3; c++) {
            fill[c] = Math.min(255, Draws.round(255 * recipe.input().mean().get(c)));
        }
        return fill;
    }
}
