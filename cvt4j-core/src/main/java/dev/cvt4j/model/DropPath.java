package dev.cvt4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Stochastic depth (Huang et al. 2016) as timm's {@code DropPath}, used by the official Block: in
 * training, each sample's residual branch is zeroed with probability {@code rate} and the survivors
 * are scaled by {@code 1 / (1 - rate)}; in evaluation it is the identity.
 */
public final class DropPath extends AbstractBlock {
    private final float rate;

    /**
     * @param rate drop probability in {@code [0, 1)}
     */
    public DropPath(double rate) {
        this.rate = (float) rate;
    }

    /** The drop probability. */
    public float rate() {
        return rate;
    }

    /**
     * @param inputs one array {@code (B, ...)}
     * @return the same shape; per-sample masked and rescaled in training
     */
    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        if (!training || rate == 0f) {
            return inputs;
        }
        float keep = 1f - rate;
        long[] maskShape = new long[x.getShape().dimension()];
        java.util.Arrays.fill(maskShape, 1);
        maskShape[0] = x.getShape().get(0);
        NDArray mask = x.getManager()
                .randomUniform(0f, 1f, new Shape(maskShape), DataType.FLOAT32)
                .add(keep)
                .floor();
        return new NDList(x.div(Scalars.of(x, keep)).mul(mask));
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }
}
