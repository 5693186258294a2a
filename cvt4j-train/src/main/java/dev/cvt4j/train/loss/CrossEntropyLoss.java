package dev.cvt4j.train.loss;

import ai.djl.ndarray.NDArray;

/**
 * {@code torch.nn.CrossEntropyLoss()} with class-index targets and the default mean reduction:
 * {@code mean over the batch of -log_softmax(x)[target]}. The negative log-likelihood is picked with a
 * one-hot mask, which is exact (every other term is a product with 0).
 */
public record CrossEntropyLoss() implements Loss {

    /**
     * @param logits {@code (B, classes)}
     * @param target {@code (B)} int64 class indices in {@code [0, classes)}
     * @return the mean loss, a float32 scalar
     * @throws IllegalArgumentException when the target is not {@code (B)}
     */
    @Override
    public NDArray forward(NDArray logits, NDArray target) {
        return new SoftTargetCrossEntropy().forward(logits, oneHot(logits, target));
    }

    /** {@code (B)} class indices as {@code (B, classes)} float32 one-hot rows. */
    private static NDArray oneHot(NDArray logits, NDArray target) {
        if (target.getShape().dimension() != 1
                || target.getShape().get(0) != logits.getShape().get(0)) {
            throw new IllegalArgumentException(
                    "class-index targets " + target.getShape() + " do not match logits " + logits.getShape());
        }
        return target.oneHot((int) logits.getShape().get(1));
    }
}
