package dev.cvt4j.eval;

import dev.cvt4j.image.ImageDecodeException;
import dev.cvt4j.image.ImageDecoder;
import dev.cvt4j.image.ImageTransform;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Decodes and transforms samples on a pool of worker threads while the caller consumes them, like
 * a PyTorch {@code DataLoader} with {@code num_workers} and prefetching.
 *
 * <p>The pending work is a bounded queue of futures in sample order: at most {@code prefetch}
 * samples are decoded or waiting at any time, so memory stays flat however large the tree is,
 * and {@link #next()} returns samples in list order whatever the thread timing. An unreadable
 * file ({@link ImageDecodeException}) is a value, not a failure; any other exception of a worker
 * is rethrown by {@link #next()}. {@link #close()} cancels what is queued and stops the workers.
 */
final class ImageLoader implements AutoCloseable {
    private static final AtomicInteger POOLS = new AtomicInteger();

    private final ImageTransform transform;
    private final Iterator<ImageFolderListing.Sample> unsubmitted;
    private final int prefetch;
    private final Deque<Future<LoadedImage>> pending = new ArrayDeque<>();
    private final ExecutorService pool;

    /**
     * Starts loading the first {@code prefetch} samples.
     *
     * @param samples the samples, in the order {@link #next()} returns them
     * @param transform decoded image to CHW float32 tensor
     * @param workers the number of worker threads, positive
     * @param prefetch how many samples may be in flight, positive
     * @throws IllegalArgumentException if {@code workers} or {@code prefetch} is not positive
     */
    ImageLoader(List<ImageFolderListing.Sample> samples, ImageTransform transform, int workers, int prefetch) {
        if (workers < 1 || prefetch < 1) {
            throw new IllegalArgumentException(
                    "workers and prefetch must be positive, got " + workers + " and " + prefetch);
        }
        this.transform = transform;
        this.unsubmitted = samples.iterator();
        this.prefetch = prefetch;
        String prefix = "cvt-image-loader-" + POOLS.incrementAndGet() + "-";
        AtomicInteger threads = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, prefix + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        refill();
    }

    /** @return whether {@link #next()} has another sample */
    boolean hasNext() {
        return !pending.isEmpty();
    }

    /**
     * The next sample in list order, waiting for its worker if needed.
     *
     * @return the loaded sample, or its decoding error
     * @throws InterruptedException if the calling thread is interrupted while waiting
     * @throws NoSuchElementException if every sample was returned
     * @throws RuntimeException (or Error) whatever a worker threw other than {@link ImageDecodeException}
     */
    LoadedImage next() throws InterruptedException {
        Future<LoadedImage> head = pending.removeFirst();
        try {
            LoadedImage image = head.get();
            refill();
            return image;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("image loader worker failed: " + cause, cause);
        }
    }

    /** Cancels the queued samples, interrupts the workers and waits (up to a minute) for them to stop. */
    @Override
    public void close() {
        pool.shutdownNow();
        try {
            pool.awaitTermination(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void refill() {
        while (pending.size() < prefetch && unsubmitted.hasNext()) {
            ImageFolderListing.Sample sample = unsubmitted.next();
            pending.addLast(pool.submit(() -> load(sample)));
        }
    }

    private LoadedImage load(ImageFolderListing.Sample sample) {
        try {
            return new LoadedImage(sample, transform.apply(ImageDecoder.decode(sample.file())), null);
        } catch (ImageDecodeException e) {
            return new LoadedImage(sample, null, e.reason());
        }
    }
}
