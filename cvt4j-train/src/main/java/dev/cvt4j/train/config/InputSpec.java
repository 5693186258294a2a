package dev.cvt4j.train.config;

import dev.cvt4j.config.ConfigValues;
import dev.cvt4j.config.Experiments;
import dev.cvt4j.image.Normalization;
import java.util.List;

/**
 * The {@code INPUT} section of an official experiment file (defaults of {@code lib/config/default.py}):
 * the per-channel statistics of {@code Normalize}, kept as written (double precision) because timm
 * derives its random-erasing fill colour from them ({@code round(255 * mean)}).
 *
 * @param mean {@code MEAN} (R, G, B), default the ImageNet mean (0.485, 0.456, 0.406)
 * @param std {@code STD} (R, G, B), default the ImageNet standard deviation (0.229, 0.224, 0.225)
 */
public record InputSpec(List<Double> mean, List<Double> std) {

    /** Copies the lists; their sizes and ranges are checked where the recipe is read. */
    public InputSpec {
        mean = List.copyOf(mean);
        std = List.copyOf(std);
    }

    /** @return {@code MEAN} / {@code STD} as the tensor normalisation, the one evaluation uses too */
    public Normalization normalization() {
        return Experiments.normalization(mean, std);
    }

    /** Reads the section from an experiment's configuration values. */
    static InputSpec from(ConfigValues v) {
        return new InputSpec(v.numbers("INPUT.MEAN"), v.numbers("INPUT.STD"));
    }
}
