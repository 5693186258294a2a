package dev.cvt4j.train.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** timm's Mixup/CutMix in batch mode, the Beta sampler and the smoothed targets. */
class MixupTest {
    private static final int B = 4;
    private static final int C = 3;
    private static final int H = 10;
    private static final int W = 10;

    /** Sample i is the constant i + 1. */
    private static float[] constantBatch() {
        float[] x = new float[B * C * H * W];
        for (int i = 0; i < x.length; i++) {
            x[i] = i / (C * H * W) + 1;
        }
        return x;
    }

    @Test
    void betaSamplerMoments() {
        SplittableRandom rng = new SplittableRandom(1);
        int n = 40_000;
        double sum = 0;
        double sum2 = 0;
        for (int i = 0; i < n; i++) {
            double v = Distributions.beta(rng, 0.8, 0.8);
            assertTrue(v >= 0 && v <= 1);
            sum += v;
            sum2 += v * v;
        }
        double mean = sum / n;
        assertEquals(0.5, mean, 0.01);
        // Var Beta(a, a) = 1 / (4 (2a + 1)) = 0.0962
        assertEquals(1 / (4 * 2.6), sum2 / n - mean * mean, 0.004);
        double skewedSum = 0;
        for (int i = 0; i < n; i++) {
            skewedSum += Distributions.beta(rng, 2, 5);
        }
        assertEquals(2 / 7.0, skewedSum / n, 0.005);
    }

    @Test
    void gammaMeanEqualsShapeAlsoBelowOne() {
        SplittableRandom rng = new SplittableRandom(2);
        for (double shape : new double[] {0.3, 1.0, 4.5}) {
            double sum = 0;
            int n = 40_000;
            for (int i = 0; i < n; i++) {
                sum += Distributions.gamma(rng, shape);
            }
            assertEquals(shape, sum / n, 0.03 * Math.max(1, shape), "shape " + shape);
        }
        assertThrows(IllegalArgumentException.class, () -> Distributions.gamma(rng, 0));
    }

    @Test
    void smoothedOneHotValues() {
        float[] t = Mixup.smoothedOneHot(new int[] {2, 0}, 5, 0.1);
        assertArrayEquals(new float[] {0.02f, 0.02f, 0.92f, 0.02f, 0.02f, 0.92f, 0.02f, 0.02f, 0.02f, 0.02f}, t);
        assertArrayEquals(new float[] {0, 1, 1, 0}, Mixup.smoothedOneHot(new int[] {1, 0}, 2, 0));
    }

    @Test
    void mixupBlendsWithTheFlippedBatchAndMixesTargets() {
        Mixup mixup = new Mixup(0.8, 0, Optional.empty(), 1.0, 0.5, 0.1, 5);
        float[] x = constantBatch();
        int[] labels = {0, 1, 2, 3};
        Mixup.Mixed m = mixup.apply(x, labels, H, W, new SplittableRandom(3));
        assertFalse(m.cutmix());
        float lam = (float) m.lambda();
        float rest = (float) (1 - m.lambda());
        assertEquals(1f * lam + 4f * rest, x[0]);
        assertEquals(4f * lam + 1f * rest, x[3 * C * H * W + 7]);
        assertEquals(2f * lam + 3f * rest, x[C * H * W + 5]);
        float off = 0.02f;
        float on = 0.92f;
        assertEquals(on * lam + off * rest, m.targets()[0]);
        assertEquals(off * lam + on * rest, m.targets()[3]);
        assertEquals(off * lam + off * rest, m.targets()[1]);
        for (int i = 0; i < B; i++) {
            double row = 0;
            for (int c = 0; c < 5; c++) {
                row += m.targets()[i * 5 + c];
            }
            assertEquals(1.0, row, 1e-6);
        }
    }

    @Test
    void cutmixLambdaIsTheExactKeptAreaIncludingClippedBoxes() {
        Mixup cutmix = new Mixup(0, 1.0, Optional.empty(), 1.0, 0.5, 0.0, 4);
        int clipped = 0;
        for (int seed = 0; seed < 200; seed++) {
            float[] x = constantBatch();
            Mixup.Mixed m = cutmix.apply(x, new int[] {0, 1, 2, 3}, H, W, new SplittableRandom(seed));
            assertTrue(m.cutmix());
            int pasted = 0;
            for (int p = 0; p < H * W; p++) {
                if (x[p] == 4f) {
                    pasted++;
                    assertEquals(4f, x[2 * H * W + p], "every channel gets the same box");
                    assertEquals(1f, x[3 * C * H * W + p], "the partner receives the swapped box");
                }
            }
            assertEquals(1.0 - pasted / (double) (H * W), m.lambda(), 1e-12);
            assertEquals((float) m.lambda(), m.targets()[0]);
            assertEquals((float) (1 - m.lambda()), m.targets()[3]);
            double uncorrected = 1 - Math.pow((int) (H * Math.sqrt(1 - m.lambda())) / (double) H, 2);
            clipped += Math.abs(uncorrected - m.lambda()) > 0.05 ? 1 : 0;
        }
        assertTrue(clipped > 10, "some boxes were clipped at the border: " + clipped);
    }

    @Test
    void randBboxHalvesTheCutWithFloorDivision() {
        // lambda 0.75 on 10 x 10: cut 5, half 2, so an unclipped box is 4 x 4 (area-corrected lambda 0.84)
        SplittableRandom rng = new SplittableRandom(4);
        for (int i = 0; i < 200; i++) {
            int[] box = Mixup.box(10, 10, 0.75, rng);
            assertTrue(box[1] - box[0] <= 4 && box[3] - box[2] <= 4);
            if (box[0] > 0 && box[1] < 10) {
                assertEquals(4, box[1] - box[0]);
            }
        }
    }

    @Test
    void minMaxBoxesHaveSidesInRange() {
        Mixup mm = new Mixup(0, 0, Optional.of(new Range(0.2, 0.5)), 1.0, 0.5, 0, 4);
        assertEquals(1.0, mm.cutmixAlpha(), "timm forces cutmix alpha to 1 with min-max");
        for (int seed = 0; seed < 50; seed++) {
            float[] x = constantBatch();
            Mixup.Mixed m = mm.apply(x, new int[] {0, 1, 2, 3}, H, W, new SplittableRandom(seed));
            double area = (1 - m.lambda()) * H * W;
            assertTrue(area >= 4 - 1e-9 && area <= 16 + 1e-9, "area " + area);
        }
    }

    @Test
    void officialSwitchesBetweenMixupAndCutmix() {
        Mixup official = Mixup.official(10);
        int cut = 0;
        double mixupLambdas = 0;
        int n = 400;
        for (int seed = 0; seed < n; seed++) {
            Mixup.Mixed m = official.apply(constantBatch(), new int[] {0, 1, 2, 3}, H, W, new SplittableRandom(seed));
            cut += m.cutmix() ? 1 : 0;
            mixupLambdas += m.cutmix() ? 0 : m.lambda();
        }
        assertEquals(0.5, cut / (double) n, 0.08);
        // Mixup keeps the Beta(0.8, 0.8) draw (CutMix's area correction biases small images upwards)
        assertEquals(0.5, mixupLambdas / (n - cut), 0.06);
    }

    @Test
    void probabilityZeroKeepsImagesAndGivesSmoothedTargets() {
        Mixup never = new Mixup(0.8, 1.0, Optional.empty(), 0.0, 0.5, 0.1, 5);
        float[] x = constantBatch();
        Mixup.Mixed m = never.apply(x, new int[] {0, 1, 2, 3}, H, W, new SplittableRandom(1));
        assertEquals(1.0, m.lambda());
        assertArrayEquals(constantBatch(), x);
        assertArrayEquals(Mixup.smoothedOneHot(new int[] {0, 1, 2, 3}, 5, 0.1), m.targets());
    }

    @Test
    void sameSeedSameMix() {
        float[] a = constantBatch();
        float[] b = constantBatch();
        Mixup.Mixed ma = Mixup.official(4).apply(a, new int[] {0, 1, 2, 3}, H, W, new SplittableRandom(9));
        Mixup.Mixed mb = Mixup.official(4).apply(b, new int[] {0, 1, 2, 3}, H, W, new SplittableRandom(9));
        assertArrayEquals(a, b);
        assertArrayEquals(ma.targets(), mb.targets());
    }

    @Test
    void oddBatchIsRefused() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> Mixup.official(4)
                        .apply(new float[3 * C * H * W], new int[] {0, 1, 2}, H, W, new SplittableRandom(1)));
        assertTrue(e.getMessage().contains("even"), e.getMessage());
    }

    @Test
    void labelOutOfRangeIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Mixup.smoothedOneHot(new int[] {5}, 5, 0.1));
    }

    @Test
    void noMethodIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Mixup(0, 0, Optional.empty(), 1, 0.5, 0.1, 10));
    }
}
