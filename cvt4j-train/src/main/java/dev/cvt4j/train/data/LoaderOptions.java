package dev.cvt4j.train.data;

/**
 * How a {@link DataLoader} batches and schedules an epoch.
 *
 * @param batchSize samples per batch, positive
 * @param shuffle visit the samples in a fresh random order every epoch (training), or in dataset
 *     order (evaluation)
 * @param dropLast leave out the last, smaller batch (the official training loader does; the
 *     evaluation loader does not)
 * @param seed the run seed: the order, every sample's augmentation and every batch's Mixup draw
 *     derive from it (see {@link Seeds})
 * @param workers decoding threads, positive
 * @param prefetch batches prepared ahead of the consumer, at least 1; bounds memory at about
 *     {@code prefetch} batches
 */
public record LoaderOptions(int batchSize, boolean shuffle, boolean dropLast, long seed, int workers, int prefetch) {

    /**
     * @throws IllegalArgumentException if the batch size, worker count or prefetch depth is not positive
     */
    public LoaderOptions {
        if (batchSize < 1 || workers < 1 || prefetch < 1) {
            throw new IllegalArgumentException("batch size, workers and prefetch must be positive, got " + batchSize
                    + ", " + workers + ", " + prefetch);
        }
    }

    /**
     * Training defaults: shuffled, last partial batch dropped, two batches in flight per worker.
     *
     * @param batchSize samples per batch
     * @param seed the run seed
     * @param workers decoding threads
     * @return the options
     */
    public static LoaderOptions training(int batchSize, long seed, int workers) {
        return new LoaderOptions(batchSize, true, true, seed, workers, 2 * workers);
    }

    /**
     * Evaluation defaults: dataset order, every sample, two batches in flight per worker.
     *
     * @param batchSize samples per batch
     * @param workers decoding threads
     * @return the options
     */
    public static LoaderOptions evaluation(int batchSize, int workers) {
        return new LoaderOptions(batchSize, false, false, 0L, workers, 2 * workers);
    }
}
