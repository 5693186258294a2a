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
     * @return {@code x * sigmoid(1.702 x)}, same shape, allocated in {@code x}'s manager; the
     *     temporaries are freed at once (autograd keeps what backward needs), so the activation holds
     *     at most two arrays of {@code x}'s size at a time
     */
    public static NDArray apply(NDArray x) {
        NDArray scaled = x.mul(Scalars.of(x, 1.702));
        NDArray gate = Activation.sigmoid(scaled);
        scaled.close();
        NDArray out = x.mul(gate);
        gate.close();
        return out;
    }
}
