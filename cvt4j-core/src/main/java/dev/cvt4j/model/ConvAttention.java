package dev.cvt4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

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
    /**
     * Attention scores computed at once, at most (one query row at least): 2^20 floats, 4 MiB. Batches
     * are attended in chunks of images, and an image whose scores exceed this in blocks of queries, so
     * that the scores stay in cache between the product, the softmax and the second product instead of
     * streaming through memory (stage 0 of CvT-13 at 224 has 3136 x 784 scores per image: 9.8 MB; a batch
     * of 32 would need 315 MB at once).
     */
    static final long SCORES_PER_CHUNK = 1L << 20;

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
        // The official code never projects queries spatially for 'avg'.
        ProjectionMethod qMethod = method == ProjectionMethod.AVG ? ProjectionMethod.LINEAR : method;
        convProjQ = projection("conv_proj_q", qMethod, spec, spec.paddingQ(), spec.strideQ());
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
     * @param inputs one array of tokens {@code (B, T, C)}, {@code T = [1 +] H*W}
     * @param params must carry the {@link GridSize} H, W; may carry an {@link AttentionProbe}
     * @return tokens {@code (B, T, C)}
     */
    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray q = x;
        NDArray k = x;
        NDArray v = x;
        if (convProjQ != null || convProjK != null) {
            NDArray cls = null;
            NDArray tokens = x;
            if (withClsToken) {
                NDList parts = x.split(new long[] {1}, 1);
                cls = parts.get(0);
                tokens = parts.get(1);
            }
            NDArray map = Tokens.toMap(tokens, GridSize.from(params));
            q = project(ps, convProjQ, map, tokens, cls, training);
            k = project(ps, convProjK, map, tokens, cls, training);
            v = project(ps, convProjV, map, tokens, cls, training);
        }
        // Scaling the queries instead of the scores (as the official code does) is the same product up to
        // rounding and touches Tq x C values instead of heads x Tq x Tkv (stage 0: 12x fewer).
        NDArray qs = Layers.onTokens(projQ, ps, q, training);
        NDArray qh = heads(qs.mul(Scalars.of(qs, scale)));
        NDArray kh = heads(Layers.onTokens(projK, ps, k, training));
        NDArray vh = heads(Layers.onTokens(projV, ps, v, training));
        AttentionProbe probe = AttentionProbe.lookup(params, this);
        NDList maps = probe == null ? null : new NDList();
        NDArray out = attend(ps, qh, kh, vh, training, maps).transpose(0, 2, 1, 3);
        if (probe != null) {
            capture(probe, Layers.concat(maps, 0), GridSize.from(params));
        }
        Shape s = out.getShape();
        out = out.reshape(s.get(0), s.get(1), s.get(2) * s.get(3));
        return projDrop.forward(ps, new NDList(Layers.onTokens(proj, ps, out, training)), training);
    }

    /**
     * {@code softmax(q k^T) v} in chunks of at most {@link #SCORES_PER_CHUNK} scores: whole images while
     * they fit, else one image at a time in blocks of queries. Every query row sees all keys, so the
     * result is the one of the unchunked product. Each chunk's scores are freed as soon as they are used
     * (autograd keeps its own reference where training needs them), so the next chunk reuses the
     * same, still cached, memory and the peak stays at one chunk.
     *
     * @param qh scaled queries {@code (B, heads, Tq, d)}
     * @param kh keys {@code (B, heads, Tkv, d)}
     * @param vh values {@code (B, heads, Tkv, d)}
     * @param maps when not null, receives the probabilities {@code (B, heads, Tq, Tkv)} in batch order
     * @return {@code (B, heads, Tq, d)}
     */
    private NDArray attend(ParameterStore ps, NDArray qh, NDArray kh, NDArray vh, boolean training, NDList maps) {
        long images = qh.getShape().get(0);
        long queries = qh.getShape().get(2);
        long scoresPerQuery = qh.getShape().get(1) * kh.getShape().get(2);
        long imageChunk = Math.max(1, Math.min(images, SCORES_PER_CHUNK / (scoresPerQuery * queries)));
        long queryChunk = imageChunk > 1 ? queries : Math.max(1, Math.min(queries, SCORES_PER_CHUNK / scoresPerQuery));
        NDList outs = new NDList();
        for (long i = 0; i < images; i += imageChunk) {
            long iEnd = Math.min(images, i + imageChunk);
            NDArray kt = kh.get(new NDIndex("{}:{}", i, iEnd)).transpose(0, 1, 3, 2);
            NDArray v = vh.get(new NDIndex("{}:{}", i, iEnd));
            NDList rows = new NDList();
            NDList rowMaps = new NDList();
            for (long j = 0; j < queries; j += queryChunk) {
                NDIndex part = new NDIndex("{}:{}, :, {}:{}", i, iEnd, j, Math.min(queries, j + queryChunk));
                NDArray scores = qh.get(part).matMul(kt);
                NDArray probs = scores.softmax(-1);
                scores.close();
                NDArray dropped = attnDrop.forward(ps, new NDList(probs), training).singletonOrThrow();
                rows.add(dropped.matMul(v));
                if (dropped != probs) {
                    dropped.close();
                }
                if (maps != null) {
                    rowMaps.add(probs);
                } else {
                    probs.close();
                }
            }
            outs.add(Layers.concat(rows, 2));
            if (maps != null) {
                maps.add(Layers.concat(rowMaps, 2));
            }
        }
        return Layers.concat(outs, 0);
    }

    private void capture(AttentionProbe probe, NDArray attn, GridSize grid) {
        ProjectionMethod method = spec.qkvProjMethod();
        ProjectionMethod qMethod = convProjQ == null ? ProjectionMethod.LINEAR : method;
        GridSize queryGrid = grid.projected(qMethod, spec.kernelQkv(), spec.strideQ(), spec.paddingQ());
        GridSize keyGrid = grid.projected(method, spec.kernelQkv(), spec.strideKv(), spec.paddingKv());
        probe.record(attn, queryGrid, keyGrid, withClsToken);
    }

    private static NDArray project(ParameterStore ps, ConvProjection projection, NDArray map, NDArray tokens,
            NDArray cls, boolean training) {
        NDArray projected = projection == null ? tokens
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
