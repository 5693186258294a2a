package dev.cvt4j.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvt4j.Fixtures;
import dev.cvt4j.config.Experiments;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The ONNX Runtime engine's failures and inputs. */
class OrtRunnerTest {
    @Test
    void aSessionThatCannotBeCreatedIsOneLineNamingTheFile() {
        Path file = Path.of("broken.onnx");
        OrtFailure e = assertThrows(
                OrtFailure.class, () -> OrtRunner.session("not a model".getBytes(StandardCharsets.UTF_8), file, 1));
        assertTrue(e.getMessage().startsWith("broken.onnx: onnxruntime: cannot create a session: "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void directAndHeapBuffersGiveTheSameLogitsAndBadSizesAreRejected() {
        Path dir = Fixtures.path("cvt-tiny");
        try (OrtRunner runner =
                OrtRunner.load(Experiments.read(dir.resolve("spec.yaml")).model(), dir.resolve("official.pth"), 1)) {
            float[] pixels = new float[3 * 64 * 64];
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = (float) Math.sin(i * 0.01);
            }
            FloatBuffer direct = ByteBuffer.allocateDirect(4 * pixels.length)
                    .order(ByteOrder.nativeOrder())
                    .asFloatBuffer()
                    .put(pixels)
                    .flip();
            float[] fromHeap = runner.logits(FloatBuffer.wrap(pixels), 1, 64, 64);
            assertEquals(10, fromHeap.length);
            assertEquals(Arrays.toString(fromHeap), Arrays.toString(runner.logits(direct, 1, 64, 64)));
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class, () -> runner.logits(FloatBuffer.wrap(pixels), 2, 64, 64));
            assertEquals("(2, 3, 64, 64) needs 24576 values, the buffer holds 12288", e.getMessage());
        }
    }
}
