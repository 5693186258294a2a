package dev.cvt4j.train.data;

import dev.cvt4j.image.Normalization;
import dev.cvt4j.model.ConfigException;
import dev.cvt4j.model.OfficialYaml;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The data-augmentation settings of an official experiment: the {@code AUG} section, {@code
 * INPUT.MEAN}/{@code INPUT.STD} and {@code TRAIN.IMAGE_SIZE}, with the defaults of the official
 * {@code lib/config/default.py} and its {@code update_config} rule (any of {@code MIXUP}, {@code
 * MIXCUT}, {@code MIXCUT_MINMAX} set makes {@code MIXUP_PROB} 1). {@link TrainTransforms} turns it
 * into the training transform, {@link #mixup(double, int)} into the batch mixing.
 *
 * @param imageSize {@code TRAIN.IMAGE_SIZE[0]}: the square crop size (both pipelines crop {@code
 *     IMAGE_SIZE[0]} square)
 * @param scale {@code AUG.SCALE}, default (0.08, 1)
 * @param ratio {@code AUG.RATIO}, default (3/4, 4/3)
 * @param colorJitter {@code AUG.COLOR_JITTER}: brightness, contrast, saturation, [hue,]
 *     probability (the last value), default [0.4, 0.4, 0.4, 0.1, 0.0], i.e. off
 * @param grayScale {@code AUG.GRAY_SCALE}: RandomGrayscale probability, default 0
 * @param gaussianBlur {@code AUG.GAUSSIAN_BLUR}: blur probability, default 0 (only 0 is supported)
 * @param interpolation {@code AUG.INTERPOLATION}, PIL filter code of the torchvision pipeline, default 2
 * @param mixing the Mixup/CutMix settings
 * @param timm the {@code AUG.TIMM_AUG} settings
 * @param mean {@code INPUT.MEAN} (R, G, B)
 * @param std {@code INPUT.STD} (R, G, B)
 */
public record AugConfig(int imageSize, Range scale, Range ratio, List<Double> colorJitter, double grayScale,
        double gaussianBlur, int interpolation, Mixing mixing, Timm timm, List<Double> mean, List<Double> std) {

    private static final Set<String> AUG_KEYS = Set.of("SCALE", "RATIO", "COLOR_JITTER", "GRAY_SCALE",
            "GAUSSIAN_BLUR", "DROPBLOCK_LAYERS", "DROPBLOCK_KEEP_PROB", "DROPBLOCK_BLOCK_SIZE", "MIXUP_PROB", "MIXUP",
            "MIXCUT", "MIXCUT_MINMAX", "MIXUP_SWITCH_PROB", "MIXUP_MODE", "MIXCUT_AND_MIXUP", "INTERPOLATION",
            "TIMM_AUG");

    /**
     * The Mixup/CutMix settings of {@code AUG}.
     *
     * @param prob {@code MIXUP_PROB}: 0 disables mixing
     * @param mixupAlpha {@code MIXUP}
     * @param cutmixAlpha {@code MIXCUT}
     * @param cutmixMinMax {@code MIXCUT_MINMAX}, empty when the list is empty
     * @param switchProb {@code MIXUP_SWITCH_PROB}
     */
    public record Mixing(double prob, double mixupAlpha, double cutmixAlpha, Optional<Range> cutmixMinMax,
            double switchProb) {}

    /**
     * The {@code AUG.TIMM_AUG} settings, defaulted like timm's {@code create_transform}.
     *
     * @param useLoader {@code USE_LOADER}: the timm loader and transform (CvT-13)
     * @param useTransform {@code USE_TRANSFORM}: the timm transform in a torch loader
     * @param reProb {@code RE_PROB}: random erasing probability, default 0
     * @param reMode {@code RE_MODE}, default const
     * @param reCount {@code RE_COUNT}, default 1
     * @param autoAugment {@code AUTO_AUGMENT}, empty for none
     * @param hflip {@code HFLIP}, default 0.5
     * @param vflip {@code VFLIP}, default 0
     * @param colorJitter {@code COLOR_JITTER}: one value for brightness, contrast and saturation, or
     *     3 or 4 values; used only without auto-augment; default 0.4
     * @param interpolation {@code INTERPOLATION}: bilinear, bicubic or random; default bilinear
     */
    public record Timm(boolean useLoader, boolean useTransform, double reProb, RandomErasing.Mode reMode,
            int reCount, String autoAugment, double hflip, double vflip, List<Double> colorJitter,
            String interpolation) {

        /** @return whether the official code trains with timm's {@code create_transform} */
        public boolean enabled() {
            return useLoader || useTransform;
        }
    }

    /** @return the defaults of the official {@code lib/config/default.py} (no timm, no mixing) */
    public static AugConfig defaults() {
        return of(Map.of());
    }

    /**
     * Reads an official experiment YAML file.
     *
     * @param yaml e.g. {@code experiments/imagenet/cvt/cvt-13-224x224.yaml}
     * @return the settings
     * @throws ConfigException naming the file and the field when a value is missing, malformed or unsupported
     */
    public static AugConfig read(Path yaml) {
        try {
            return of(OfficialYaml.load(yaml));
        } catch (ConfigException e) {
            throw e.getMessage().startsWith(yaml.toString()) ? e : new ConfigException(yaml + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads the settings from a loaded YAML document.
     *
     * @param root the top-level mapping
     * @return the settings
     * @throws ConfigException naming the field when a value is malformed or unsupported ({@code
     *     RE_SPLIT: true}, a {@code MIXUP_MODE} other than batch)
     */
    public static AugConfig of(Map<String, Object> root) {
        ConfigSection doc = ConfigSection.root(root);
        ConfigSection aug = doc.section("AUG");
        aug.requireKnown(AUG_KEYS);
        ConfigSection t = aug.section("TIMM_AUG");
        ConfigSection input = doc.section("INPUT");
        int size = doc.section("TRAIN").numbers("IMAGE_SIZE", List.of(224.0, 224.0), Set.of(2)).get(0).intValue();
        double mixup = aug.number("MIXUP", 0);
        double mixcut = aug.number("MIXCUT", 0);
        List<Double> minmax = aug.numbers("MIXCUT_MINMAX", List.of(), Set.of(0, 2));
        double prob = mixup > 0 || mixcut > 0 || !minmax.isEmpty() ? 1.0 : aug.number("MIXUP_PROB", 0);
        String mode = aug.string("MIXUP_MODE", "batch");
        if (!mode.equals("batch")) {
            throw new ConfigException("AUG.MIXUP_MODE: only 'batch' is supported, got '" + mode + "'");
        }
        if (t.bool("RE_SPLIT", false)) {
            throw new ConfigException("AUG.TIMM_AUG.RE_SPLIT: true is not supported");
        }
        Mixing mixing = new Mixing(prob, mixup, mixcut,
                minmax.isEmpty() ? Optional.empty() : Optional.of(new Range(minmax.get(0), minmax.get(1))),
                aug.number("MIXUP_SWITCH_PROB", 0.5));
        Timm timm = new Timm(t.bool("USE_LOADER", false), t.bool("USE_TRANSFORM", false), t.number("RE_PROB", 0),
                RandomErasing.Mode.parse(t.string("RE_MODE", "const")), t.integer("RE_COUNT", 1),
                t.string("AUTO_AUGMENT", ""), t.number("HFLIP", 0.5), t.number("VFLIP", 0),
                t.numbers("COLOR_JITTER", List.of(0.4), Set.of(1, 3, 4)), t.string("INTERPOLATION", "bilinear"));
        return new AugConfig(size, range(aug, "SCALE", 0.08, 1.0), range(aug, "RATIO", 3.0 / 4.0, 4.0 / 3.0),
                aug.numbers("COLOR_JITTER", List.of(0.4, 0.4, 0.4, 0.1, 0.0), Set.of(4, 5)),
                aug.number("GRAY_SCALE", 0), aug.number("GAUSSIAN_BLUR", 0), aug.integer("INTERPOLATION", 2), mixing,
                timm, input.numbers("MEAN", List.of(0.485, 0.456, 0.406), Set.of(3)),
                input.numbers("STD", List.of(0.229, 0.224, 0.225), Set.of(3)));
    }

    /**
     * The batch mixing of the official {@code train_one_epoch}.
     *
     * @param labelSmoothing {@code LOSS.LABEL_SMOOTHING}
     * @param numClasses {@code MODEL.NUM_CLASSES}
     * @return the Mixup, or empty when {@code MIXUP_PROB} is 0
     * @throws ConfigException if mixing is on but neither Mixup nor CutMix is enabled
     */
    public Optional<Mixup> mixup(double labelSmoothing, int numClasses) {
        if (!(mixing.prob() > 0)) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Mixup(mixing.mixupAlpha(), mixing.cutmixAlpha(), mixing.cutmixMinMax(),
                    mixing.prob(), mixing.switchProb(), labelSmoothing, numClasses));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("AUG.MIXUP_PROB: " + e.getMessage(), e);
        }
    }

    /** @return {@code INPUT.MEAN} / {@code INPUT.STD} as the tensor normalisation (float32) */
    public Normalization normalization() {
        return new Normalization(floats(mean), floats(std));
    }

    private static Range range(ConfigSection aug, String key, double min, double max) {
        List<Double> v = aug.numbers(key, List.of(min, max), Set.of(2));
        try {
            return new Range(v.get(0), v.get(1));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("AUG." + key + ": " + e.getMessage(), e);
        }
    }

    private static float[] floats(List<Double> values) {
        float[] f = new float[values.size()];
        for (int i = 0; i < f.length; i++) {
            f[i] = values.get(i).floatValue();
        }
        return f;
    }
}
