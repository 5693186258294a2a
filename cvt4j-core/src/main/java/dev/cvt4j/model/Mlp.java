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

/**
 * The transformer block's feed-forward network (official {@code Mlp}, after timm):
 * {@code fc1 -> act -> drop -> fc2 -> drop}, hidden width {@code int(C * MLP_RATIO)}.
 */
public final class Mlp extends AbstractBlock {
    private final Linear fc1;
    private final Linear fc2;
    private final Dropout drop;
    private final ActLayer act;

    /**
     * @param spec the stage (width, MLP ratio, {@code DROP_RATE})
     * @param act the activation
     */
    public Mlp(StageSpec spec, ActLayer act) {
        this.act = act;
        fc1 = addChildBlock("fc1", Layers.linear(spec.mlpHidden(), true));
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
     * @param inputs tokens {@code (B, T, C)}
     * @return tokens {@code (B, T, C)}
     */
    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray h = Layers.onTokens(fc1, ps, inputs.singletonOrThrow(), training);
        h = drop.forward(ps, new NDList(act.apply(h)), training).singletonOrThrow();
        return drop.forward(ps, new NDList(Layers.onTokens(fc2, ps, h, training)), training);
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
