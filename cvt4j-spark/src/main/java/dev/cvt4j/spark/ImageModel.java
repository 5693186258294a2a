package dev.cvt4j.spark;

/**
 * A loaded CvT behind one inference engine, shared by all tasks of an executor: thread-safe, closed
 * once, when the executor shuts down. Each task works through its own {@link Predictor}.
 */
interface ImageModel extends AutoCloseable {

    /** @return a new predictor; the caller closes it */
    Predictor newPredictor();

    /** Frees the model's native memory; no predictor may be in use. */
    @Override
    void close();
}
