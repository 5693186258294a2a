package dev.cvt4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/**
 * QuickGELU, {@code x * sigmoid(1.702 * x)}: the activation of the official CvT
 * ({@code QuickGELU} in {@code lib/models/cls_cvt.py}), a cheap approximation of GELU.
 */
public final class QuickGelu {
    private QuickGelu() {}

    /**
     * @param x any shape
     * @return {@code x * sigmoid(1.702 x)}, same shape, allocated in {@code x}'s manager
     */
    public static NDArray apply(NDArray x) {
        return x.mul(Activation.sigmoid(x.mul(Scalars.of(x, 1.702))));
    }
}
