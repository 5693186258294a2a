package dev.cvt4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.cvt4j.config.ActLayer;
import dev.cvt4j.config.StageSpec;

/**
 * The transformer block's feed-forward network (official {@code Mlp}, after timm):
 * {@code fc1 -> act -> drop -> fc2 -> drop}, hidden width {@code int(C * MLP_RATIO)}. Tokens are
 * independent here, so the MLP runs on blocks of tokens ({@link Chunks}; the result is the same).
 */
public final class Mlp extends AbstractBlock {
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
     * Official {@code Mlp.forward}, on blocks of tokens whose hidden activations fit {@link Chunks#FLOATS}
     * (whole when they fit); each block's hidden activations are freed once {@code fc2} has used them.
     *
     * @param inputs tokens {@code (B, T, C)}
     * @return tokens {@code (B, T, C)}
     */
    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow(); // (B, T, C)
        Shape s = x.getShape();
        NDArray rows = x.reshape(s.get(0) * s.get(1), s.get(2)); // (B*T, C): tokens are independent
        long n = rows.getShape().get(0);
        NDArray y = Chunks.concat(n, Chunks.rows(n, hidden, Chunks.FLOATS), 0, (from, to) -> {
            NDArray part = Chunks.slice(rows, 0, from, to); // (n, C)
            // x = fc1(x): (n, hidden)
            NDArray h = fc1.forward(ps, new NDList(part), training).singletonOrThrow();
            NDArray a = activation(h); // x = act(x): (n, hidden)
            h.close();
            // x = drop(x); x = fc2(x): (n, C)
            NDArray dropped = drop.forward(ps, new NDList(a), training).singletonOrThrow();
            NDArray out = fc2.forward(ps, new NDList(dropped), training).singletonOrThrow();
            a.close();
            if (dropped != a) {
                dropped.close();
            }
            return out;
        });
        return drop.forward(ps, new NDList(y.reshape(s)), training); // x = drop(x): (B, T, C)
    }

    /**
     * The activation {@code act_layer} of the official {@code Mlp}, element-wise.
     *
     * @param x any shape
     * @return same shape as {@code x}: QuickGELU ({@link QuickGelu}) or the exact (erf) GELU
     */
    private NDArray activation(NDArray x) {
        return act == ActLayer.QUICK_GELU ? QuickGelu.apply(x) : Activation.gelu(x);
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
