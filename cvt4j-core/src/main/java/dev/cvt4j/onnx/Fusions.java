package dev.cvt4j.onnx;

/**
 * Which ONNX Runtime contrib operators ({@code com.microsoft}) the writer uses where a chain of standard
 * operators would do the same work: the graph rewrites that ONNX Runtime's optimizer cannot derive from
 * a generic export of CvT (docs/performance.md, "ONNX Runtime engine"). The rewrites that are always
 * on, because they only move arithmetic out of the graph (BatchNorm folded into the depthwise weights,
 * the attention scale folded into {@code proj_q}, tokens kept as one {@code (B*T, C)} matrix so every
 * linear layer is one {@code Gemm} with its bias), are not listed here.
 *
 * @param attention {@code MultiHeadAttention} on {@code (B, T, C)} q, k, v (no per-head transposes of q,
 *     k, v or the output) instead of {@code Reshape/Transpose/MatMul/Softmax/MatMul/Transpose}
 * @param skipLayerNorm {@code SkipLayerNormalization} for each residual sum followed by a LayerNorm,
 *     instead of {@code Add} then {@code LayerNormalization}
 */
public record Fusions(boolean attention, boolean skipLayerNorm) {
    /**
     * The graph cvt4j runs and exports: {@code SkipLayerNormalization} only. {@code MultiHeadAttention}
     * is left out: ONNX Runtime's CPU kernel runs one task per image and head, so at batch 1 the single
     * head of CvT-13's first stage runs on one thread, and it measured slower than standard operators
     * in 2 of 3 interleaved runs (docs/performance.md).
     */
    public static final Fusions DEFAULT = new Fusions(false, true);
    /** Every contrib fusion, for A/B measurements. */
    public static final Fusions ALL = new Fusions(true, true);
    /** Standard operators only (apart from the MLP activation), for A/B measurements. */
    public static final Fusions NONE = new Fusions(false, false);
}
