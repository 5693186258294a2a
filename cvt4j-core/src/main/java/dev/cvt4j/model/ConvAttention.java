package dev.cvt4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.cvt4j.config.GridSize;
import dev.cvt4j.config.ProjectionMethod;
import dev.cvt4j.config.StageSpec;

/**
 * Multi-head self-attention with convolutional projection (paper section 3.2, official
 * {@code Attention}): the class token (if any) is split off, the remaining tokens are laid out as a
 * {@code (B, C, H, W)} map and projected by {@link ConvProjection}s (stride {@code STRIDE_Q} for q,
 * {@code STRIDE_KV} for k and v), the class token is prepended again, then linear layers
 * {@code proj_q/k/v}, scaled dot-product attention per head and the output projection {@code proj}.
 *
 * <p>As in the official code, the scores are scaled by {@code DIM_EMBED^-0.5} (the full width, not
 * the head width), and heads split channels as {@code channel = head * head_dim + i}; the scale is
 * applied to the queries before the product, which equals the official order up to float rounding.
 *
 * <p>An {@link AttentionProbe} targeting this module among the forward parameters receives the
 * softmax probabilities {@code (B, heads, Tq, Tkv)}; the output is the same with or without one.
 */
public final class ConvAttention extends AbstractBlock {
    private final StageSpec spec;
    private final int numHeads;
    private final float scale;
    private final boolean withClsToken;
    private final ConvProjection convProjQ;
    private final ConvProjection convProjK;
    private final ConvProjection convProjV;
    private final Linear projQ;
    private final Linear projK;
    private final Linear projV;
    private final Dropout attnDrop;
    private final Linear proj;
    private final Dropout projDrop;

    /**
     * @param spec the stage (width, heads, projection method, kernel, strides, paddings, bias, dropout)
     */
    public ConvAttention(StageSpec spec) {
        this.spec = spec;
        int dim = spec.dimEmbed();
        numHeads = spec.numHeads();
        scale = (float) Math.pow(dim, -0.5);
        withClsToken = spec.clsToken();
        ProjectionMethod method = spec.qkvProjMethod();
        convProjQ = projection("conv_proj_q", method.forQueries(), spec, spec.paddingQ(), spec.strideQ());
        convProjK = projection("conv_proj_k", method, spec, spec.paddingKv(), spec.strideKv());
        convProjV = projection("conv_proj_v", method, spec, spec.paddingKv(), spec.strideKv());
        projQ = addChildBlock("proj_q", Layers.linear(dim, spec.qkvBias()));
        projK = addChildBlock("proj_k", Layers.linear(dim, spec.qkvBias()));
        projV = addChildBlock("proj_v", Layers.linear(dim, spec.qkvBias()));
        attnDrop = addChildBlock("attn_drop", Layers.dropout(spec.attnDropRate()));
        proj = addChildBlock("proj", Layers.linear(dim, true));
        projDrop = addChildBlock("proj_drop", Layers.dropout(spec.dropRate()));
    }

    private ConvProjection projection(String name, ProjectionMethod method, StageSpec spec, int padding, int stride) {
        if (method == ProjectionMethod.LINEAR) {
            return null;
        }
        return addChildBlock(name, new ConvProjection(method, spec.dimEmbed(), spec.kernelQkv(), padding, stride));
    }

    /** Official {@code conv_proj_q}; null when queries are not projected spatially. */
    public ConvProjection convProjQ() {
        return convProjQ;
    }

    /** Official {@code conv_proj_k}; null for the linear method. */
    public ConvProjection convProjK() {
        return convProjK;
    }

    /** Official {@code conv_proj_v}; null for the linear method. */
    public ConvProjection convProjV() {
        return convProjV;
    }

    /** Official {@code proj_q}. */
    public Linear projQ() {
        return projQ;
    }

    /** Official {@code proj_k}. */
    public Linear projK() {
        return projK;
    }

    /** Official {@code proj_v}. */
    public Linear projV() {
        return projV;
    }

    /** Official {@code proj}, the output projection. */
    public Linear proj() {
        return proj;
    }

    /**
     * Official {@code Attention.forward}, step by step.
     *
     * @param inputs one array of tokens {@code (B, T, C)}, {@code T = [1 +] H*W}
     * @param params must carry the {@link GridSize} H, W; may carry an {@link AttentionProbe}
     * @return tokens {@code (B, Tq, C)}; {@code Tq = T} in every official model ({@code STRIDE_Q} 1)
     */
    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow(); // (B, T, C)
        GridSize grid = GridParam.from(params);
        NDList qkv = forwardConv(ps, x, grid, training); // q (B, Tq, C); k, v (B, Tkv, C)
        // q = rearrange(proj_q(q), 'b t (h d) -> b h t d'), scaled by C^-0.5 here rather than the scores
        // (the same product up to rounding, on Tq x C values instead of heads x Tq x Tkv)
        NDArray qs = Layers.onTokens(projQ, ps, qkv.get(0), training);
        NDArray q = heads(qs.mul(Scalars.of(qs, scale))); // (B, heads, Tq, d)
        NDArray k = heads(Layers.onTokens(projK, ps, qkv.get(1), training)); // (B, heads, Tkv, d)
        NDArray v = heads(Layers.onTokens(projV, ps, qkv.get(2), training)); // (B, heads, Tkv, d)
        AttentionProbe probe = AttentionProbe.lookup(params, this);
        NDList maps = probe == null ? null : new NDList();
        // attn = attn_drop(softmax(q k^T)); x = attn v
        NDArray out = attend(ps, q, k, v, training, maps, Chunks.FLOATS); // (B, heads, Tq, d)
        if (probe != null) {
            capture(probe, Layers.concat(maps, 0), grid);
        }
        out = out.transpose(0, 2, 1, 3); // (B, Tq, heads, d)
        Shape s = out.getShape();
        out = out.reshape(s.get(0), s.get(1), s.get(2) * s.get(3)); // 'b h t d -> b t (h d)': (B, Tq, C)
        out = Layers.onTokens(proj, ps, out, training); // x = proj(x): (B, Tq, C)
        return projDrop.forward(ps, new NDList(out), training); // x = proj_drop(x)
    }

    /**
     * Official {@code forward_conv}: the class token is split off, the tokens laid out as a map and
     * projected by {@code conv_proj_q/k/v} (the tokens themselves for a linear projection), and the
     * class token prepended again.
     *
     * @param x tokens {@code (B, T, C)}
     * @param grid the map size H, W of the non-class tokens
     * @return q {@code (B, Tq, C)}, k and v {@code (B, Tkv, C)}
     */
    private NDList forwardConv(ParameterStore ps, NDArray x, GridSize grid, boolean training) {
        if (convProjQ == null && convProjK == null) {
            return new NDList(x, x, x);
        }
        NDArray cls = null;
        NDArray tokens = x; // (B, H*W, C)
        if (withClsToken) {
            NDList parts = x.split(new long[] {1}, 1);
            cls = parts.get(0); // (B, 1, C)
            tokens = parts.get(1);
        }
        NDArray map = Tokens.toMap(tokens, grid); // 'b (h w) c -> b c h w': (B, C, H, W)
        return new NDList(
                project(ps, convProjQ, map, tokens, cls, training),
                project(ps, convProjK, map, tokens, cls, training),
                project(ps, convProjV, map, tokens, cls, training));
    }

    /**
     * {@code attn_drop(softmax(q k^T)) v}, in parts whose scores fit {@code budget} ({@link Chunks}):
     * whole images while they fit, else one image at a time in blocks of queries. Every query row sees
     * all keys, so the result is the one of the whole product. Each part's scores are freed as soon as
     * they are used (autograd keeps its own reference where training needs them), so the next part
     * reuses the same, still cached, memory and the peak stays at one part.
     *
     * @param qh scaled queries {@code (B, heads, Tq, d)}
     * @param kh keys {@code (B, heads, Tkv, d)}
     * @param vh values {@code (B, heads, Tkv, d)}
     * @param maps when not null, receives the probabilities {@code (B, heads, Tq, Tkv)} in batch order
     * @param budget scores per part, {@link Chunks#FLOATS} in the forward pass
     * @return {@code (B, heads, Tq, d)}
     */
    NDArray attend(ParameterStore ps, NDArray qh, NDArray kh, NDArray vh, boolean training, NDList maps, long budget) {
        long images = qh.getShape().get(0);
        long queries = qh.getShape().get(2);
        long scoresPerQuery = qh.getShape().get(1) * kh.getShape().get(2);
        long imageChunk = Chunks.rows(images, scoresPerQuery * queries, budget);
        long queryChunk = imageChunk > 1 ? queries : Chunks.rows(queries, scoresPerQuery, budget);
        return Chunks.concat(images, imageChunk, 0, (i, iEnd) -> {
            NDArray kt = Chunks.slice(kh, 0, i, iEnd).transpose(0, 1, 3, 2); // (b, heads, d, Tkv)
            NDArray v = Chunks.slice(vh, 0, i, iEnd); // (b, heads, Tkv, d)
            NDArray q = Chunks.slice(qh, 0, i, iEnd); // (b, heads, Tq, d)
            NDList rowMaps = new NDList();
            NDArray rows = Chunks.concat(queries, queryChunk, 2, (j, jEnd) -> {
                NDArray scores = Chunks.slice(q, 2, j, jEnd).matMul(kt); // (b, heads, tq, Tkv)
                NDArray probs = scores.softmax(-1); // attn = softmax(attn_score)
                scores.close();
                NDArray dropped =
                        attnDrop.forward(ps, new NDList(probs), training).singletonOrThrow();
                NDArray out = dropped.matMul(v); // x = attn v: (b, heads, tq, d)
                if (dropped != probs) {
                    dropped.close();
                }
                if (maps != null) {
                    rowMaps.add(probs);
                } else {
                    probs.close();
                }
                return out;
            });
            if (maps != null) {
                maps.add(Layers.concat(rowMaps, 2));
            }
            return rows;
        });
    }

    private void capture(AttentionProbe probe, NDArray attn, GridSize grid) {
        ProjectionMethod method = spec.qkvProjMethod();
        GridSize queryGrid = grid.projected(method.forQueries(), spec.kernelQkv(), spec.strideQ(), spec.paddingQ());
        GridSize keyGrid = grid.projected(method, spec.kernelQkv(), spec.strideKv(), spec.paddingKv());
        probe.record(attn, queryGrid, keyGrid, withClsToken);
    }

    private static NDArray project(
            ParameterStore ps, ConvProjection projection, NDArray map, NDArray tokens, NDArray cls, boolean training) {
        NDArray projected = projection == null
                ? tokens
                : projection.forward(ps, new NDList(map), training).singletonOrThrow();
        return cls == null ? projected : cls.concat(projected, 1);
    }

    /** {@code b t (h d) -> b h t d}. */
    private NDArray heads(NDArray x) {
        Shape s = x.getShape();
        return x.reshape(s.get(0), s.get(1), numHeads, s.get(2) / numHeads).transpose(0, 2, 1, 3);
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape tokens = inputShapes[0];
        int c = (int) tokens.get(2);
        // Projection parameters depend only on the channel count; any map size initialises them.
        Shape map = new Shape(tokens.get(0), c, 8, 8);
        for (ConvProjection p : new ConvProjection[] {convProjQ, convProjK, convProjV}) {
            if (p != null) {
                p.initialize(manager, dataType, map);
            }
        }
        for (Linear l : new Linear[] {projQ, projK, projV, proj}) {
            l.initialize(manager, dataType, tokens);
        }
    }
}
