package dev.cvt4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;

/**
 * Factories for the DJL layers the CvT blocks are made of, configured as PyTorch's defaults that the
 * official code relies on (LayerNorm over the last axis of {@code (B, T, C)} tokens with a learnable
 * scale and shift; Linear with {@code (out, in)} weights).
 */
final class Layers {
    private Layers() {}

    /** LayerNorm over the channel axis of {@code (B, T, C)} tokens. */
    static LayerNorm layerNorm(double eps) {
        return LayerNorm.builder().axis(2).optEpsilon((float) eps).build();
    }

    /** A fully connected layer with {@code units} outputs. */
    static Linear linear(int units, boolean bias) {
        return Linear.builder().setUnits(units).optBias(bias).build();
    }

    /** Dropout with the given rate (identity in evaluation). */
    static Dropout dropout(double rate) {
        return Dropout.builder().optRate((float) rate).build();
    }

    /**
     * Applies a linear layer to tokens as one matrix: {@code (B, T, C)} is viewed as {@code (B*T, C)}, so
     * that PyTorch runs one {@code addmm} with the bias fused instead of {@code matmul} and {@code add_}
     * (what it does for 3-D inputs); the values are the same up to float rounding.
     *
     * @param linear the layer
     * @param ps parameter store
     * @param tokens {@code (B, T, C)}
     * @param training training mode
     * @return {@code (B, T, units)}
     */
    static NDArray onTokens(Linear linear, ParameterStore ps, NDArray tokens, boolean training) {
        Shape s = tokens.getShape();
        NDArray flat = tokens.reshape(s.get(0) * s.get(1), s.get(2));
        NDArray out = linear.forward(ps, new NDList(flat), training).singletonOrThrow();
        return out.reshape(s.get(0), s.get(1), out.getShape().get(1));
    }

    /**
     * Joins the pieces of a chunked computation (attention, MLP) along {@code axis}; a single piece is
     * returned as it is, without a copy.
     *
     * @param parts at least one array, same shape except along {@code axis}
     * @param axis the axis the pieces were split along
     * @return the joined array
     */
    static NDArray concat(NDList parts, int axis) {
        return parts.size() == 1 ? parts.head() : NDArrays.concat(parts, axis);
    }
}
