package dev.cvt4j.spark;

import dev.cvt4j.image.RgbImage;
import java.util.List;

/**
 * One task's handle on a shared {@link ImageModel}: it runs the evaluation transform and the network on
 * batches of decoded images. Not thread-safe; closed when its task completes.
 */
interface Predictor extends AutoCloseable {

    /**
     * @param images decoded images, at least one, any sizes
     * @return the logits, {@code (B, classes)} row-major
     */
    float[] logits(List<RgbImage> images);

    /**
     * @param images decoded images, at least one
     * @return the classifier's input embeddings, {@code (B, C_last)} row-major (the class token after the
     *     final LayerNorm, or the mean of the normalised last-stage tokens; as {@code cvt features})
     */
    float[] embeddings(List<RgbImage> images);

    /** Frees the predictor's native memory. */
    @Override
    void close();
}
