package dev.cvt4j.model;

import ai.djl.nn.Parameter;

/**
 * One entry of the model's state dict under its official name: a DJL {@link Parameter} (weights,
 * biases, BatchNorm running statistics) or a BatchNorm's {@code num_batches_tracked} counter, which
 * DJL has no parameter for.
 */
public sealed interface StateEntry {

    /**
     * A tensor held by a DJL parameter (its {@link Parameter#getArray() array}); named apart from
     * {@link dev.cvt4j.checkpoint.Tensor}, the plain-Java tensor a checkpoint holds.
     *
     * @param parameter the parameter; its array is the tensor
     */
    record ParameterArray(Parameter parameter) implements StateEntry {}

    /**
     * PyTorch's int64 0-dim {@code num_batches_tracked} buffer of a BatchNorm.
     *
     * @param projection the conv projection whose BatchNorm it counts for
     */
    record BatchCounter(ConvProjection projection) implements StateEntry {}
}
