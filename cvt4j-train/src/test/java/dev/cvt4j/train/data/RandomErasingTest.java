package dev.cvt4j.train.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Random erasing: probability, rectangle area and aspect bounds, fill modes. */
class RandomErasingTest {
    private static final int H = 40;
    private static final int W = 50;
    private static final float SENTINEL = 100f;

    /** {rows, cols} of the erased rectangle in channel 0, or null when nothing was erased. */
    private static int[] erased(float[] t) {
        int top = H;
        int bottom = -1;
        int left = W;
        int right = -1;
        int count = 0;
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                if (t[y * W + x] != SENTINEL) {
                    top = Math.min(top, y);
                    bottom = Math.max(bottom, y);
                    left = Math.min(left, x);
                    right = Math.max(right, x);
                    count++;
                }
            }
        }
        if (count == 0) {
            return null;
        }
        int rows = bottom - top + 1;
        int cols = right - left + 1;
        assertEquals(rows * cols, count, "the erased region is a filled rectangle");
        return new int[] {rows, cols};
    }

    private static float[] sentinel() {
        float[] t = new float[3 * H * W];
        Arrays.fill(t, SENTINEL);
        return t;
    }

    /** Erases a fresh sentinel tensor; returns the box as {@link #erased}. */
    private static int[] eraseOnce(RandomErasing re, SplittableRandom rng) {
        float[] t = sentinel();
        re.apply(t, 3, H, W, rng);
        return erased(t);
    }

    @Test
    void areaAndAspectStayInTheirBounds() {
        RandomErasing re = RandomErasing.timm(1.0, RandomErasing.Mode.PIXEL, 1);
        SplittableRandom rng = new SplittableRandom(4);
        double minFraction = 1;
        double maxFraction = 0;
        for (int i = 0; i < 3000; i++) {
            int[] box = eraseOnce(re, rng);
            if (box == null) {
                continue; // all 10 attempts missed (a wide box on a 40-row image)
            }
            double fraction = box[0] * box[1] / (double) (H * W);
            double aspect = (double) box[0] / box[1];
            // rounding h and w to integers moves the area by up to about (h + w) / 2 pixels
            double slack = (box[0] + box[1]) / (2.0 * H * W) + 1e-9;
            assertTrue(fraction >= 0.02 - slack && fraction <= 1 / 3.0 + slack, "area fraction " + fraction);
            assertTrue(aspect > 0.3 * 0.8 && aspect < 1 / 0.3 / 0.8, "aspect " + aspect);
            minFraction = Math.min(minFraction, fraction);
            maxFraction = Math.max(maxFraction, fraction);
        }
        assertTrue(minFraction < 0.03 && maxFraction > 0.3, minFraction + " .. " + maxFraction);
    }

    @Test
    void erasesWithTheGivenProbability() {
        RandomErasing re = RandomErasing.timm(0.25, RandomErasing.Mode.CONST, 1);
        SplittableRandom rng = new SplittableRandom(8);
        int n = 4000;
        int hits = 0;
        for (int i = 0; i < n; i++) {
            hits += eraseOnce(re, rng) == null ? 0 : 1;
        }
        assertEquals(0.25, hits / (double) n, 0.03);
    }

    @Test
    void fillModes() {
        SplittableRandom rng = new SplittableRandom(3);
        float[] zeros = sentinel();
        RandomErasing.timm(1, RandomErasing.Mode.CONST, 1).apply(zeros, 3, H, W, rng);
        float[] perChannel = sentinel();
        RandomErasing.timm(1, RandomErasing.Mode.RAND, 1).apply(perChannel, 3, H, W, rng);
        float[] perPixel = sentinel();
        RandomErasing.timm(1, RandomErasing.Mode.PIXEL, 1).apply(perPixel, 3, H, W, rng);
        assertEquals(1, Arrays.stream(boxed(zeros)).distinct().count());
        assertEquals(0f, boxed(zeros)[0]);
        assertEquals(1, Arrays.stream(boxed(perChannel)).distinct().count());
        double[] px = Arrays.stream(boxed(perPixel)).toArray();
        double mean = Arrays.stream(px).average().orElseThrow();
        double var =
                Arrays.stream(px).map(v -> (v - mean) * (v - mean)).average().orElseThrow();
        assertTrue(px.length > 30 && Math.abs(mean) < 0.5 && Math.abs(var - 1) < 0.5, mean + " " + var);
    }

    /** The erased values of channel 0. */
    private static double[] boxed(float[] t) {
        double[] out = new double[H * W];
        int n = 0;
        for (int i = 0; i < H * W; i++) {
            if (t[i] != SENTINEL) {
                out[n++] = t[i];
            }
        }
        return Arrays.copyOf(out, n);
    }
}
