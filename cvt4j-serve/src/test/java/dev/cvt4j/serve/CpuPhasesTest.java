package dev.cvt4j.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The gate between decodes and forward passes: who waits for whom, with latches, no timing. */
class CpuPhasesTest {
    private static final long WAIT_SECONDS = 30;

    /** Holds a phase open until {@link #release} and records when it ran. */
    private static final class Held {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        String run(List<String> log, String name) {
            log.add(name);
            entered.countDown();
            try {
                assertTrue(release.await(WAIT_SECONDS, TimeUnit.SECONDS), name + " was never released");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return name;
        }
    }

    private static String forward(CpuPhases phases, java.util.function.Supplier<String> work) {
        String[] out = new String[1];
        phases.forward(() -> out[0] = work.get());
        return out[0];
    }

    @Test
    void aDecodeWaitsForTheForwardPassAndTheNextPassForTheDecode() throws Exception {
        CpuPhases phases = CpuPhases.of(1);
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        Held pass = new Held();
        CompletableFuture<String> forward =
                CompletableFuture.supplyAsync(() -> forward(phases, () -> pass.run(log, "pass 1")));
        assertTrue(pass.entered.await(WAIT_SECONDS, TimeUnit.SECONDS));

        Held decode = new Held();
        CompletableFuture<String> decoding =
                CompletableFuture.supplyAsync(() -> phases.decode(() -> decode.run(log, "decode")));
        assertFalse(decode.entered.await(200, TimeUnit.MILLISECONDS), "a decode ran during a forward pass");
        pass.release.countDown();
        assertEquals("pass 1", forward.get(WAIT_SECONDS, TimeUnit.SECONDS));
        assertTrue(decode.entered.await(WAIT_SECONDS, TimeUnit.SECONDS), "the decode ran after the pass");

        Held next = new Held();
        CompletableFuture<String> second =
                CompletableFuture.supplyAsync(() -> forward(phases, () -> next.run(log, "pass 2")));
        assertFalse(next.entered.await(200, TimeUnit.MILLISECONDS), "a forward pass ran during a decode");
        decode.release.countDown();
        next.release.countDown();
        assertEquals("decode", decoding.get(WAIT_SECONDS, TimeUnit.SECONDS));
        assertEquals("pass 2", second.get(WAIT_SECONDS, TimeUnit.SECONDS));
        assertEquals(List.of("pass 1", "decode", "pass 2"), log);
    }

    @Test
    void decodesRunTogether() throws Exception {
        CpuPhases phases = CpuPhases.of(1);
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        Held first = new Held();
        Held second = new Held();
        CompletableFuture<String> a = CompletableFuture.supplyAsync(() -> phases.decode(() -> first.run(log, "a")));
        CompletableFuture<String> b = CompletableFuture.supplyAsync(() -> phases.decode(() -> second.run(log, "b")));
        assertTrue(first.entered.await(WAIT_SECONDS, TimeUnit.SECONDS));
        assertTrue(second.entered.await(WAIT_SECONDS, TimeUnit.SECONDS), "two decodes hold the gate at once");
        first.release.countDown();
        second.release.countDown();
        assertEquals("a", a.get(WAIT_SECONDS, TimeUnit.SECONDS));
        assertEquals("b", b.get(WAIT_SECONDS, TimeUnit.SECONDS));
    }

    @Test
    void severalWorkersOverlapEverything() throws Exception {
        CpuPhases phases = CpuPhases.of(2);
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        Held pass = new Held();
        Held decode = new Held();
        CompletableFuture<String> forward =
                CompletableFuture.supplyAsync(() -> forward(phases, () -> pass.run(log, "pass")));
        CompletableFuture<String> decoding =
                CompletableFuture.supplyAsync(() -> phases.decode(() -> decode.run(log, "decode")));
        assertTrue(pass.entered.await(WAIT_SECONDS, TimeUnit.SECONDS));
        assertTrue(
                decode.entered.await(WAIT_SECONDS, TimeUnit.SECONDS), "with two workers a decode runs beside a pass");
        pass.release.countDown();
        decode.release.countDown();
        assertEquals("pass", forward.get(WAIT_SECONDS, TimeUnit.SECONDS));
        assertEquals("decode", decoding.get(WAIT_SECONDS, TimeUnit.SECONDS));
    }
}
