package dev.cvt4j.config;

import java.util.List;

/**
 * Everything that determines a CvT network: the per-stage specs of the official {@code MODEL.SPEC},
 * {@code MODEL.NUM_CLASSES}, the activation and the LayerNorm epsilon (official
 * {@code get_cls_model}: QuickGELU, {@code LayerNorm(eps=1e-5)}).
 *
 * <p>Built from the configuration table ({@link dev.cvt4j.config.Experiments}) or a preset; errors
 * name the field as it appears in the official YAML, e.g. {@code MODEL.SPEC.NUM_HEADS[1]}.
 *
 * @param stages one spec per stage, in order; at least one
 * @param numClasses classifier outputs ({@code MODEL.NUM_CLASSES}), at least 1
 * @param actLayer MLP activation
 * @param layerNormEps epsilon of every LayerNorm
 * @param init {@code MODEL.SPEC.INIT}: {@code trunc_norm} or {@code xavier}, the weight
 *     initialisation of a freshly built model
 */
public record CvtConfig(List<StageSpec> stages, int numClasses, ActLayer actLayer, double layerNormEps, String init) {

    /** The official LayerNorm epsilon. */
    public static final double LAYER_NORM_EPS = 1e-5;

    /**
     * Checks what spans several keys; the range of each key is checked where configurations are read
     * ({@link dev.cvt4j.config.ConfigTable}).
     *
     * @throws ConfigException naming the key when there is no stage, a stage's {@code DIM_EMBED} is not
     *     divisible by its {@code NUM_HEADS} or its {@code MLP_RATIO} gives no hidden unit, or the
     *     LayerNorm epsilon is not positive
     */
    public CvtConfig {
        stages = List.copyOf(stages);
        if (stages.isEmpty()) {
            throw new ConfigException("MODEL.SPEC.NUM_STAGES: must be at least 1");
        }
        if (!(layerNormEps > 0)) {
            throw new ConfigException("layer norm eps: must be positive, got " + layerNormEps);
        }
        for (int i = 0; i < stages.size(); i++) {
            StageSpec s = stages.get(i);
            if (s.dimEmbed() % s.numHeads() != 0) {
                throw new ConfigException("MODEL.SPEC.NUM_HEADS[" + i + "]: DIM_EMBED " + s.dimEmbed()
                        + " is not divisible by NUM_HEADS " + s.numHeads());
            }
            if (s.mlpHidden() < 1) {
                throw new ConfigException(
                        "MODEL.SPEC.MLP_RATIO[" + i + "]: must give a hidden width of at least 1, got " + s.mlpRatio());
            }
        }
    }

    /** Number of stages ({@code NUM_STAGES}). */
    public int numStages() {
        return stages.size();
    }

    /** The stage {@code i}. */
    public StageSpec stage(int i) {
        return stages.get(i);
    }

    /** Token width of the last stage, the classifier's input width. */
    public int dimLast() {
        return stages.get(stages.size() - 1).dimEmbed();
    }

    /** Whether the last stage has a class token (then the classifier reads it; else it mean-pools). */
    public boolean lastStageHasClsToken() {
        return stages.get(stages.size() - 1).clsToken();
    }

    /** A copy with another class count (fine-tuning to a new label set). */
    public CvtConfig withNumClasses(int classes) {
        return new CvtConfig(stages, classes, actLayer, layerNormEps, init);
    }
}
