package dev.cvt4j.inference;

import dev.cvt4j.checkpoint.Tensor;

/**
 * The classifier's input and output for a batch, from one forward pass, as plain float32 tensors: what a
 * server or a Spark job needs per image, without the stage maps of {@link FeatureTensors}.
 *
 * @param embedding {@code (B, C_last)}: the class token after the final LayerNorm, or the mean of the
 *     normalised last-stage tokens (official {@code forward_features})
 * @param logits {@code (B, NUM_CLASSES)}: the official {@code head} applied to {@code embedding}
 */
public record EmbeddingLogits(Tensor embedding, Tensor logits) {}
