package dev.cvt4j.serve;

/**
 * What one forward pass gives for one image.
 *
 * @param logits the class scores {@code (NUM_CLASSES)}, before softmax
 * @param embedding the pooled embedding {@code (C_last)}, the classifier's input (as {@code cvt features}
 *     writes it under {@code KEY/embedding})
 */
public record ImageOutput(float[] logits, float[] embedding) {}
