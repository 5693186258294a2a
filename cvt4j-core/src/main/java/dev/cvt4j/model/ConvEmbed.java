package dev.cvt4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.cvt4j.config.GridSize;
import dev.cvt4j.config.StageSpec;

/**
 * Convolutional token embedding (paper section 3.1, official {@code ConvEmbed}): a strided
 * convolution with bias ({@code proj}) followed by LayerNorm over channels at each position
 * ({@code norm}). It downsamples the map and widens it to the stage's {@code DIM_EMBED}.
 */
public final class ConvEmbed extends AbstractBlock {
    private final Conv2d proj;
    private final LayerNorm norm;

    /**
     * @param spec the stage ({@code PATCH_SIZE}, {@code PATCH_STRIDE}, {@code PATCH_PADDING},
     *     {@code DIM_EMBED})
     * @param layerNormEps LayerNorm epsilon
     */
    public ConvEmbed(StageSpec spec, double layerNormEps) {
        int k = spec.patchSize();
        int s = spec.patchStride();
        int p = spec.patchPadding();
        proj = addChildBlock(
                "proj",
                Conv2d.builder()
                        .setKernelShape(new Shape(k, k))
                        .optStride(new Shape(s, s))
                        .optPadding(new Shape(p, p))
                        .setFilters(spec.dimEmbed())
                        .build());
        norm = addChildBlock("norm", Layers.layerNorm(layerNormEps));
    }

    /** The strided convolution, official {@code proj}. */
    public Conv2d proj() {
        return proj;
    }

    /** The LayerNorm over channels, official {@code norm}. */
    public LayerNorm norm() {
        return norm;
    }

    /**
     * @param inputs one map {@code (B, C_in, H, W)}
     * @return one map {@code (B, C, H', W')} with {@code H' = (H + 2p - k) / s + 1}
     */
    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray map = proj.forward(ps, inputs, training).singletonOrThrow();
        Shape s = map.getShape();
        NDArray tokens =
                norm.forward(ps, new NDList(Tokens.fromMap(map)), training).singletonOrThrow();
        return new NDList(Tokens.toMap(tokens, new GridSize((int) s.get(2), (int) s.get(3))));
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return proj.getOutputShapes(inputShapes);
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        proj.initialize(manager, dataType, inputShapes);
        Shape out = proj.getOutputShapes(inputShapes)[0];
        norm.initialize(manager, dataType, new Shape(out.get(0), out.get(2) * out.get(3), out.get(1)));
    }
}
