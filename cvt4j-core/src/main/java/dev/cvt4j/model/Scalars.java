package dev.cvt4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Scalar constants for arithmetic that autograd records. DJL's {@code NDArray.mul(Number)} (and
 * {@code div}, {@code add}, ... with a number) wraps the number in a tensor over a Java direct buffer
 * and closes it right after the operation; autograd keeps that tensor for the backward pass (e.g.
 * {@code MulBackward} saves the other factor), and once the garbage collector has freed the buffer,
 * backward reads freed memory: gradients turn into garbage or NaN at random steps. A tensor made
 * by libtorch ({@code torch.full}) owns its storage, so every scalar in a differentiable forward pass
 * is made here.
 */
public final class Scalars {
    private Scalars() {}

    /**
     * A 0-dim array holding {@code value}, made by libtorch.
     *
     * @param like gives the manager, data type and device
     * @param value the constant
     * @return a 0-dim array of {@code like}'s data type in {@code like}'s manager
     */
    public static NDArray of(NDArray like, double value) {
        return like.getManager().full(new Shape(), (float) value, like.getDataType());
    }
}
