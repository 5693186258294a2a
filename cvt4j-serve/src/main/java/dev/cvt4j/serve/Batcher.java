package dev.cvt4j.serve;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Dynamic batching over one bounded queue of images (not requests): a request of n images puts n
 * items in the queue, workers take up to {@code maxBatch} items at a time from the head, whichever
 * requests they belong to, and each request completes when its last image is done, its outputs in
 * request order.
 *
 * <ul>
 *   <li>A batch goes as soon as a worker is free: with {@code maxDelay} zero (the default) a lone
 *       image never waits; with a positive delay a worker that finds fewer than {@code maxBatch}
 *       images waits up to that long, measured from the oldest image's arrival, for more.
 *   <li>The queue holds at most {@code capacity} images; a request that does not fit is refused at
 *       once ({@link BatchRejectedException}, never an unbounded wait), whole.
 *   <li>A request whose images reach a worker after its future is done (cancelled, or failed with
 *       {@link TimeoutException} at its deadline, by a timer or by the worker reading the clock), or whose
 *       client has gone (asked once per batch), is dropped before inference.
 *   <li>{@link #shutdown()} refuses new requests and lets the workers finish every image already
 *       queued; {@link #awaitTermination} waits for them.
 * </ul>
 *
 * @param <I> one image's model input
 * @param <O> one image's model output
 */
public final class Batcher<I, O> {
    /** The model side of the batcher: one forward pass over a batch. */
    @FunctionalInterface
    public interface Model<I, O> {
        /**
         * @param inputs one batch, 1 to {@code maxBatch} images
         * @return one output per input, in order
         */
        List<O> run(List<I> inputs);
    }

    /** What the batcher reports as it works (metrics). All methods are called from worker threads. */
    public interface Listener {
        /** @param queueNanos how long one image waited in the queue */
        void queued(long queueNanos);

        /**
         * @param size images in the batch
         * @param inferenceNanos time in {@link Model#run}
         */
        void batch(int size, long inferenceNanos);

        /**
         * @param reason {@code "client_gone"} or {@code "deadline"}
         * @param images images dropped before inference
         */
        void dropped(String reason, int images);
    }

    /**
     * One image's output and where its time went.
     *
     * @param value the model's output for the image
     * @param queueNanos from enqueueing to the start of its batch
     * @param inferenceNanos the duration of its batch's forward pass
     * @param batchSize images in its batch
     * @param <O> the output type
     */
    public record Timed<O>(O value, long queueNanos, long inferenceNanos, int batchSize) {}

    private final class Request {
        final CompletableFuture<List<Timed<O>>> future = new CompletableFuture<>();
        final Object[] results;
        final AtomicInteger remaining;
        final BooleanSupplier clientGone;
        /** {@link System#nanoTime()} at the deadline; meaningful only when {@link #hasDeadline}. */
        final long deadlineNanos;

        final boolean hasDeadline;

        Request(int size, BooleanSupplier clientGone, long deadlineNanos, boolean hasDeadline) {
            results = new Object[size];
            remaining = new AtomicInteger(size);
            this.clientGone = clientGone;
            this.deadlineNanos = deadlineNanos;
            this.hasDeadline = hasDeadline;
        }

        /**
         * Fails the request when its deadline has passed (the clock is read here, so a late timer thread
         * cannot let a late request into a batch) and cancels it when its client has gone; true when it is
         * done (answered, failed or cancelled).
         */
        boolean doneOrGone() {
            if (!future.isDone() && hasDeadline && System.nanoTime() - deadlineNanos >= 0) {
                future.completeExceptionally(new TimeoutException());
            }
            if (!future.isDone() && clientGone.getAsBoolean()) {
                future.cancel(false);
            }
            return future.isDone();
        }

        @SuppressWarnings("unchecked")
        void complete(int index, Timed<O> output) {
            results[index] = output;
            if (remaining.decrementAndGet() == 0) {
                List<Timed<O>> all = new ArrayList<>(results.length);
                for (Object r : results) {
                    all.add((Timed<O>) r);
                }
                future.complete(all);
            }
        }
    }

    private record Item<I>(Object request, int index, I input, long enqueuedNanos) {}

    private final Model<I, O> model;
    private final Listener listener;
    private final Consumer<Runnable> gate;
    private final int maxBatch;
    private final long maxDelayNanos;
    private final int capacity;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Item<I>> queue = new ArrayDeque<>();
    private final List<Thread> workers = new ArrayList<>();
    private boolean accepting = true;

    /**
     * Starts the workers.
     *
     * @param model runs one batch; called by {@code workers} threads at once
     * @param listener receives the timings and drops
     * @param maxBatch the most images per batch, at least 1
     * @param maxDelay how long a worker waits for a fuller batch; zero sends at once
     * @param capacity the most images queued, at least 1
     * @param workers threads running batches, at least 1
     * @param gate runs each worker's turn (taking a batch from the queue and running it through the model; the
     *     answers are completed after the turn) once work is queued,
     *     e.g. {@link CpuPhases#forward}, which first lets the decodes in progress finish and queue their
     *     images; {@code Runnable::run} for none
     * @throws IllegalArgumentException for a limit out of range
     */
    public Batcher(
            Model<I, O> model,
            Listener listener,
            int maxBatch,
            Duration maxDelay,
            int capacity,
            int workers,
            Consumer<Runnable> gate) {
        if (maxBatch < 1 || capacity < 1 || workers < 1 || maxDelay.isNegative()) {
            throw new IllegalArgumentException("batcher limits out of range: max batch " + maxBatch + ", queue "
                    + capacity + ", workers " + workers + ", delay " + maxDelay);
        }
        this.model = model;
        this.listener = listener;
        this.gate = gate;
        this.maxBatch = maxBatch;
        this.maxDelayNanos = maxDelay.toNanos();
        this.capacity = capacity;
        for (int i = 0; i < workers; i++) {
            Thread t = new Thread(this::work, "cvt-batch-" + i);
            t.setDaemon(true);
            this.workers.add(t);
            t.start();
        }
    }

    /**
     * Queues a request's images.
     *
     * @param inputs the images, in request order
     * @param timeout the deadline from now, or null for none; at the deadline the future fails with
     *     {@link TimeoutException} and images not yet in a batch are dropped
     * @param clientGone asked before the request's images go into a batch: true cancels the request
     * @return the outputs in request order; cancel it to drop the images not yet in a batch
     * @throws BatchRejectedException when the queue cannot take all the images, or after {@link #shutdown()}
     */
    public CompletableFuture<List<Timed<O>>> submit(List<I> inputs, Duration timeout, BooleanSupplier clientGone) {
        long now = System.nanoTime();
        Request request =
                new Request(inputs.size(), clientGone, timeout == null ? 0 : now + timeout.toNanos(), timeout != null);
        if (inputs.isEmpty()) {
            request.future.complete(List.of());
            return request.future;
        }
        lock.lock();
        try {
            if (!accepting) {
                throw new BatchRejectedException(BatchRejectedException.Reason.DRAINING, "the server is shutting down");
            }
            if (queue.size() + inputs.size() > capacity) {
                throw new BatchRejectedException(
                        BatchRejectedException.Reason.QUEUE_FULL,
                        "the queue is full (" + queue.size() + " of " + capacity + " images queued, " + inputs.size()
                                + " more asked)");
            }
            for (int i = 0; i < inputs.size(); i++) {
                queue.add(new Item<>(request, i, inputs.get(i), now));
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (timeout != null) {
            request.future.orTimeout(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
        }
        return request.future;
    }

    /** @return images waiting in the queue now */
    public int depth() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    /** Refuses new requests from now on; the workers finish what is queued, then stop. */
    public void shutdown() {
        lock.lock();
        try {
            accepting = false;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits for the workers to finish the queue after {@link #shutdown()}.
     *
     * @param timeout the longest wait
     * @return true when every worker has stopped
     * @throws InterruptedException when interrupted while waiting
     */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        for (Thread t : workers) {
            long left = end - System.nanoTime();
            if (left > 0) {
                TimeUnit.NANOSECONDS.timedJoin(t, left);
            }
            if (t.isAlive()) {
                return false;
            }
        }
        return true;
    }

    private void work() {
        List<Runnable> answers = new ArrayList<>(1);
        while (awaitWork()) {
            gate.accept(() -> {
                List<Item<I>> batch = take();
                if (!batch.isEmpty()) {
                    answers.add(run(batch));
                }
            });
            // Outside the gate: the answers are written while the next uploads decode.
            answers.forEach(Runnable::run);
            answers.clear();
        }
    }

    /** Waits for queued images (and out the delay); false once the queue is drained after shutdown. */
    private boolean awaitWork() {
        lock.lock();
        try {
            while (queue.isEmpty()) {
                if (!accepting) {
                    return false;
                }
                changed.awaitUninterruptibly();
            }
            if (maxDelayNanos > 0) {
                long end = queue.peekFirst().enqueuedNanos() + maxDelayNanos;
                long left;
                while (accepting && queue.size() < maxBatch && (left = end - System.nanoTime()) > 0) {
                    changed.awaitNanos(left);
                }
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }

    /** The next batch from the queue's head: possibly empty (another worker took the images, or all were dropped). */
    private List<Item<I>> take() {
        lock.lock();
        try {
            List<Item<I>> batch = new ArrayList<>(maxBatch);
            Set<Object> checked = Collections.newSetFromMap(new IdentityHashMap<>());
            while (batch.size() < maxBatch && !queue.isEmpty()) {
                Item<I> item = queue.pollFirst();
                Request request = request(item);
                boolean done = checked.add(request) ? request.doneOrGone() : request.future.isDone();
                if (!done) {
                    batch.add(item);
                } else {
                    listener.dropped(request.future.isCancelled() ? "client_gone" : "deadline", 1);
                }
            }
            return batch;
        } finally {
            lock.unlock();
        }
    }

    @SuppressWarnings("unchecked")
    private Request request(Item<I> item) {
        return (Request) item.request();
    }

    /** Runs a batch through the model; returns what completes its requests' slots (their answers). */
    private Runnable run(List<Item<I>> batch) {
        long start = System.nanoTime();
        List<I> inputs = new ArrayList<>(batch.size());
        for (Item<I> item : batch) {
            inputs.add(item.input());
            listener.queued(start - item.enqueuedNanos());
        }
        List<O> outputs;
        try {
            outputs = model.run(inputs);
        } catch (RuntimeException | Error e) {
            return () -> batch.forEach(item -> request(item).future.completeExceptionally(e));
        }
        long inference = System.nanoTime() - start;
        listener.batch(batch.size(), inference);
        return () -> {
            for (int i = 0; i < batch.size(); i++) {
                Item<I> item = batch.get(i);
                request(item)
                        .complete(
                                item.index(),
                                new Timed<>(outputs.get(i), start - item.enqueuedNanos(), inference, batch.size()));
            }
        };
    }
}
