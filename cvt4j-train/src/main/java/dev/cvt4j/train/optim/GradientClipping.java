package dev.cvt4j.train.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Parameter;
import java.util.Collection;

/**
 * {@code torch.nn.utils.clip_grad_norm_(parameters, max_norm)} with the 2-norm, as PyTorch 1.13
 * computes it: the total norm is the 2-norm of the per-parameter gradient 2-norms; every gradient is
 * multiplied in place by {@code min(1, max_norm / (total + 1e-6))} (in float32). Non-finite norms are
 * not an error ({@code error_if_nonfinite=False}).
 */
public final class GradientClipping {
    private GradientClipping() {}

    /**
     * @param parameters parameters whose arrays hold gradients
     * @param maxNorm the largest total norm allowed, positive
     * @return the total gradient norm before clipping
     * @throws IllegalArgumentException if {@code maxNorm} is not positive or there are no parameters
     */
    public static double clipGradNorm(Collection<Parameter> parameters, double maxNorm) {
        if (!(maxNorm > 0) || parameters.isEmpty()) {
            throw new IllegalArgumentException("clipping needs parameters and a positive max norm, got " + maxNorm);
        }
        try (NDScope scope = new NDScope()) {
            NDList grads = new NDList();
            NDList norms = new NDList();
            for (Parameter p : parameters) {
                NDArray g = p.getArray().getGradient();
                grads.add(g);
                norms.add(g.norm());
            }
            float total = NDArrays.stack(norms).norm().getFloat();
            float coefficient = Math.min(1f, 1f / (total + 1e-6f) * (float) maxNorm);
            for (NDArray g : grads) {
                g.muli(coefficient);
            }
            return total;
        }
    }
}
