package dev.cvt4j.train.config;

import dev.cvt4j.image.Normalization;
import java.util.List;

/**
 * The {@code INPUT} section of an official experiment file (defaults of {@code lib/config/default.py}):
 * the per-channel statistics of the training transform's {@code Normalize}.
 *
 * @param mean {@code MEAN} (R, G, B), default the ImageNet mean (0.485, 0.456, 0.406)
 * @param std {@code STD} (R, G, B), default the ImageNet standard deviation (0.229, 0.224, 0.225)
 */
public record InputSpec(List<Double> mean, List<Double> std) {

    /** @throws dev.cvt4j.model.ConfigException naming the key when a list does not hold 3 values or a std is not positive */
    public InputSpec {
        Check.size(mean, 3, "INPUT.MEAN");
        Check.size(std, 3, "INPUT.STD");
        for (int c = 0; c < 3; c++) {
            Check.positive(std.get(c), "INPUT.STD[" + c + "]");
        }
        mean = List.copyOf(mean);
        std = List.copyOf(std);
    }

    /** @return {@code MEAN} / {@code STD} as the tensor normalisation (float32) */
    public Normalization normalization() {
        return new Normalization(floats(mean), floats(std));
    }

    static InputSpec from(RecipeValues v) {
        return new InputSpec(v.numbers("INPUT.MEAN"), v.numbers("INPUT.STD"));
    }

    private static float[] floats(List<Double> values) {
        float[] f = new float[values.size()];
        for (int i = 0; i < f.length; i++) {
            f[i] = values.get(i).floatValue();
        }
        return f;
    }
}
