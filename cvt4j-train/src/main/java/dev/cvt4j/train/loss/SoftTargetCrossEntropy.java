package dev.cvt4j.train.loss;

import ai.djl.ndarray.NDArray;

/**
 * Cross-entropy against probability targets (official {@code SoftTargetCrossEntropy} in
 * {@code lib/core/loss.py}, identical to timm's): {@code mean over the batch of sum_c(-target * log_softmax(x))}.
 * The loss for Mixup/CutMix batches, whose targets are mixed (and smoothed) one-hot vectors.
 */
public record SoftTargetCrossEntropy() implements Loss {

    /**
     * @param logits {@code (B, classes)}
     * @param target {@code (B, classes)} float32 probabilities
     * @return the mean loss, a float32 scalar
     * @throws IllegalArgumentException when the shapes differ
     */
    @Override
    public NDArray forward(NDArray logits, NDArray target) {
        if (!target.getShape().equals(logits.getShape())) {
            throw new IllegalArgumentException(
                    "soft targets " + target.getShape() + " do not match logits " + logits.getShape());
        }
        return target.neg().mul(logits.logSoftmax(-1)).sum(new int[] {-1}).mean();
    }
}
