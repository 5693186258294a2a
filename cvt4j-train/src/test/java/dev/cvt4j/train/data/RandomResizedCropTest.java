package dev.cvt4j.train.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvt4j.image.RgbImage;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The random crop: distribution of scale and ratio, fallback, output. */
class RandomResizedCropTest {

    @Test
    void scaleIsUniformAndLogRatioUniformWhenNothingIsRejected() {
        // on 1000 x 1000 with scale <= 0.5 every first attempt fits, so the draws are unbiased
        RandomResizedCrop crop = new RandomResizedCrop(32, 0.08, 0.5, 3 / 4.0, 4 / 3.0, Interpolation.BILINEAR);
        SplittableRandom rng = new SplittableRandom(11);
        int n = 20_000;
        double sumScale = 0;
        double sumLog = 0;
        double sumLog2 = 0;
        for (int i = 0; i < n; i++) {
            RandomResizedCrop.Box b = crop.box(1000, 1000, rng);
            assertTrue(b.left() >= 0 && b.top() >= 0 && b.left() + b.width() <= 1000 && b.top() + b.height() <= 1000);
            double scale = b.width() * (double) b.height() / 1e6;
            double logRatio = Math.log((double) b.width() / b.height());
            assertTrue(scale > 0.079 && scale < 0.502, "scale " + scale);
            assertTrue(Math.abs(logRatio) < Math.log(4 / 3.0) + 0.01, "ratio " + Math.exp(logRatio));
            sumScale += scale;
            sumLog += logRatio;
            sumLog2 += logRatio * logRatio;
        }
        assertEquals((0.08 + 0.5) / 2, sumScale / n, 0.003);
        assertEquals(0, sumLog / n, 0.003);
        double expectedStd = 2 * Math.log(4 / 3.0) / Math.sqrt(12);
        assertEquals(expectedStd, Math.sqrt(sumLog2 / n), 0.003);
    }

    @Test
    void placementIsUniform() {
        RandomResizedCrop crop = new RandomResizedCrop(32, 0.25, 0.25, 1, 1, Interpolation.BILINEAR);
        SplittableRandom rng = new SplittableRandom(5);
        double sumLeft = 0;
        int n = 10_000;
        for (int i = 0; i < n; i++) {
            RandomResizedCrop.Box b = crop.box(200, 200, rng);
            assertEquals(100, b.width());
            sumLeft += b.left();
        }
        assertEquals(50, sumLeft / n, 1.0);
    }

    @Test
    void fallsBackToACenterCropOfTheNearestAllowedRatio() {
        // 1000 x 100 (ratio 10): no attempt fits at scale >= 0.9; fallback h = 100, w = round(133.3) = 133
        RandomResizedCrop crop = new RandomResizedCrop(32, 0.9, 1, 3 / 4.0, 4 / 3.0, Interpolation.BILINEAR);
        assertEquals(new RandomResizedCrop.Box(433, 0, 133, 100), crop.box(1000, 100, new SplittableRandom(1)));
        assertEquals(new RandomResizedCrop.Box(0, 433, 100, 133), crop.box(100, 1000, new SplittableRandom(1)));
    }

    @Test
    void outputIsSizeSquaredAndDeterministic() {
        RgbImage img = new ShapesDataset(2, 1, 64, 3, "train").image(0);
        RandomResizedCrop crop = new RandomResizedCrop(24, 0.08, 1, 3 / 4.0, 4 / 3.0, Interpolation.RANDOM);
        RgbImage a = crop.apply(img, new SplittableRandom(9));
        assertEquals(24, a.width());
        assertEquals(24, a.height());
        assertEquals(a, crop.apply(img, new SplittableRandom(9)));
    }
}
