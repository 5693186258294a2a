package dev.cvt4j.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link Batcher} with a fake model that multiplies by 10 and can be held inside a batch. */
class BatcherTest {
    /** The fake model: records every batch; {@link #hold()} makes the next batch wait for {@link #release()}. */
    private static final class FakeModel implements Batcher.Model<Integer, Integer> {
        final List<List<Integer>> batches = Collections.synchronizedList(new ArrayList<>());
        volatile CountDownLatch entered = new CountDownLatch(0);
        volatile CountDownLatch gate = new CountDownLatch(0);

        void hold() {
            entered = new CountDownLatch(1);
            gate = new CountDownLatch(1);
        }

        void awaitEntered() throws InterruptedException {
            assertTrue(entered.await(10, TimeUnit.SECONDS), "the model was never called");
        }

        void release() {
            gate.countDown();
        }

        @Override
        public List<Integer> run(List<Integer> inputs) {
            batches.add(List.copyOf(inputs));
            entered.countDown();
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return inputs.stream().map(i -> i * 10).toList();
        }

        List<Integer> seen() {
            synchronized (batches) {
                return batches.stream().flatMap(List::stream).toList();
            }
        }
    }

    /** Counts what the batcher reports. */
    private static final class Recorder implements Batcher.Listener {
        final List<String> drops = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void queued(long queueNanos) {
            assertTrue(queueNanos >= 0);
        }

        @Override
        public void batch(int size, long inferenceNanos) {
            assertTrue(size >= 1 && inferenceNanos >= 0);
        }

        @Override
        public void dropped(String reason, int images) {
            for (int i = 0; i < images; i++) {
                drops.add(reason);
            }
        }
    }

    private static final BooleanSupplier NEVER_GONE = () -> false;

    private final FakeModel model = new FakeModel();
    private final Recorder recorder = new Recorder();
    private Batcher<Integer, Integer> batcher;

    private Batcher<Integer, Integer> start(int maxBatch, Duration delay, int capacity) {
        batcher = new Batcher<>(model, recorder, maxBatch, delay, capacity, 1, Runnable::run);
        return batcher;
    }

    @AfterEach
    void stop() throws InterruptedException {
        model.release();
        batcher.shutdown();
        assertTrue(batcher.awaitTermination(Duration.ofSeconds(10)));
    }

    /** Submits one image and waits until its batch is inside the model, held there until {@code release}. */
    private CompletableFuture<List<Batcher.Timed<Integer>>> holdInTheModel(int value) throws InterruptedException {
        model.hold();
        CompletableFuture<List<Batcher.Timed<Integer>>> running = batcher.submit(List.of(value), null, NEVER_GONE);
        model.awaitEntered();
        return running;
    }

    private static List<Integer> values(List<Batcher.Timed<Integer>> outputs) {
        return outputs.stream().map(Batcher.Timed::value).toList();
    }

    private static <T> T get(CompletableFuture<T> f) throws Exception {
        return f.get(10, TimeUnit.SECONDS);
    }

    @Test
    void withoutDelayALoneImageGoesAloneAtOnce() throws Exception {
        start(8, Duration.ZERO, 64);
        List<Batcher.Timed<Integer>> out = get(batcher.submit(List.of(7), null, NEVER_GONE));
        assertEquals(List.of(70), values(out));
        assertEquals(1, out.get(0).batchSize());
        assertEquals(List.of(List.of(7)), model.batches);
    }

    @Test
    void aWorkerFormsItsBatchInsideTheGateSoImagesQueuedMeanwhileJoinIt() throws Exception {
        CountDownLatch turnStarted = new CountDownLatch(1);
        CountDownLatch decodesDone = new CountDownLatch(1);
        batcher = new Batcher<>(model, recorder, 8, Duration.ZERO, 64, 1, turn -> {
            turnStarted.countDown();
            try {
                assertTrue(decodesDone.await(10, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            turn.run();
        });
        CompletableFuture<List<Batcher.Timed<Integer>>> first = batcher.submit(List.of(1), null, NEVER_GONE);
        assertTrue(turnStarted.await(10, TimeUnit.SECONDS), "a queued image starts a worker's turn");
        // Decodes that end while the worker waits at the gate queue their images before it takes its batch.
        CompletableFuture<List<Batcher.Timed<Integer>>> second = batcher.submit(List.of(2, 3), null, NEVER_GONE);
        decodesDone.countDown();
        assertEquals(List.of(10), values(get(first)));
        assertEquals(List.of(20, 30), values(get(second)));
        assertEquals(List.of(List.of(1, 2, 3)), model.batches);
    }

    @Test
    void aDelayGathersImagesOfSeveralRequestsIntoOneBatch() throws Exception {
        start(4, Duration.ofHours(1), 64);
        List<CompletableFuture<List<Batcher.Timed<Integer>>>> requests = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            requests.add(batcher.submit(List.of(i), null, NEVER_GONE));
        }
        for (int i = 0; i < 4; i++) {
            assertEquals(List.of(i * 10), values(get(requests.get(i))));
            assertEquals(4, get(requests.get(i)).get(0).batchSize());
        }
        assertEquals(List.of(List.of(0, 1, 2, 3)), model.batches, "a full batch goes before the delay ends");
    }

    @Test
    void aDelaySendsAPartialBatchWhenItEnds() throws Exception {
        start(8, Duration.ofMillis(50), 64);
        CompletableFuture<List<Batcher.Timed<Integer>>> a = batcher.submit(List.of(1), null, NEVER_GONE);
        CompletableFuture<List<Batcher.Timed<Integer>>> b = batcher.submit(List.of(2), null, NEVER_GONE);
        assertEquals(List.of(10), values(get(a)));
        assertEquals(List.of(20), values(get(b)));
        assertEquals(3, model.seen().stream().mapToInt(Integer::intValue).sum());
    }

    @Test
    void aLargeRequestIsSplitAcrossBatchesAndReassembledInOrder() throws Exception {
        start(3, Duration.ZERO, 64);
        CompletableFuture<List<Batcher.Timed<Integer>>> first = holdInTheModel(100);
        List<Integer> inputs = IntStream.range(0, 8).boxed().toList();
        CompletableFuture<List<Batcher.Timed<Integer>>> big = batcher.submit(inputs, null, NEVER_GONE);
        CompletableFuture<List<Batcher.Timed<Integer>>> after = batcher.submit(List.of(200), null, NEVER_GONE);
        model.release();
        assertEquals(inputs.stream().map(i -> i * 10).toList(), values(get(big)));
        assertEquals(List.of(1000), values(get(first)));
        assertEquals(List.of(2000), values(get(after)));
        assertEquals(List.of(List.of(100), List.of(0, 1, 2), List.of(3, 4, 5), List.of(6, 7, 200)), model.batches);
    }

    @Test
    void aFullQueueRefusesAtOnceAndWhole() throws Exception {
        start(8, Duration.ZERO, 4);
        CompletableFuture<List<Batcher.Timed<Integer>>> running = holdInTheModel(1);
        CompletableFuture<List<Batcher.Timed<Integer>>> queued = batcher.submit(List.of(2, 3, 4), null, NEVER_GONE);
        BatchRejectedException full =
                assertThrows(BatchRejectedException.class, () -> batcher.submit(List.of(5, 6), null, NEVER_GONE));
        assertEquals(BatchRejectedException.Reason.QUEUE_FULL, full.reason());
        assertEquals(3, batcher.depth(), "nothing of the refused request was queued");
        assertThrows(BatchRejectedException.class, () -> batcher.submit(List.of(1, 2, 3, 4, 5), null, NEVER_GONE));
        CompletableFuture<List<Batcher.Timed<Integer>>> fits = batcher.submit(List.of(7), null, NEVER_GONE);
        model.release();
        assertEquals(List.of(20, 30, 40), values(get(queued)));
        assertEquals(List.of(70), values(get(fits)));
        assertEquals(List.of(10), values(get(running)));
        assertFalse(model.seen().contains(5));
    }

    @Test
    void aPassedDeadlineFailsTheRequestAndDropsItsImages() throws Exception {
        start(8, Duration.ZERO, 64);
        CompletableFuture<List<Batcher.Timed<Integer>>> running = holdInTheModel(1);
        CompletableFuture<List<Batcher.Timed<Integer>>> late =
                batcher.submit(List.of(2, 3), Duration.ofMillis(20), NEVER_GONE);
        ExecutionException e = assertThrows(ExecutionException.class, () -> late.get(10, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof TimeoutException, e.toString());
        model.release();
        assertEquals(List.of(10), values(get(running)));
        assertEquals(List.of(40), values(get(batcher.submit(List.of(4), Duration.ofSeconds(30), NEVER_GONE))));
        assertEquals(List.of(1, 4), model.seen(), "the late images never reached the model");
        assertEquals(List.of("deadline", "deadline"), recorder.drops);
    }

    @Test
    void aCancelledRequestIsDroppedBeforeInference() throws Exception {
        start(8, Duration.ZERO, 64);
        CompletableFuture<List<Batcher.Timed<Integer>>> running = holdInTheModel(1);
        CompletableFuture<List<Batcher.Timed<Integer>>> gone = batcher.submit(List.of(2), null, NEVER_GONE);
        gone.cancel(false);
        model.release();
        assertEquals(List.of(10), values(get(running)));
        assertThrows(CancellationException.class, gone::join);
        assertEquals(List.of(30), values(get(batcher.submit(List.of(3), null, NEVER_GONE))));
        assertEquals(List.of(1, 3), model.seen());
        assertEquals(List.of("client_gone"), recorder.drops);
    }

    @Test
    void aRequestWhoseClientHasGoneIsDroppedBeforeInference() throws Exception {
        start(8, Duration.ZERO, 64);
        CompletableFuture<List<Batcher.Timed<Integer>>> running = holdInTheModel(1);
        AtomicBoolean closed = new AtomicBoolean();
        CompletableFuture<List<Batcher.Timed<Integer>>> gone = batcher.submit(List.of(2, 3), null, closed::get);
        closed.set(true);
        model.release();
        assertEquals(List.of(10), values(get(running)));
        assertEquals(List.of(40), values(get(batcher.submit(List.of(4), null, NEVER_GONE))));
        assertTrue(gone.isCancelled());
        assertEquals(List.of(1, 4), model.seen());
        assertEquals(List.of("client_gone", "client_gone"), recorder.drops);
    }

    @Test
    void shutdownRefusesNewRequestsAndFinishesEveryQueuedImage() throws Exception {
        start(2, Duration.ZERO, 64);
        CompletableFuture<List<Batcher.Timed<Integer>>> running = holdInTheModel(1);
        List<CompletableFuture<List<Batcher.Timed<Integer>>>> queued = new ArrayList<>();
        for (int i = 2; i <= 6; i++) {
            queued.add(batcher.submit(List.of(i, i), null, NEVER_GONE));
        }
        batcher.shutdown();
        BatchRejectedException draining =
                assertThrows(BatchRejectedException.class, () -> batcher.submit(List.of(9), null, NEVER_GONE));
        assertEquals(BatchRejectedException.Reason.DRAINING, draining.reason());
        assertFalse(batcher.awaitTermination(Duration.ofMillis(20)), "a batch is still held");
        model.release();
        assertTrue(batcher.awaitTermination(Duration.ofSeconds(10)));
        assertEquals(List.of(10), values(running.getNow(null)));
        for (int i = 0; i < queued.size(); i++) {
            assertEquals(
                    List.of((i + 2) * 10, (i + 2) * 10), values(queued.get(i).getNow(null)));
        }
    }
}
