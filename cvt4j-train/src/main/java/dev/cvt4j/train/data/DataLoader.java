package dev.cvt4j.train.data;

import dev.cvt4j.eval.DatasetException;
import dev.cvt4j.image.ImageDecodeException;
import dev.cvt4j.image.RgbImage;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Batches of transformed images from a dataset, prepared by a pool of worker threads ahead of the
 * consumer (the role of {@code torch.utils.data.DataLoader} in the official training script).
 *
 * <p><b>Determinism.</b> Nothing depends on thread timing: the order of epoch {@code e} is a
 * Fisher-Yates shuffle of {@code 0..n-1} driven by {@code SplittableRandom(derive(seed, SHUFFLE,
 * e))} (dataset order when not shuffling); sample {@code i} is augmented with its own stream
 * {@code derive(seed, AUGMENT, e, i)}; batch {@code b} carries {@code derive(seed, MIX, e, b)}
 * for Mixup. So a batch's content depends only on {@code (seed, e, b)}: not on the number of
 * workers, not on which thread built it, and not on whether earlier batches were built at all,
 * which is what makes {@link #epoch(int, int)} resume mid-epoch without replaying anything. (The
 * numbers differ from PyTorch's, which draws from one global generator.)
 *
 * <p><b>Scheduling.</b> Each batch is one task on a fixed pool of daemon threads; an epoch keeps at
 * most {@code prefetch} batches in flight and hands them out in order.
 *
 * <p><b>Failures.</b> An image that cannot be read or transformed stops the epoch: the next call
 * to {@link Epoch#next()} throws a {@link DatasetException} naming the file, and the batches in
 * flight are cancelled. Skipping bad files silently would change the data the model sees without
 * anyone noticing; a dataset with bad files must be cleaned first. Interrupting the consuming
 * thread cancels the epoch the same way. {@link #close()} stops the workers.
 */
public final class DataLoader implements AutoCloseable {
    private static final AtomicInteger POOLS = new AtomicInteger();

    private final LabeledImages data;
    private final SampleTransform transform;
    private final LoaderOptions options;
    private final ExecutorService workers;

    /**
     * Starts the worker threads.
     *
     * @param data the dataset, read from several threads
     * @param transform the per-sample transform
     * @param options batching and scheduling
     * @throws DatasetException if the dataset is empty
     */
    public DataLoader(LabeledImages data, SampleTransform transform, LoaderOptions options) {
        if (data.size() == 0) {
            throw new DatasetException("the dataset", "no samples", null);
        }
        this.data = data;
        this.transform = transform;
        this.options = options;
        int pool = POOLS.incrementAndGet();
        AtomicInteger threads = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "cvt-data-" + pool + "-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        this.workers = Executors.newFixedThreadPool(options.workers(), factory);
    }

    /** @return the dataset */
    public LabeledImages data() {
        return data;
    }

    /** @return the batching options */
    public LoaderOptions options() {
        return options;
    }

    /** @return batches per epoch: {@code n / B} with drop-last, else {@code ceil(n / B)} */
    public int batchesPerEpoch() {
        int n = data.size();
        int b = options.batchSize();
        return options.dropLast() ? n / b : (n + b - 1) / b;
    }

    /**
     * The sample order of an epoch.
     *
     * @param epoch the epoch
     * @return a permutation of the dataset indices (the identity without shuffling)
     */
    public int[] order(int epoch) {
        int[] order = new int[data.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        if (options.shuffle()) {
            SplittableRandom rng = Seeds.random(options.seed(), Seeds.SHUFFLE, epoch);
            for (int i = order.length - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
        return order;
    }

    /**
     * Builds one batch on the calling thread: what a worker does for it.
     *
     * @param epoch the epoch
     * @param index the batch index, {@code 0 <= index < batchesPerEpoch()}
     * @return the batch
     * @throws IndexOutOfBoundsException if the index is outside the epoch
     * @throws DatasetException naming the file when a sample cannot be read or transformed
     */
    public Batch batch(int epoch, int index) {
        return build(order(epoch), epoch, index);
    }

    /**
     * Iterates over a whole epoch.
     *
     * @param epoch the epoch
     * @return the batches in order; close it to cancel what is in flight
     */
    public Epoch epoch(int epoch) {
        return epoch(epoch, 0);
    }

    /**
     * Iterates over an epoch from a batch index, without building the batches before it (resuming).
     *
     * @param epoch the epoch
     * @param firstBatch the first batch to produce, {@code 0 <= firstBatch <= batchesPerEpoch()}
     * @return batches {@code firstBatch ..} in order
     * @throws IndexOutOfBoundsException if {@code firstBatch} is outside the epoch
     */
    public Epoch epoch(int epoch, int firstBatch) {
        if (firstBatch < 0 || firstBatch > batchesPerEpoch()) {
            throw new IndexOutOfBoundsException(
                    "batch " + firstBatch + " is outside an epoch of " + batchesPerEpoch() + " batches");
        }
        return new Epoch(epoch, firstBatch);
    }

    /** Stops the worker threads, interrupting batches in progress. */
    @Override
    public void close() {
        workers.shutdownNow();
        try {
            workers.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Batch build(int[] order, int epoch, int index) {
        int batches = batchesPerEpoch();
        if (index < 0 || index >= batches) {
            throw new IndexOutOfBoundsException("batch " + index + " is outside an epoch of " + batches + " batches");
        }
        int start = index * options.batchSize();
        int size = Math.min(options.batchSize(), order.length - start);
        int h = transform.height();
        int w = transform.width();
        int chw = 3 * h * w;
        float[] images = new float[size * chw];
        int[] labels = new int[size];
        int[] samples = new int[size];
        for (int k = 0; k < size; k++) {
            int sample = order[start + k];
            float[] tensor = load(sample, epoch);
            if (tensor.length != chw) {
                throw new DatasetException(
                        data.describe(sample),
                        "the transform returned " + tensor.length + " values, expected 3 x " + h + " x " + w,
                        null);
            }
            System.arraycopy(tensor, 0, images, k * chw, chw);
            labels[k] = data.label(sample);
            samples[k] = sample;
        }
        return new Batch(
                epoch, index, images, labels, samples, h, w, Seeds.derive(options.seed(), Seeds.MIX, epoch, index));
    }

    private float[] load(int sample, int epoch) {
        try {
            RgbImage image = data.image(sample);
            return transform.apply(image, Seeds.random(options.seed(), Seeds.AUGMENT, epoch, sample));
        } catch (ImageDecodeException e) {
            throw new DatasetException(e.file(), e.reason(), e);
        } catch (RuntimeException e) {
            String detail =
                    e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
            throw new DatasetException(data.describe(sample), detail, e);
        }
    }

    /**
     * The batches of one epoch in order, built ahead by the workers. Not thread-safe: one consumer.
     */
    public final class Epoch implements Iterator<Batch>, AutoCloseable {
        private final int epoch;
        private final int[] order;
        private final ArrayDeque<Future<Batch>> inFlight = new ArrayDeque<>();
        private int nextToSubmit;
        private int nextToReturn;
        private boolean closed;

        private Epoch(int epoch, int firstBatch) {
            this.epoch = epoch;
            this.order = order(epoch);
            this.nextToSubmit = firstBatch;
            this.nextToReturn = firstBatch;
        }

        /** @return the epoch number */
        public int epoch() {
            return epoch;
        }

        /** @return the index of the batch the next call to {@link #next()} returns */
        public int nextIndex() {
            return nextToReturn;
        }

        @Override
        public boolean hasNext() {
            return !closed && nextToReturn < batchesPerEpoch();
        }

        /**
         * @return the next batch, waiting for it if needed
         * @throws NoSuchElementException after the last batch or after {@link #close()}
         * @throws IllegalStateException if the loader has been closed
         * @throws DatasetException naming the file when a sample could not be read or transformed,
         *     or when the waiting thread was interrupted (its interrupt flag is set again); the
         *     epoch is closed in both cases
         */
        @Override
        public Batch next() {
            if (!hasNext()) {
                throw new NoSuchElementException("epoch " + epoch + " has no batch " + nextToReturn);
            }
            if (workers.isShutdown()) {
                throw new IllegalStateException("the data loader is closed");
            }
            while (nextToSubmit < batchesPerEpoch() && inFlight.size() < options.prefetch()) {
                int index = nextToSubmit++;
                inFlight.add(workers.submit(() -> build(order, epoch, index)));
            }
            Future<Batch> head = inFlight.poll();
            try {
                Batch batch = head.get();
                nextToReturn++;
                return batch;
            } catch (InterruptedException e) {
                close();
                Thread.currentThread().interrupt();
                throw new DatasetException(batchName(), "interrupted while waiting for it", e);
            } catch (ExecutionException e) {
                close();
                Throwable cause = e.getCause();
                if (cause instanceof DatasetException d) {
                    throw new DatasetException(d.subject(), d.reason(), d);
                }
                throw new DatasetException(batchName(), String.valueOf(cause), cause);
            } catch (CancellationException e) {
                close();
                throw new DatasetException(batchName(), "cancelled", e);
            }
        }

        private String batchName() {
            return "batch " + nextToReturn + " of epoch " + epoch;
        }

        /** Cancels the batches in flight; further calls to {@link #hasNext()} return false. */
        @Override
        public void close() {
            closed = true;
            for (Future<Batch> f : inFlight) {
                f.cancel(true);
            }
            inFlight.clear();
        }
    }
}
