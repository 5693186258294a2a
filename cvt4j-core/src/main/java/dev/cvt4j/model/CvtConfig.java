package dev.cvt4j.model;

import java.util.List;

/**
 * Everything that determines a CvT network: the per-stage specs of the official {@code MODEL.SPEC},
 * {@code MODEL.NUM_CLASSES}, the activation and the LayerNorm epsilon (official
 * {@code get_cls_model}: QuickGELU, {@code LayerNorm(eps=1e-5)}).
 *
 * <p>Instances are validated on construction; errors name the field as it appears in the official
 * YAML, e.g. {@code MODEL.SPEC.NUM_HEADS[1]}.
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
     * @throws ConfigException when a field is out of range or inconsistent, naming the field
     */
    public CvtConfig {
        stages = List.copyOf(stages);
        if (stages.isEmpty()) {
            throw new ConfigException("MODEL.SPEC.NUM_STAGES: must be at least 1");
        }
        if (numClasses < 1) {
            throw new ConfigException("MODEL.NUM_CLASSES: must be at least 1, got " + numClasses);
        }
        if (!(layerNormEps > 0)) {
            throw new ConfigException("layer norm eps: must be positive, got " + layerNormEps);
        }
        if (!init.equals("trunc_norm") && !init.equals("xavier")) {
            throw new ConfigException("MODEL.SPEC.INIT: expected trunc_norm or xavier, got '" + init + "'");
        }
        for (int i = 0; i < stages.size(); i++) {
            validate(stages.get(i), i);
        }
    }

    private static void validate(StageSpec s, int i) {
        positive("PATCH_SIZE", i, s.patchSize());
        positive("PATCH_STRIDE", i, s.patchStride());
        nonNegative("PATCH_PADDING", i, s.patchPadding());
        positive("DIM_EMBED", i, s.dimEmbed());
        positive("NUM_HEADS", i, s.numHeads());
        positive("DEPTH", i, s.depth());
        positive("KERNEL_QKV", i, s.kernelQkv());
        positive("STRIDE_Q", i, s.strideQ());
        positive("STRIDE_KV", i, s.strideKv());
        nonNegative("PADDING_Q", i, s.paddingQ());
        nonNegative("PADDING_KV", i, s.paddingKv());
        if (s.dimEmbed() % s.numHeads() != 0) {
            throw new ConfigException(field("NUM_HEADS", i) + ": DIM_EMBED " + s.dimEmbed()
                    + " is not divisible by NUM_HEADS " + s.numHeads());
        }
        if (!(s.mlpRatio() > 0) || s.mlpHidden() < 1) {
            throw new ConfigException(field("MLP_RATIO", i) + ": must give a hidden width of at least 1, got "
                    + s.mlpRatio());
        }
        probability("DROP_RATE", i, s.dropRate());
        probability("ATTN_DROP_RATE", i, s.attnDropRate());
        probability("DROP_PATH_RATE", i, s.dropPathRate());
    }

    private static String field(String name, int i) {
        return "MODEL.SPEC." + name + "[" + i + "]";
    }

    private static void positive(String name, int i, int v) {
        if (v < 1) {
            throw new ConfigException(field(name, i) + ": must be at least 1, got " + v);
        }
    }

    private static void nonNegative(String name, int i, int v) {
        if (v < 0) {
            throw new ConfigException(field(name, i) + ": must not be negative, got " + v);
        }
    }

    private static void probability(String name, int i, double v) {
        if (!(v >= 0 && v < 1)) {
            throw new ConfigException(field(name, i) + ": must be in [0, 1), got " + v);
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
