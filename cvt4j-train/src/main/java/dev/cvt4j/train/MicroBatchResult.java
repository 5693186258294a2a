package dev.cvt4j.train;

import ai.djl.ndarray.NDArray;

/**
 * What one forward/backward pass of {@link TrainStep#accumulate} produced.
 *
 * @param loss the batch's mean loss (before the {@code 1 / accumulation steps} scaling of its gradient)
 * @param logits {@code (B, classes)} training-mode logits, detached from the graph and attached to the
 *     images' manager (close them, or that manager, when done)
 */
public record MicroBatchResult(double loss, NDArray logits) {}
