package dev.cvt4j.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A scalar factor that autograd saves for backward must stay valid however the garbage collector runs
 * between the forward and the backward pass (the failure DJL's {@code mul(Number)} has: its scalar lives
 * in a Java buffer that the collector frees).
 */
class ScalarsTest {

    @Test
    void savedScalarSurvivesGarbageCollectionBeforeBackward() {
        try (NDManager manager = NDManager.newBaseManager()) {
            for (int round = 0; round < 20; round++) {
                try (NDManager scope = manager.newSubManager();
                        GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    NDArray x = scope.ones(new ai.djl.ndarray.types.Shape(64));
                    x.setRequiresGradient(true);
                    NDArray y = x.mul(Scalars.of(x, 3)).sum();
                    churnDirectMemory();
                    collector.backward(y);
                    float[] expected = new float[64];
                    Arrays.fill(expected, 3f);
                    assertArrayEquals(expected, x.getGradient().toFloatArray(), "round " + round);
                }
            }
        }
    }

    /** Frees unreachable direct buffers and reuses their memory with NaN bytes. */
    private static void churnDirectMemory() {
        System.gc();
        List<ByteBuffer> fill = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            ByteBuffer b = ByteBuffer.allocateDirect(64);
            while (b.hasRemaining()) {
                b.put((byte) 0xff);
            }
            fill.add(b);
        }
        fill.clear();
    }
}
