package dev.cvt4j.inference;

/**
 * One class of a top-k result.
 *
 * @param index class index (ImageNet-1k order for the official models: 0 = tench)
 * @param label human-readable class name
 * @param probability softmax probability in [0, 1]
 */
public record Prediction(int index, String label, double probability) {}
