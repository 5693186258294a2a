package dev.cvt4j.train.config;

import java.util.List;

/**
 * {@code AUG.TIMM_AUG}: the arguments the official {@code lib/dataset/build.py} passes to timm 0.3.2's
 * {@code create_loader} ({@code USE_LOADER}) or {@code lib/dataset/transformas/build.py} to
 * {@code create_transform} ({@code USE_TRANSFORM}) for training. Keys absent from the file take
 * timm's defaults.
 *
 * @param useLoader {@code USE_LOADER}: train with timm's loader and transform (the official recipe)
 * @param useTransform {@code USE_TRANSFORM}: timm's transform inside a plain loader
 * @param reProb {@code RE_PROB}: random-erasing probability
 * @param reMode {@code RE_MODE}: {@code const}, {@code rand} or {@code pixel}
 * @param reCount {@code RE_COUNT}: erased rectangles per image, at least 1
 * @param reSplit {@code RE_SPLIT}: skip erasing on the first augmentation split
 * @param hflip {@code HFLIP}: horizontal flip probability
 * @param vflip {@code VFLIP}: vertical flip probability
 * @param colorJitter {@code COLOR_JITTER}: one strength for brightness, contrast and saturation, or 3
 *     values (brightness, contrast, saturation) or 4 (and hue), as timm's {@code color_jitter} takes them
 *     (unused by timm when an auto-augment policy is set)
 * @param autoAugment {@code AUTO_AUGMENT}: a timm policy string such as {@code rand-m9-mstd0.5-inc1}, or
 *     null for none
 * @param interpolation {@code INTERPOLATION}: {@code bilinear}, {@code bicubic} or {@code random} (either,
 *     per image)
 */
public record TimmAugSpec(boolean useLoader, boolean useTransform, double reProb, String reMode, int reCount,
        boolean reSplit, double hflip, double vflip, List<Double> colorJitter, String autoAugment,
        String interpolation) {

    /** @throws dev.cvt4j.model.ConfigException naming the key of an out-of-range value */
    public TimmAugSpec {
        String t = "AUG.TIMM_AUG.";
        Check.probability(reProb, t + "RE_PROB");
        Check.oneOf(reMode, List.of("const", "rand", "pixel"), t + "RE_MODE");
        Check.atLeast(reCount, 1, t + "RE_COUNT");
        Check.probability(hflip, t + "HFLIP");
        Check.probability(vflip, t + "VFLIP");
        Check.sizeIn(colorJitter, List.of(1, 3, 4), t + "COLOR_JITTER");
        for (int i = 0; i < colorJitter.size(); i++) {
            Check.nonNegative(colorJitter.get(i), t + "COLOR_JITTER[" + i + "]");
        }
        colorJitter = List.copyOf(colorJitter);
        Check.oneOf(interpolation, List.of("bilinear", "bicubic", "random"), t + "INTERPOLATION");
    }

    static TimmAugSpec from(RecipeValues v) {
        String t = "AUG.TIMM_AUG.";
        return new TimmAugSpec(v.bool(t + "USE_LOADER"), v.bool(t + "USE_TRANSFORM"), v.number(t + "RE_PROB"),
                v.string(t + "RE_MODE"), v.integer(t + "RE_COUNT"), v.bool(t + "RE_SPLIT"), v.number(t + "HFLIP"),
                v.number(t + "VFLIP"), v.numbers(t + "COLOR_JITTER"), v.string(t + "AUTO_AUGMENT"),
                v.string(t + "INTERPOLATION"));
    }
}
