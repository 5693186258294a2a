package dev.cvt4j.train.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cvt4j.image.RgbImage;
import org.junit.jupiter.api.Test;

/** Pillow's ImageOps semantics on hand-computed cases. */
class PilOpsTest {

    @Test
    void posterizeKeepsTheHighBits() {
        RgbImage img = Images.row(0b1011_0111, 0b0110_0001, 255);
        assertArrayEquals(new int[] {0b1000_0000, 0b0100_0000, 0b1100_0000}, Images.firstRow(PilOps.posterize(img, 2)));
        assertArrayEquals(new int[] {0b1000_0000, 0, 0b1000_0000}, Images.firstRow(PilOps.posterize(img, 1)));
        assertArrayEquals(new int[] {0, 0, 0}, Images.firstRow(PilOps.posterize(img, 0)));
        assertEquals(img, PilOps.posterize(img, 8));
        assertThrows(IllegalArgumentException.class, () -> PilOps.posterize(img, 9));
    }

    @Test
    void solarizeInvertsFromTheThreshold() {
        RgbImage img = Images.row(0, 127, 128, 200, 255);
        assertArrayEquals(new int[] {0, 127, 127, 55, 0}, Images.firstRow(PilOps.solarize(img, 128)));
        assertEquals(img, PilOps.solarize(img, 256));
        assertArrayEquals(new int[] {255, 128, 127, 55, 0}, Images.firstRow(PilOps.solarize(img, 0)));
    }

    @Test
    void solarizeAddRaisesOnlyBelowTheThresholdAndClamps() {
        RgbImage img = Images.row(10, 100, 127, 128, 250);
        assertArrayEquals(new int[] {109, 199, 226, 128, 250}, Images.firstRow(PilOps.solarizeAdd(img, 99, 128)));
        assertArrayEquals(new int[] {110, 200, 227, 228, 255}, Images.firstRow(PilOps.solarizeAdd(img, 100, 256)));
    }

    @Test
    void invert() {
        assertArrayEquals(new int[] {255, 155, 0}, Images.firstRow(PilOps.invert(Images.row(0, 100, 255))));
    }

    @Test
    void autocontrastStretchesEachChannelWithTruncation() {
        // lo 10, hi 20: scale 25.5, offset -255; 15 -> int(127.5) = 127
        RgbImage img = Images.row(10, 15, 20, 12);
        assertArrayEquals(new int[] {0, 127, 255, 51}, Images.firstRow(PilOps.autocontrast(img)));
        RgbImage flat = Images.solid(3, 2, 40, 40, 40);
        assertEquals(flat, PilOps.autocontrast(flat));
    }

    @Test
    void autocontrastTreatsChannelsSeparately() {
        byte[] rgb = {10, 0, 7, 20, 0, 9};
        RgbImage out = PilOps.autocontrast(RgbImage.of(2, 1, rgb));
        assertArrayEquals(new byte[] {0, 0, 0, (byte) 255, 0, (byte) 255}, out.toByteArray());
    }

    @Test
    void equalizeSpreadsTheHistogramLikePillow() {
        // 256 pixels each of 10, 20, 30: step = (768 - 256) // 256 = 2; lut 10 -> 0, 20 -> 257 // 2 = 128,
        // 30 -> 513 // 2 = 256, clamped to 255
        int[][] gray = new int[3][256];
        for (int x = 0; x < 256; x++) {
            gray[0][x] = 10;
            gray[1][x] = 20;
            gray[2][x] = 30;
        }
        RgbImage out = PilOps.equalize(Images.gray(gray));
        assertEquals(0, out.sample(5, 0, 1));
        assertEquals(128, out.sample(5, 1, 1));
        assertEquals(255, out.sample(5, 2, 2));
    }

    @Test
    void equalizeLeavesSmallOrSingleValuedHistogramsAlone() {
        RgbImage few = Images.row(10, 20, 30, 40);
        assertEquals(few, PilOps.equalize(few));
        RgbImage flat = Images.solid(40, 40, 7, 7, 7);
        assertEquals(flat, PilOps.equalize(flat));
    }

    @Test
    void lumaIsPillowsFixedPointRec601() {
        byte[] rgb = {(byte) 255, 0, 0, 0, (byte) 255, 0, 0, 0, (byte) 255, (byte) 255, (byte) 255, (byte) 255};
        assertArrayEquals(new int[] {76, 150, 29, 255}, PilOps.luma(RgbImage.of(4, 1, rgb)));
        RgbImage gray = PilOps.grayscale(RgbImage.of(4, 1, rgb));
        assertEquals(150, gray.sample(1, 0, 0));
        assertEquals(150, gray.sample(1, 0, 2));
    }

    @Test
    void flips() {
        RgbImage img = Images.gray(new int[][] {{1, 2, 3}, {4, 5, 6}});
        assertEquals(Images.gray(new int[][] {{3, 2, 1}, {6, 5, 4}}), PilOps.flipHorizontal(img));
        assertEquals(Images.gray(new int[][] {{4, 5, 6}, {1, 2, 3}}), PilOps.flipVertical(img));
    }
}
