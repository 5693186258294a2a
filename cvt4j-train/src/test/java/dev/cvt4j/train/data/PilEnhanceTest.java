package dev.cvt4j.train.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cvt4j.image.RgbImage;
import org.junit.jupiter.api.Test;

/** Pillow's ImageEnhance: blend arithmetic, degenerate images and the SMOOTH filter. */
class PilEnhanceTest {

    @Test
    void brightnessTruncatesInsideAndClampsOutside() {
        RgbImage img = Images.row(255, 100, 200, 1);
        assertArrayEquals(new int[] {127, 50, 100, 0}, Images.firstRow(PilEnhance.brightness(img, 0.5)));
        assertArrayEquals(new int[] {255, 150, 255, 1}, Images.firstRow(PilEnhance.brightness(img, 1.5)));
        assertEquals(img, PilEnhance.brightness(img, 1.0));
    }

    @Test
    void contrastBlendsWithTheRoundedMeanLuma() {
        // lumas 0 and 255: mean 127.5, int(128.0) = 128
        RgbImage img = Images.row(0, 255);
        assertArrayEquals(new int[] {128, 128}, Images.firstRow(PilEnhance.contrast(img, 0)));
        assertArrayEquals(new int[] {64, 191}, Images.firstRow(PilEnhance.contrast(img, 0.5)));
        assertArrayEquals(new int[] {0, 255}, Images.firstRow(PilEnhance.contrast(img, 1.9)));
    }

    @Test
    void colorZeroIsGrayscale() {
        RgbImage img = RgbImage.of(2, 1, new byte[] {(byte) 255, 0, 0, 10, 20, (byte) 200});
        assertEquals(PilOps.grayscale(img), PilEnhance.color(img, 0));
        assertEquals(img, PilEnhance.color(img, 1));
    }

    @Test
    void sharpnessUsesTheSmoothKernelAndKeepsTheBorder() {
        // centre of SMOOTH: 0.5 + 130 * 5/13 = 50.5 -> 50; the border is copied
        int[][] g = {{0, 0, 0}, {0, 130, 0}, {0, 0, 0}};
        RgbImage img = Images.gray(g);
        RgbImage smooth = PilEnhance.sharpness(img, 0);
        assertEquals(50, smooth.sample(1, 1, 0));
        assertEquals(0, smooth.sample(0, 1, 0));
        RgbImage sharp = PilEnhance.sharpness(img, 2);
        assertEquals(210, sharp.sample(1, 1, 2));
        assertEquals(0, sharp.sample(2, 2, 2));
    }

    @Test
    void smoothIsACopyForImagesBelowThreeByThree() {
        RgbImage img = Images.gray(new int[][] {{0, 200}, {90, 30}});
        assertEquals(img, PilEnhance.sharpness(img, 0));
    }
}
