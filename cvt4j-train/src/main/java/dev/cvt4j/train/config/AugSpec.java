package dev.cvt4j.train.config;

import dev.cvt4j.config.ConfigValues;
import java.util.List;

/**
 * The {@code AUG} section of an official experiment file (defaults of {@code lib/config/default.py}):
 * Mixup/CutMix as {@code lib/core/function.py} configures timm's {@code Mixup}, the crop ranges and
 * filter of the training transform, and the torchvision-path colour augmentations.
 *
 * <p>As the official {@code update_config} does, {@code MIXUP_PROB} is forced to 1.0 whenever
 * {@code MIXUP > 0}, {@code MIXCUT > 0} or {@code MIXCUT_MINMAX} is set (see {@link #from}).
 *
 * @param mixupProb {@code MIXUP_PROB}: probability of mixing a batch; above 0 the training loss takes
 *     soft targets
 * @param mixup {@code MIXUP}: Mixup's Beta(alpha, alpha) parameter, 0 = off
 * @param mixcut {@code MIXCUT}: CutMix's Beta(alpha, alpha) parameter, 0 = off
 * @param mixcutMinmax {@code MIXCUT_MINMAX}: empty, or [min, max] of the CutMix box area fraction
 *     (then used instead of {@code MIXCUT})
 * @param mixupSwitchProb {@code MIXUP_SWITCH_PROB}: probability of CutMix instead of Mixup when both are on
 * @param mixupMode {@code MIXUP_MODE}: {@code batch}, {@code pair} or {@code elem}
 * @param interpolation {@code INTERPOLATION}: PIL filter code of the torchvision-path crop, 2 (bilinear)
 *     or 3 (bicubic)
 * @param scale {@code SCALE}: [min, max] area fraction of the random resized crop
 * @param ratio {@code RATIO}: [min, max] aspect ratio of the random resized crop
 * @param colorJitter {@code COLOR_JITTER}: [brightness, contrast, saturation, hue, probability] of the
 *     torchvision-path colour jitter, or the same without hue (4 values); the probability is always last
 * @param grayScale {@code GRAY_SCALE}: random grayscale probability (torchvision path)
 * @param gaussianBlur {@code GAUSSIAN_BLUR}: random Gaussian blur probability (torchvision path)
 * @param timmAug {@code TIMM_AUG}
 */
public record AugSpec(
        double mixupProb,
        double mixup,
        double mixcut,
        List<Double> mixcutMinmax,
        double mixupSwitchProb,
        String mixupMode,
        int interpolation,
        List<Double> scale,
        List<Double> ratio,
        List<Double> colorJitter,
        double grayScale,
        double gaussianBlur,
        TimmAugSpec timmAug) {

    /** Copies the lists. */
    public AugSpec {
        mixcutMinmax = List.copyOf(mixcutMinmax);
        scale = List.copyOf(scale);
        ratio = List.copyOf(ratio);
        colorJitter = List.copyOf(colorJitter);
    }

    /** Whether batches are mixed, so that the training loss takes soft targets (official {@code build_criterion}). */
    public boolean mixesBatches() {
        return mixupProb > 0;
    }

    /**
     * Reads the section from an experiment's configuration values and applies the official rule that any
     * Mixup/CutMix setting forces {@code MIXUP_PROB} to 1.
     */
    static AugSpec from(ConfigValues v) {
        double mixup = v.number("AUG.MIXUP");
        double mixcut = v.number("AUG.MIXCUT");
        List<Double> minmax = v.numbers("AUG.MIXCUT_MINMAX");
        double prob = mixup > 0 || mixcut > 0 || !minmax.isEmpty() ? 1.0 : v.number("AUG.MIXUP_PROB");
        return new AugSpec(
                prob,
                mixup,
                mixcut,
                minmax,
                v.number("AUG.MIXUP_SWITCH_PROB"),
                v.string("AUG.MIXUP_MODE"),
                v.integer("AUG.INTERPOLATION"),
                v.numbers("AUG.SCALE"),
                v.numbers("AUG.RATIO"),
                v.numbers("AUG.COLOR_JITTER"),
                v.number("AUG.GRAY_SCALE"),
                v.number("AUG.GAUSSIAN_BLUR"),
                TimmAugSpec.from(v));
    }
}
