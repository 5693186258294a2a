package dev.cvt4j.bench;

/**
 * One engine running CvT-13 in the side-by-side comparison ({@link SideBySide}): it holds one random
 * input per batch size, ready before timing starts, so a timed call is the forward pass alone.
 */
interface Subject extends AutoCloseable {
    /** The name printed in the table. */
    String name();

    /** Whether this is cvt4j (on any engine), as opposed to an anchor it is compared with. */
    default boolean isCvt4j() {
        return false;
    }

    /**
     * The logits of one image, for the agreement check.
     *
     * @param image {@code (1, 3, 224, 224)} normalised pixels, row-major
     * @return the 1000 logits
     */
    float[] logits(float[] image);

    /**
     * Prepares the input of a batch size (seeded random values).
     *
     * @param batch images per call
     */
    void prepare(int batch);

    /**
     * Runs one forward pass on the prepared input and frees its output.
     *
     * @param batch a batch size passed to {@link #prepare} before
     */
    void run(int batch);

    /** Frees the engine's native memory. */
    @Override
    void close();
}
