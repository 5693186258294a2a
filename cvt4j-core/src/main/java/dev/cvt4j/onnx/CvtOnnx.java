package dev.cvt4j.onnx;

import ai.onnx.proto.OnnxMl.ModelProto;
import dev.cvt4j.checkpoint.StateDict;
import dev.cvt4j.config.ActLayer;
import dev.cvt4j.config.CvtConfig;
import dev.cvt4j.config.ProjectionMethod;
import dev.cvt4j.config.StageSpec;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes a CvT as an ONNX model, in memory, from its config and a state dict with official names (any
 * checkpoint {@link dev.cvt4j.checkpoint.Checkpoints#read} reads: official, HuggingFace, cvt4j). The graph
 * computes what the official {@code lib/models/cls_cvt.py} computes in eval mode, as the
 * {@link dev.cvt4j.model.Cvt} network does (the same quirks: the attention scale is {@code DIM_EMBED^-0.5}
 * of the full width, the {@code avg} method leaves queries unprojected), for every projection method, with
 * or without class tokens, QuickGELU or exact GELU, at any input size: batch, height and width are
 * symbolic.
 *
 * <p>Input {@code images (batch, 3, height, width)} float32, normalised. Outputs, as {@link Outputs} chooses:
 * {@code logits (batch, NUM_CLASSES)}; {@code embedding (batch, C_last)} (the head's input); {@code
 * stage0..stageN (batch, C_i, H_i, W_i)} (each stage's map, as the official stages return it) and {@code
 * cls_token (batch, 1, C_last)} when the last stage has one (before the final norm).
 *
 * <p>Rewrites that a generic {@code torch.onnx.export} leaves to ONNX Runtime, or that ONNX Runtime cannot
 * derive (docs/performance.md): BatchNorm folded into the depthwise convolution's weights and a bias; the
 * attention scale folded into {@code proj_q}; tokens kept as one {@code (B*T, C)} matrix, so that every
 * linear layer is one {@code Gemm} with its bias and a convolution's output becomes tokens in one
 * transpose; plus the contrib operators chosen by {@link Fusions}.
 */
public final class CvtOnnx {
    /** The input's name. */
    public static final String INPUT = "images";
    /** The logits output's name. */
    public static final String LOGITS = "logits";
    /** The class-token output's name ({@link Outputs#FEATURES}, when the last stage has a class token). */
    public static final String CLS_TOKEN = "cls_token";
    /** The pooled-embedding output's name (all {@link Outputs} but {@link Outputs#LOGITS}). */
    public static final String EMBEDDING = "embedding";
    /** The BatchNorm epsilon of the conv projection (PyTorch's default, as {@link dev.cvt4j.model.ConvProjection}). */
    static final double BN_EPS = 1e-5;

    /**
     * Which outputs a graph has. A run computes only what the outputs it requests need and copies out only
     * those.
     */
    public enum Outputs {
        /** {@code logits} only: what {@code cvt export} writes by default. */
        LOGITS,
        /** {@code embedding} and {@code logits}. */
        EMBEDDING_AND_LOGITS,
        /** The stage maps, {@code cls_token} (when the last stage has one), {@code embedding} and {@code logits}. */
        FEATURES
    }

    private final CvtConfig config;
    private final StateReader state;
    private final Fusions fusions;
    private final OnnxGraph g = new OnnxGraph("cvt");
    private String batch;

    private CvtOnnx(CvtConfig config, StateReader state, Fusions fusions) {
        this.config = config;
        this.state = state;
        this.fusions = fusions;
    }

    /**
     * The name of stage {@code i}'s map output.
     *
     * @param i stage index
     * @return {@code stage<i>}
     */
    public static String stageOutput(int i) {
        return "stage" + i;
    }

    /**
     * Builds the model.
     *
     * @param config the architecture
     * @param weights tensors by official name
     * @param source the checkpoint file, named in errors
     * @param outputs which outputs the graph has
     * @param fusions which contrib operators to use
     * @param metadata the model's {@code metadata_props}
     * @return the ONNX model
     * @throws dev.cvt4j.checkpoint.CheckpointException naming {@code source} when the weights do not fit
     *     the config: the message {@link dev.cvt4j.model.WeightLoader} gives for the PyTorch engine
     */
    public static ModelProto build(
            CvtConfig config,
            StateDict weights,
            Path source,
            Outputs outputs,
            Fusions fusions,
            Map<String, String> metadata) {
        CvtOnnx writer = new CvtOnnx(config, new StateReader(weights, source), fusions);
        writer.network(outputs);
        writer.state.requireFit();
        return writer.g.model(version(), metadata);
    }

    /** The cvt4j version from the jar manifest, or {@code development build} outside a jar. */
    public static String version() {
        String v = CvtOnnx.class.getPackage().getImplementationVersion();
        return v == null ? "development build" : v;
    }

    private void network(Outputs outputs) {
        boolean features = outputs == Outputs.FEATURES;
        String x = g.input(INPUT, "batch", 3L, "height", "width");
        batch = g.op("Shape", Map.of("start", 0L, "end", 1L), x);
        Stage last = null;
        for (int i = 0; i < config.numStages(); i++) {
            last = stage(i, i == 0 ? x : map(last));
            if (features) {
                long c = config.stage(i).dimEmbed();
                g.output(stageOutput(i), map(last), "batch", c, "stage" + i + "_height", "stage" + i + "_width");
            }
        }
        long c = config.dimLast();
        String pooled;
        if (last.cls != null) {
            if (features) {
                g.output(CLS_TOKEN, last.cls, "batch", 1L, c);
            }
            pooled = layerNorm("norm", g.op("Reshape", last.cls, g.longs(-1, c)), c);
        } else {
            String normed = layerNorm("norm", last.tokens, c);
            pooled = g.op(
                    "ReduceMean", Map.of("axes", new long[] {1}, "keepdims", 0L), g.op("Reshape", normed, last.btc));
        }
        if (outputs != Outputs.LOGITS) {
            g.output(EMBEDDING, pooled, "batch", c);
        }
        g.output(LOGITS, linear("head", pooled, config.numClasses(), c, true, 1f), "batch", (long) config.numClasses());
    }

    /**
     * One stage's results.
     *
     * @param tokens {@code (B*T, C)}, class token first per image when there is one
     * @param cls {@code (B, 1, C)} or null
     * @param btc the shape {@code [B, -1, C]}
     * @param bhwc the shape {@code [B, H, W, C]} of the stage's map
     */
    private record Stage(String tokens, String cls, String btc, String bhwc) {}

    /**
     * The stage's map {@code (B, C, H, W)}, class token removed; built where it is used (the next stage,
     * a features output), so a logits-only graph has no transpose for the last stage's map.
     */
    private String map(Stage s) {
        String tokens = s.cls == null ? s.tokens : slice(g.op("Reshape", s.tokens, s.btc), 1, Long.MAX_VALUE);
        return mapOf(tokens, s.bhwc);
    }

    private Stage stage(int i, String input) {
        StageSpec s = config.stage(i);
        String p = "stage" + i + ".";
        long c = s.dimEmbed();
        long cIn = i == 0 ? 3 : config.stage(i - 1).dimEmbed();
        float[] cls = s.clsToken() ? state.floats(p + "cls_token", 1, 1, c) : null;
        long k = s.patchSize();
        String weight = g.floats(
                p + "patch_embed.proj.weight", state.floats(p + "patch_embed.proj.weight", c, cIn, k, k), c, cIn, k, k);
        String bias = g.floats(p + "patch_embed.proj.bias", state.floats(p + "patch_embed.proj.bias", c), c);
        String conv = g.op("Conv", convAttributes(k, s.patchStride(), s.patchPadding(), 1), input, weight, bias);
        String btc = g.op("Concat", Map.of("axis", 0L), batch, g.longs(-1, c));
        String bhwc = g.op(
                "Concat", Map.of("axis", 0L), batch, g.op("Shape", Map.of("start", 2L, "end", 4L), conv), g.longs(c));
        String tokens = layerNorm(p + "patch_embed.norm", tokensOf(conv, c), c);
        if (cls != null) {
            String expanded = g.op(
                    "Expand",
                    g.floats(p + "cls_token", cls, 1, 1, c),
                    g.op("Concat", Map.of("axis", 0L), batch, g.longs(1, c)));
            tokens = g.op("Concat", Map.of("axis", 1L), expanded, tokens);
        }
        String x = g.op("Reshape", tokens, g.longs(-1, c));
        Grid grid = new Grid(btc, bhwc, cls != null);
        String normed = layerNorm(p + "blocks.0.norm1", x, c);
        for (int j = 0; j < s.depth(); j++) {
            String b = p + "blocks." + j + ".";
            String attn = attention(b + "attn.", s, normed, grid);
            String[] r = residual(x, attn, b + "norm2", c);
            x = r[0];
            String mlp = mlp(b + "mlp.", s, r[1]);
            if (j + 1 < s.depth()) {
                r = residual(x, mlp, p + "blocks." + (j + 1) + ".norm1", c);
                x = r[0];
                normed = r[1];
            } else {
                x = g.op("Add", x, mlp);
            }
        }
        String clsOut = cls == null ? null : slice(g.op("Reshape", x, btc), 0, 1);
        return new Stage(x, clsOut, btc, bhwc);
    }

    /**
     * The shapes a stage's blocks need.
     *
     * @param btc {@code [B, -1, C]}
     * @param bhwc {@code [B, H, W, C]} of the stage's map
     * @param cls whether the tokens start with a class token
     */
    private record Grid(String btc, String bhwc, boolean cls) {}

    /** {@code x + delta}, and the LayerNorm {@code ln} of that sum: returns {sum, normed}. */
    private String[] residual(String x, String delta, String ln, long c) {
        float[] gamma = state.floats(ln + ".weight", c);
        float[] beta = state.floats(ln + ".bias", c);
        String gammaName = g.floats(ln + ".weight", gamma, c);
        String betaName = g.floats(ln + ".bias", beta, c);
        if (fusions.skipLayerNorm()) {
            String[] out = g.node(
                    OnnxGraph.MICROSOFT,
                    "SkipLayerNormalization",
                    Map.of("epsilon", config.layerNormEps()),
                    4,
                    x,
                    delta,
                    gammaName,
                    betaName);
            return new String[] {out[3], out[0]};
        }
        String sum = g.op("Add", x, delta);
        return new String[] {
            sum,
            g.op("LayerNormalization", Map.of("axis", -1L, "epsilon", config.layerNormEps()), sum, gammaName, betaName)
        };
    }

    private String layerNorm(String name, String x, long c) {
        String gamma = g.floats(name + ".weight", state.floats(name + ".weight", c), c);
        String beta = g.floats(name + ".bias", state.floats(name + ".bias", c), c);
        return g.op("LayerNormalization", Map.of("axis", -1L, "epsilon", config.layerNormEps()), x, gamma, beta);
    }

    /** {@code x W^T * scale + b * scale} on {@code (N, in)} rows: one {@code Gemm}. */
    private String linear(String name, String x, long out, long in, boolean bias, float scale) {
        float[] w = state.floats(name + ".weight", out, in);
        float[] b = bias ? state.floats(name + ".bias", out) : null;
        if (scale != 1f) {
            scaleInPlace(w, scale);
            if (b != null) {
                scaleInPlace(b, scale);
            }
        }
        String wName = g.floats(name + ".weight", w, out, in);
        if (b == null) {
            return g.op("Gemm", Map.of("transB", 1L), x, wName);
        }
        return g.op("Gemm", Map.of("transB", 1L), x, wName, g.floats(name + ".bias", b, out));
    }

    private static void scaleInPlace(float[] v, float scale) {
        for (int i = 0; i < v.length; i++) {
            v[i] *= scale;
        }
    }

    private String mlp(String m, StageSpec s, String x) {
        long c = s.dimEmbed();
        long hidden = s.mlpHidden();
        String h = linear(m + "fc1", x, hidden, c, true, 1f);
        String a = config.actLayer() == ActLayer.QUICK_GELU
                ? g.node(OnnxGraph.MICROSOFT, "QuickGelu", Map.of("alpha", 1.702f), 1, h)[0]
                : g.node(OnnxGraph.MICROSOFT, "Gelu", Map.of(), 1, h)[0];
        return linear(m + "fc2", a, c, hidden, true, 1f);
    }

    /** Official {@code Attention.forward} on normalised tokens {@code (B*T, C)}; returns {@code (B*T, C)}. */
    private String attention(String a, StageSpec s, String x, Grid grid) {
        long c = s.dimEmbed();
        ProjectionMethod method = s.qkvProjMethod();
        String q = x;
        String k = x;
        String v = x;
        if (method != ProjectionMethod.LINEAR) {
            String x3 = g.op("Reshape", x, grid.btc());
            String cls = grid.cls() ? slice(x3, 0, 1) : null;
            String map = mapOf(grid.cls() ? slice(x3, 1, Long.MAX_VALUE) : x3, grid.bhwc());
            // The official code never projects queries spatially for 'avg'.
            if (method == ProjectionMethod.DW_BN) {
                q = projection(a + "conv_proj_q", method, s, map, cls, s.paddingQ(), s.strideQ());
            }
            k = projection(a + "conv_proj_k", method, s, map, cls, s.paddingKv(), s.strideKv());
            v = projection(a + "conv_proj_v", method, s, map, cls, s.paddingKv(), s.strideKv());
        }
        float scale = (float) Math.pow(c, -0.5);
        q = linear(a + "proj_q", q, c, c, s.qkvBias(), scale);
        k = linear(a + "proj_k", k, c, c, s.qkvBias(), 1f);
        v = linear(a + "proj_v", v, c, c, s.qkvBias(), 1f);
        String out = fusions.attention() ? fusedAttention(q, k, v, s, grid) : standardAttention(q, k, v, s);
        return linear(a + "proj", out, c, c, true, 1f);
    }

    /** {@code com.microsoft.MultiHeadAttention} on {@code (B, T, C)}; the scale is already in q. */
    private String fusedAttention(String q, String k, String v, StageSpec s, Grid grid) {
        String out = g.node(
                        OnnxGraph.MICROSOFT,
                        "MultiHeadAttention",
                        Map.of("num_heads", (long) s.numHeads(), "scale", 1f),
                        1,
                        g.op("Reshape", q, grid.btc()),
                        g.op("Reshape", k, grid.btc()),
                        g.op("Reshape", v, grid.btc()))[0];
        return g.op("Reshape", out, g.longs(-1, s.dimEmbed()));
    }

    /** {@code softmax(q k^T) v} per head with standard operators, heads as {@code channel = head * d + i}. */
    private String standardAttention(String q, String k, String v, StageSpec s) {
        long heads = s.numHeads();
        long d = s.dimEmbed() / heads;
        String split = g.op("Concat", Map.of("axis", 0L), batch, g.longs(-1, heads, d));
        String qh = g.op("Transpose", Map.of("perm", new long[] {0, 2, 1, 3}), g.op("Reshape", q, split));
        String kt = g.op("Transpose", Map.of("perm", new long[] {0, 2, 3, 1}), g.op("Reshape", k, split));
        String vh = g.op("Transpose", Map.of("perm", new long[] {0, 2, 1, 3}), g.op("Reshape", v, split));
        String probs = g.op("Softmax", Map.of("axis", -1L), g.op("MatMul", qh, kt));
        String out = g.op("Transpose", Map.of("perm", new long[] {0, 2, 1, 3}), g.op("MatMul", probs, vh));
        return g.op("Reshape", out, g.longs(-1, s.dimEmbed()));
    }

    /**
     * Official {@code _build_projection} and the rearrange after it, with the class token put back:
     * returns {@code (B*T', C)}.
     */
    private String projection(
            String name, ProjectionMethod method, StageSpec s, String map, String cls, int padding, int stride) {
        long c = s.dimEmbed();
        long kernel = s.kernelQkv();
        String projected;
        if (method == ProjectionMethod.DW_BN) {
            float[] w = state.floats(name + ".conv.weight", c, 1, kernel, kernel);
            String bn = name + ".bn";
            float[] gamma = state.floats(bn + ".weight", c);
            float[] beta = state.floats(bn + ".bias", c);
            float[] mean = state.floats(bn + ".running_mean", c);
            float[] var = state.floats(bn + ".running_var", c);
            state.batchCounter(bn);
            float[] bias = new float[(int) c];
            int per = (int) (kernel * kernel);
            for (int ch = 0; ch < c; ch++) {
                double inv = gamma[ch] / Math.sqrt(var[ch] + BN_EPS);
                for (int t = 0; t < per; t++) {
                    w[ch * per + t] = (float) (w[ch * per + t] * inv);
                }
                bias[ch] = (float) (beta[ch] - mean[ch] * inv);
            }
            projected = g.op(
                    "Conv",
                    convAttributes(kernel, stride, padding, c),
                    map,
                    g.floats(name + ".conv.weight", w, c, 1, kernel, kernel),
                    g.floats(bn + ".bias", bias, c));
        } else {
            projected = g.op(
                    "AveragePool",
                    window(kernel, stride, padding, Map.of("ceil_mode", 1L, "count_include_pad", 1L)),
                    map);
        }
        String tokens = tokensOf(projected, c);
        if (cls != null) {
            tokens = g.op("Concat", Map.of("axis", 1L), cls, tokens);
        }
        return g.op("Reshape", tokens, g.longs(-1, c));
    }

    private static Map<String, Object> convAttributes(long kernel, long stride, long padding, long groups) {
        return window(kernel, stride, padding, Map.of("group", groups));
    }

    /** A square window's {@code kernel_shape}, {@code strides} and {@code pads}, plus the operator's own attributes. */
    private static Map<String, Object> window(long kernel, long stride, long padding, Map<String, Object> own) {
        Map<String, Object> attributes = new LinkedHashMap<>(Map.of(
                "kernel_shape",
                new long[] {kernel, kernel},
                "strides",
                new long[] {stride, stride},
                "pads",
                new long[] {padding, padding, padding, padding}));
        attributes.putAll(own);
        return attributes;
    }

    /** {@code b c h w -> b (h w) c}: a free reshape, then one transpose. */
    private String tokensOf(String map, long c) {
        return g.op("Transpose", Map.of("perm", new long[] {0, 2, 1}), g.op("Reshape", map, g.longs(0, c, -1)));
    }

    /** {@code b (h w) c -> b c h w}: tokens {@code (B, H*W, C)} or {@code (B*H*W, C)} to the map. */
    private String mapOf(String tokens, String bhwc) {
        return g.op("Transpose", Map.of("perm", new long[] {0, 3, 1, 2}), g.op("Reshape", tokens, bhwc));
    }

    /** {@code x[:, start:end, :]} of {@code (B, T, C)} tokens. */
    private String slice(String x3, long start, long end) {
        return g.op("Slice", x3, g.longs(start), g.longs(end), g.longs(1));
    }
}
