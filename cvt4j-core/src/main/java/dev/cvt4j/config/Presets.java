package dev.cvt4j.config;

import dev.cvt4j.image.Normalization;
import java.util.ArrayList;
import java.util.List;

/**
 * The official ImageNet models, as in microsoft/CvT {@code experiments/imagenet/cvt/*.yaml}
 * (paper table 2): CvT-13 and CvT-21 at 224x224 with center crop, CvT-W24 at 384x384 without crop.
 * Each stage is {@link StageSpec#OFFICIAL} with its width, heads, depth; the first embeds with a 7x7
 * stride-4 kernel, the last has the class token and the stochastic depth; all normalise
 * their input with the ImageNet statistics ({@code INPUT} of the official files).
 */
public final class Presets {
    private Presets() {}

    /** Preset names accepted by {@link #get(String)}. */
    public static List<String> names() {
        return List.of("cvt-13", "cvt-21", "cvt-w24");
    }

    /**
     * @param name one of {@link #names()}
     * @return the preset with 1000 ImageNet classes
     * @throws ConfigException for an unknown name
     */
    public static ExperimentConfig get(String name) {
        return switch (name) {
            case "cvt-13" ->
                official(
                        name,
                        new int[] {64, 192, 384},
                        new int[] {1, 3, 6},
                        new int[] {1, 2, 10},
                        0.1,
                        TestSpec.square(224));
            case "cvt-21" ->
                official(
                        name,
                        new int[] {64, 192, 384},
                        new int[] {1, 3, 6},
                        new int[] {1, 4, 16},
                        0.1,
                        TestSpec.square(224));
            case "cvt-w24" ->
                official(
                        name,
                        new int[] {192, 768, 1024},
                        new int[] {3, 12, 16},
                        new int[] {2, 2, 20},
                        0.3,
                        new TestSpec(384, 384, false, 3));
            default ->
                throw new ConfigException("unknown preset '" + name + "' (known: " + String.join(", ", names()) + ")");
        };
    }

    private static ExperimentConfig official(
            String name, int[] dims, int[] heads, int[] depths, double lastDropPath, TestSpec test) {
        List<StageSpec> stages = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            StageSpec.Builder stage =
                    StageSpec.builder().dimEmbed(dims[i]).numHeads(heads[i]).depth(depths[i]);
            if (i == 0) {
                stage.patch(7, 4, 2);
            }
            if (i == 2) {
                stage.clsToken(true).dropPathRate(lastDropPath);
            }
            stages.add(stage.build());
        }
        CvtConfig model = new CvtConfig(stages, 1000, ActLayer.QUICK_GELU, CvtConfig.LAYER_NORM_EPS, "trunc_norm");
        return new ExperimentConfig(name, model, test, Normalization.IMAGENET);
    }
}
