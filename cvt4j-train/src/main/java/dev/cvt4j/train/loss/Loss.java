package dev.cvt4j.train.loss;

import ai.djl.ndarray.NDArray;
import dev.cvt4j.train.config.TrainConfig;

/**
 * A classification loss on DJL arrays, differentiable through DJL's autograd (build it inside a
 * {@code GradientCollector} and call {@code backward} on the result).
 */
public sealed interface Loss permits CrossEntropyLoss, LabelSmoothingCrossEntropy, SoftTargetCrossEntropy {

    /**
     * @param logits {@code (B, classes)} float32 scores
     * @param target {@code (B)} int64 class indices, or {@code (B, classes)} float32 probabilities for
     *     {@link SoftTargetCrossEntropy}
     * @return the mean loss over the batch, a float32 scalar
     * @throws IllegalArgumentException when the target does not fit the logits
     */
    NDArray forward(NDArray logits, NDArray target);

    /**
     * The criterion of the official {@code build_criterion} ({@code lib/core/loss.py}): in training, soft-target
     * cross-entropy when Mixup/CutMix is on ({@code AUG.MIXUP_PROB > 0}; the label smoothing then lives in
     * the mixed targets), else label-smoothing cross-entropy when {@code LOSS.LABEL_SMOOTHING > 0}, else
     * plain cross-entropy; in evaluation, plain cross-entropy when Mixup is on, else the same choice as in
     * training.
     *
     * @param config the recipe ({@code LOSS.LOSS} is always {@code softmax})
     * @param train whether the loss is for training
     * @return the loss
     */
    static Loss of(TrainConfig config, boolean train) {
        if (config.aug().mixesBatches()) {
            return train ? new SoftTargetCrossEntropy() : new CrossEntropyLoss();
        }
        double smoothing = config.loss().labelSmoothing();
        return smoothing > 0 ? new LabelSmoothingCrossEntropy(smoothing) : new CrossEntropyLoss();
    }
}
