package dev.cvt4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;

/**
 * Memory management, not mathematics: computes a large intermediate result in parts along one axis
 * and concatenates them, so that each part's intermediates (attention scores, MLP hidden activations)
 * stay in cache between the operations that use them instead of streaming through memory. The parts
 * are independent rows of the computation, so the result is the one computed whole. One budget,
 * {@link #FLOATS}, sizes every part.
 */
final class Chunks {
    /**
     * Intermediate values computed at once, at most (one row at least): 2^20 floats, 4 MiB. Stage 0 of
     * CvT-13 at 224 has 3136 x 784 attention scores per image (9.8 MB; a batch of 32: 315 MB) and, at
     * batch 32, 100,352 x 256 MLP hidden activations (103 MB).
     */
    static final long FLOATS = 1L << 20;

    private Chunks() {}

    /** Computes one part: rows {@code [from, to)} along the chunked axis. */
    @FunctionalInterface
    interface Part {
        /**
         * @param from first row, inclusive
         * @param to last row, exclusive
         * @return the part's result
         */
        NDArray apply(long from, long to);
    }

    /**
     * @param total rows along the axis
     * @param floatsPerRow intermediate floats one row needs
     * @param budget floats per part, e.g. {@link #FLOATS}
     * @return rows per part: as many as fit the budget, at least 1, at most {@code total}
     */
    static long rows(long total, long floatsPerRow, long budget) {
        return Math.max(1, Math.min(total, budget / floatsPerRow));
    }

    /**
     * Runs {@code part} over consecutive ranges of {@code chunk} rows and concatenates the results.
     *
     * @param total rows along the axis
     * @param chunk rows per part
     * @param axis the axis the results are concatenated along
     * @param part computes the rows {@code [from, to)}
     * @return the concatenation; the single result when one part covers all rows
     */
    static NDArray concat(long total, long chunk, int axis, Part part) {
        NDList parts = new NDList();
        for (long from = 0; from < total; from += chunk) {
            parts.add(part.apply(from, Math.min(total, from + chunk)));
        }
        return Layers.concat(parts, axis);
    }

    /**
     * @param x an array
     * @param axis the axis to slice
     * @param from first index, inclusive
     * @param to last index, exclusive
     * @return {@code x} itself when the range is the whole axis, else the slice
     */
    static NDArray slice(NDArray x, int axis, long from, long to) {
        if (from == 0 && to == x.getShape().get(axis)) {
            return x;
        }
        return x.get(new NDIndex(":, ".repeat(axis) + "{}:{}", from, to));
    }
}
