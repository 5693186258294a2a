package dev.cvt4j.spark;

import dev.cvt4j.image.ImageTransform;
import dev.cvt4j.image.RgbImage;
import dev.cvt4j.inference.CvtRunner;
import dev.cvt4j.inference.Preprocessing;
import java.util.List;

/**
 * A loaded CvT on its inference engine with the config's evaluation transform, shared by all tasks of an
 * executor: thread-safe (as {@link CvtRunner}), each call freeing its native memory when it returns;
 * closed once, when the executor shuts down. The computations of {@link dev.cvt4j.inference.CvtClassifier}
 * and {@code cvt features}.
 *
 * @param runner the network on its engine
 * @param transform the evaluation transform
 */
record ImageModel(CvtRunner runner, ImageTransform transform) implements AutoCloseable {

    /**
     * @param images decoded images, at least one, any sizes
     * @return the logits, {@code (B, classes)} row-major
     */
    float[] logits(List<RgbImage> images) {
        return runner.logits(
                Preprocessing.pixels(transform, images), images.size(), transform.height(), transform.width());
    }

    /**
     * @param images decoded images, at least one
     * @return the classifier's input embeddings, {@code (B, C_last)} row-major (the class token after the
     *     final LayerNorm, or the mean of the normalised last-stage tokens; as {@code cvt features})
     */
    float[] embeddings(List<RgbImage> images) {
        return runner.embeddingAndLogits(
                        Preprocessing.pixels(transform, images), images.size(), transform.height(), transform.width())
                .embedding()
                .toFloatArray();
    }

    /** Frees the model's native memory; no call may be in flight. */
    @Override
    public void close() {
        runner.close();
    }
}
