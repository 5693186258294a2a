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
 * The transformer block's feed-forward network (official {@code Mlp}, after timm):
 * {@code fc1 -> act -> drop -> fc2 -> drop}, hidden width {@code int(C * MLP_RATIO)}. Tokens are
 * independent here, so the MLP runs on blocks of tokens (the result is the same); see
 * {@link #HIDDEN_PER_CHUNK}.
 */
public final class Mlp extends AbstractBlock {
    /**
     * Hidden activations computed at once, at most (one token row at least): 2^20 floats, 4 MiB, so that
     * they stay in cache between {@code fc1}, the activation and {@code fc2} instead of streaming through
     * memory three times (stage 0 of CvT-13 at 224, batch 32: 100,352 x 256 floats, 103 MB, otherwise).
     */
    static final long HIDDEN_PER_CHUNK = 1L << 20;

    private final Linear fc1;
    private final Linear fc2;
    private final Dropout drop;
    private final ActLayer act;
    private final int hidden;

    /**
     * @param spec the stage (width, MLP ratio, {@code DROP_RATE})
     * @param act the activation
     */
    public Mlp(StageSpec spec, ActLayer act) {
        this.act = act;
        hidden = spec.mlpHidden();
        fc1 = addChildBlock("fc1", Layers.linear(hidden, true));
        fc2 = addChildBlock("fc2", Layers.linear(spec.dimEmbed(), true));
        drop = addChildBlock("drop", Layers.dropout(spec.dropRate()));
    }

    /** Official {@code fc1}, {@code C -> hidden}. */
    public Linear fc1() {
        return fc1;
    }

    /** Official {@code fc2}, {@code hidden -> C}. */
    public Linear fc2() {
        return fc2;
    }

    /**
     * Runs the MLP on blocks of at most {@link #HIDDEN_PER_CHUNK} hidden activations (whole when they
     * fit); each block's hidden activations are freed once {@code fc2} has used them.
     *
     * @param inputs tokens {@code (B, T, C)}
     * @return tokens {@code (B, T, C)}
     */
    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Shape s = x.getShape();
        NDArray flat = x.reshape(s.get(0) * s.get(1), s.get(2));
        long rows = flat.getShape().get(0);
        long chunk = Math.max(1, HIDDEN_PER_CHUNK / hidden);
        NDList outs = new NDList();
        for (long r = 0; r < rows; r += chunk) {
            NDArray part = rows <= chunk ? flat : flat.get(new NDIndex("{}:{}", r, Math.min(rows, r + chunk)));
            NDArray h = fc1.forward(ps, new NDList(part), training).singletonOrThrow();
            NDArray a = act.apply(h);
            h.close();
            NDArray dropped = drop.forward(ps, new NDList(a), training).singletonOrThrow();
            outs.add(fc2.forward(ps, new NDList(dropped), training).singletonOrThrow());
            a.close();
            if (dropped != a) {
                dropped.close();
            }
        }
        NDArray out = Layers.concat(outs, 0);
        return drop.forward(ps, new NDList(out.reshape(s)), training);
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        fc1.initialize(manager, dataType, inputShapes);
        fc2.initialize(manager, dataType, fc1.getOutputShapes(inputShapes));
    }
}
