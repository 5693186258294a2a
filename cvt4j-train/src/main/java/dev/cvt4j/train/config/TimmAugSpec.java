package dev.cvt4j.train.config;

import dev.cvt4j.config.ConfigValues;
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
public record TimmAugSpec(
        boolean useLoader,
        boolean useTransform,
        double reProb,
        String reMode,
        int reCount,
        boolean reSplit,
        double hflip,
        double vflip,
        List<Double> colorJitter,
        String autoAugment,
        String interpolation) {

    /** Copies the list. */
    public TimmAugSpec {
        colorJitter = List.copyOf(colorJitter);
    }

    /** Reads the section from an experiment's configuration values. */
    static TimmAugSpec from(ConfigValues v) {
        String t = "AUG.TIMM_AUG.";
        return new TimmAugSpec(
                v.bool(t + "USE_LOADER"),
                v.bool(t + "USE_TRANSFORM"),
                v.number(t + "RE_PROB"),
                v.string(t + "RE_MODE"),
                v.integer(t + "RE_COUNT"),
                v.bool(t + "RE_SPLIT"),
                v.number(t + "HFLIP"),
                v.number(t + "VFLIP"),
                v.numbers(t + "COLOR_JITTER"),
                v.string(t + "AUTO_AUGMENT"),
                v.string(t + "INTERPOLATION"));
    }
}
