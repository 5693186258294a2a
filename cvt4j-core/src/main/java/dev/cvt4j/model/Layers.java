package dev.cvt4j.model;

import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;

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
}
