package dev.cvt4j.serve;

import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * Keeps image decoding and forward passes off the cores at the same time. A forward pass runs on every
 * core ({@code --threads}, one per core by default) in parallel sections whose threads wait for each
 * other; a decode on the HTTP thread that preempts one of them makes the others wait too, so an upload
 * decoded during a pass costs the pass about its own decode time (CvT-13 at 224 on 2 cores, 16 clients:
 * a batch of 8 took 272-291 ms instead of {@code cvt bench}'s 240 ms, docs/serving.md). Decodes share the
 * cores with each other; a forward pass has them alone.
 *
 * <p>A fair {@link ReentrantReadWriteLock}: decodes hold the read lock, a forward pass the write lock.
 * A batch worker takes the write lock once images are queued and before it forms its batch: it
 * waits for the decodes in progress (whose images then join the batch) and new decodes wait behind it;
 * when the pass ends, the decodes that waited run together, then the next pass, so neither side
 * starves. A request that arrives during a pass would have waited for that pass anyway (the queue is
 * served in order): it now decodes after it, on every core, instead of slowing it down.
 *
 * <p>Only with one batch worker ({@code --workers 1}, the default): with several, forward passes run at
 * once by design and {@link #of} returns a gate that lets everything overlap.
 */
final class CpuPhases {
    /** Null when there is no gate (several workers). */
    private final ReentrantReadWriteLock lock;

    private CpuPhases(ReentrantReadWriteLock lock) {
        this.lock = lock;
    }

    /**
     * @param workers the batch workers ({@code --workers})
     * @return the gate: alternating phases for one worker, none for several
     */
    static CpuPhases of(int workers) {
        return new CpuPhases(workers > 1 ? null : new ReentrantReadWriteLock(true));
    }

    /**
     * Runs a decode, beside other decodes, never during a forward pass.
     *
     * @param work the decode
     * @param <T> its result
     * @return what {@code work} returned
     */
    <T> T decode(Supplier<T> work) {
        return lock == null ? work.get() : run(lock.readLock(), work);
    }

    /**
     * Runs a batch worker's turn, forming a batch and its forward pass, alone on the cores: once the decodes
     * in progress end, so that the images they queue join the batch.
     *
     * @param work the turn
     */
    void forward(Runnable work) {
        if (lock == null) {
            work.run();
        } else {
            run(lock.writeLock(), () -> {
                work.run();
                return null;
            });
        }
    }

    private static <T> T run(Lock lock, Supplier<T> work) {
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }
}
