package dev.cvt4j.serve;

import io.javalin.http.Context;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The model behind the HTTP routes and its life: loading, warming up, ready, draining. Requests reach
 * the model only through {@link #run}, which queues their images in the {@link Batcher} and answers
 * asynchronously, so that no HTTP thread waits for a forward pass.
 */
final class Inference {
    /** Where the server is in its life; only {@link #READY} answers inference requests. */
    enum State {
        LOADING,
        WARMING_UP,
        READY,
        DRAINING
    }

    private final ServeOptions options;
    private final ServeMetrics metrics;
    private final CpuPhases phases;
    private volatile State state = State.LOADING;
    private volatile ServedModel model;
    private volatile Batcher<float[], ImageOutput> batcher;
    /** One attention map at a time: it runs outside the batcher, beside the batch workers. */
    private final Semaphore attention = new Semaphore(1);

    Inference(ServeOptions options) {
        this.options = options;
        this.metrics = new ServeMetrics(this::queueDepth);
        this.phases = CpuPhases.of(options.workers());
    }

    /** @return the gate that keeps decodes and forward passes apart, shared with the image readers */
    CpuPhases phases() {
        return phases;
    }

    /** @return images waiting in the batching queue (0 before the model is ready) */
    int queueDepth() {
        Batcher<float[], ImageOutput> b = batcher;
        return b == null ? 0 : b.depth();
    }

    State state() {
        return state;
    }

    ServeMetrics metrics() {
        return metrics;
    }

    ServeOptions options() {
        return options;
    }

    /**
     * Warms the model up at every batch size from 1 to {@code --max-batch-size} (the first pass at a shape
     * is slower), then starts the batch workers and becomes ready; when a drain began meanwhile, closes
     * the model instead.
     *
     * @param loaded the model
     */
    void serve(ServedModel loaded) {
        state = State.WARMING_UP;
        int per = 3 * loaded.transform().height() * loaded.transform().width();
        for (int size = 1; size <= options.maxBatch(); size++) {
            List<float[]> zeros = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                zeros.add(new float[per]);
            }
            loaded.infer(zeros);
        }
        synchronized (this) {
            if (state == State.DRAINING) {
                loaded.close();
                return;
            }
            model = loaded;
            batcher = new Batcher<>(
                    loaded::infer,
                    metrics,
                    options.maxBatch(),
                    options.maxDelay(),
                    options.queue(),
                    options.workers(),
                    phases::forward);
            state = State.READY;
        }
    }

    /** @return the model when ready; 503 otherwise */
    ServedModel model() {
        if (state == State.DRAINING) {
            throw ApiErrors.of(503, "draining", "the server is shutting down");
        }
        if (state != State.READY) {
            throw ApiErrors.notReady("not ready (" + state.name().toLowerCase(java.util.Locale.ROOT) + ")");
        }
        return model;
    }

    /**
     * Runs {@code work} with the attention permit: one attention map at a time, 429 with
     * {@code Retry-After} while another is being computed.
     *
     * @param work the computation
     * @param <T> its result
     * @return what {@code work} returned
     */
    <T> T withAttentionPermit(java.util.function.Supplier<T> work) {
        if (!attention.tryAcquire()) {
            throw ApiErrors.of(429, "busy", "another attention map is being computed; retry");
        }
        try {
            return work.get();
        } finally {
            attention.release();
        }
    }

    /**
     * Queues preprocessed images and answers when all are done: {@code respond} writes the response;
     * a full queue answers 429 with {@code Retry-After}, a request larger than the whole queue 413, a
     * passed deadline ({@code ?timeout_ms=}) 504, draining 503. A request whose client is gone is
     * dropped before inference.
     *
     * @param ctx the request
     * @param inputs preprocessed images {@code (3, H, W)}
     * @param respond writes the answer from the outputs, in request order
     */
    void run(Context ctx, List<float[]> inputs, Consumer<List<Batcher.Timed<ImageOutput>>> respond) {
        Duration timeout = timeout(ctx);
        if (inputs.size() > options.queue()) {
            throw ApiErrors.tooLarge(
                    inputs.size() + " images in one request, more than the queue holds (" + options.queue() + ")");
        }
        CompletableFuture<List<Batcher.Timed<ImageOutput>>> outputs;
        try {
            outputs = batcher.submit(inputs, timeout, ClientWatch.of(ctx));
        } catch (BatchRejectedException e) {
            metrics.rejected(e.reason().label());
            if (e.reason() == BatchRejectedException.Reason.QUEUE_FULL) {
                ctx.header("Retry-After", "1");
                throw ApiErrors.of(429, "queue_full", e.getMessage());
            }
            throw ApiErrors.of(503, "draining", e.getMessage());
        }
        CompletableFuture<Void> answered = new CompletableFuture<>() {
            @Override
            public boolean cancel(boolean mayInterruptIfRunning) {
                outputs.cancel(false);
                return super.cancel(mayInterruptIfRunning);
            }
        };
        outputs.whenComplete((done, failure) -> {
            try {
                if (failure == null) {
                    respond.accept(done);
                    metrics.served(done.size());
                } else {
                    fail(ctx, failure, timeout);
                }
                answered.complete(null);
            } catch (RuntimeException e) {
                answered.completeExceptionally(e);
            }
        });
        ctx.future(() -> answered);
    }

    private void fail(Context ctx, Throwable failure, Duration timeout) {
        Throwable cause =
                failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof TimeoutException) {
            ApiErrors.write(ctx, 504, "deadline_exceeded", "deadline of " + timeout.toMillis() + " ms passed");
        } else if (cause instanceof CancellationException) {
            ApiErrors.write(ctx, 499, "client_gone", "request cancelled");
        } else {
            String detail = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
            ApiErrors.write(ctx, 500, "inference_failed", "inference failed: " + detail);
        }
    }

    /** @return {@code ?timeout_ms=} as a duration, null when absent; 400 when not a positive integer */
    private static Duration timeout(Context ctx) {
        String value = ctx.queryParam("timeout_ms");
        if (value == null) {
            return null;
        }
        try {
            long ms = Long.parseLong(value);
            if (ms > 0) {
                return Duration.ofMillis(ms);
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiErrors.badRequest("timeout_ms must be a positive integer, got '" + value + "'");
    }

    /**
     * Stops taking requests (503, not ready), finishes every image already queued, then frees the
     * model.
     *
     * @param timeout the longest wait for the queue to empty
     * @return true when everything queued was answered in time
     * @throws InterruptedException when interrupted while waiting
     */
    boolean drain(Duration timeout) throws InterruptedException {
        synchronized (this) {
            state = State.DRAINING;
            if (batcher == null) {
                return true;
            }
        }
        batcher.shutdown();
        long end = System.nanoTime() + timeout.toNanos();
        boolean finished = batcher.awaitTermination(timeout)
                && attention.tryAcquire(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (finished) {
            model.close();
        }
        return finished;
    }
}
