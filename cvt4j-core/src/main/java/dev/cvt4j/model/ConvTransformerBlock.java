package dev.cvt4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.cvt4j.config.CvtConfig;
import dev.cvt4j.config.GridSize;
import dev.cvt4j.config.StageSpec;

/**
 * The Convolutional Transformer Block (paper figure 2, official {@code Block}), pre-norm with
 * residuals and stochastic depth: {@code x = x + drop_path(attn(norm1(x)))}, then
 * {@code x = x + drop_path(mlp(norm2(x)))}.
 */
public final class ConvTransformerBlock extends AbstractBlock {
    private final LayerNorm norm1;
    private final ConvAttention attn;
    private final DropPath dropPath;
    private final LayerNorm norm2;
    private final Mlp mlp;

    /**
     * @param spec the stage
     * @param dropPathRate this block's stochastic-depth probability ({@link StageSpec#blockDropPath})
     * @param config the model (activation, LayerNorm epsilon)
     */
    public ConvTransformerBlock(StageSpec spec, double dropPathRate, CvtConfig config) {
        norm1 = addChildBlock("norm1", Layers.layerNorm(config.layerNormEps()));
        attn = addChildBlock("attn", new ConvAttention(spec));
        dropPath = addChildBlock("drop_path", new DropPath(dropPathRate));
        norm2 = addChildBlock("norm2", Layers.layerNorm(config.layerNormEps()));
        mlp = addChildBlock("mlp", new Mlp(spec, config.actLayer()));
    }

    /** Official {@code norm1}, before attention. */
    public LayerNorm norm1() {
        return norm1;
    }

    /** Official {@code attn}. */
    public ConvAttention attn() {
        return attn;
    }

    /** Official {@code drop_path}. */
    public DropPath dropPath() {
        return dropPath;
    }

    /** Official {@code norm2}, before the MLP. */
    public LayerNorm norm2() {
        return norm2;
    }

    /** Official {@code mlp}. */
    public Mlp mlp() {
        return mlp;
    }

    /**
     * @param inputs tokens {@code (B, T, C)}, {@code T = [1 +] H*W}
     * @param params must carry the {@link GridSize} H, W
     * @return tokens {@code (B, T, C)}
     */
    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDList a = attn.forward(ps, norm1.forward(ps, inputs, training), training, params);
        x = x.add(dropPath.forward(ps, a, training).singletonOrThrow());
        NDList m = mlp.forward(ps, norm2.forward(ps, new NDList(x), training), training);
        return new NDList(x.add(dropPath.forward(ps, m, training).singletonOrThrow()));
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        norm1.initialize(manager, dataType, inputShapes);
        attn.initialize(manager, dataType, inputShapes);
        norm2.initialize(manager, dataType, inputShapes);
        mlp.initialize(manager, dataType, inputShapes);
    }
}
