package dev.cvt4j.train.data;

/**
 * One batch from a {@link DataLoader}. The arrays are handed over, not copied: the consumer owns
 * them (and {@link Mixup#apply} mixes {@code images} in place).
 *
 * @param epoch the epoch it belongs to
 * @param index its position in the epoch, from 0
 * @param images {@code (B, 3, H, W)} float32 values, sample-major, each sample CHW
 * @param labels {@code (B)} class indices
 * @param samples {@code (B)} the dataset indices of the samples
 * @param height H
 * @param width W
 * @param mixSeed the seed of this batch's Mixup/CutMix draw ({@link Seeds#MIX} stream at
 *     {@code (epoch, index)}), so that mixing is reproducible and resumable too
 */
public record Batch(
        int epoch, int index, float[] images, int[] labels, int[] samples, int height, int width, long mixSeed) {

    /** @return the number of samples B */
    public int size() {
        return labels.length;
    }
}
