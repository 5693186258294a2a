package dev.cvt4j.train.loss;

import ai.djl.ndarray.NDArray;
import dev.cvt4j.model.Scalars;

/**
 * Label-smoothing cross-entropy as the official {@code LabelSmoothingCrossEntropy} in
 * {@code lib/core/loss.py} computes it: with {@code lp = log_softmax(x)} and {@code n} classes,
 * {@code epsilon * mean_b(-sum_c lp) / n + (1 - epsilon) * mean_b(-lp[target])}, which equals timm's
 * {@code (1 - s) * nll + s * mean_c(-lp)}.
 *
 * @param epsilon the smoothing {@code LOSS.LABEL_SMOOTHING}, in [0, 1)
 */
public record LabelSmoothingCrossEntropy(double epsilon) implements Loss {

    /** @throws IllegalArgumentException if epsilon is outside [0, 1) */
    public LabelSmoothingCrossEntropy {
        if (!(epsilon >= 0 && epsilon < 1)) {
            throw new IllegalArgumentException("label smoothing must be in [0, 1), got " + epsilon);
        }
    }

    /**
     * @param logits {@code (B, classes)}
     * @param target {@code (B)} int64 class indices
     * @return the mean loss, a float32 scalar
     * @throws IllegalArgumentException when the target is not {@code (B)}
     */
    @Override
    public NDArray forward(NDArray logits, NDArray target) {
        long classes = logits.getShape().get(1);
        NDArray logPreds = logits.logSoftmax(-1);
        NDArray smooth = logPreds.sum(new int[] {-1}).neg().mean();
        NDArray nll = new CrossEntropyLoss().forward(logits, target);
        return smooth.mul(Scalars.of(smooth, epsilon / classes)).add(nll.mul(Scalars.of(nll, 1 - epsilon)));
    }
}
