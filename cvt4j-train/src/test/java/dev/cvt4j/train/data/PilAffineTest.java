package dev.cvt4j.train.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.cvt4j.image.Filter;
import dev.cvt4j.image.RgbImage;
import org.junit.jupiter.api.Test;

/** Pillow's Image.transform(AFFINE) and rotate: sampling, fill, and the a = -1 cubic. */
class PilAffineTest {
    private static final int[] FILL = {124, 116, 104};
    private static final double[] IDENTITY = {1, 0, 0, 0, 1, 0};

    @Test
    void identityIsExactForBothFilters() {
        RgbImage img = Images.gray(new int[][] {{0, 50, 255}, {7, 128, 90}});
        assertEquals(img, PilAffine.transform(img, IDENTITY, Filter.BILINEAR, FILL));
        assertEquals(img, PilAffine.transform(img, IDENTITY, Filter.BICUBIC, FILL));
    }

    @Test
    void integerTranslationShiftsAndFills() {
        RgbImage img = Images.row(1, 2, 3, 4, 5);
        RgbImage out = PilAffine.transform(img, new double[] {1, 0, 2, 0, 1, 0}, Filter.BICUBIC, FILL);
        assertArrayEquals(new int[] {3, 4, 5, 124, 124}, Images.firstRow(out));
        assertEquals(104, out.sample(4, 0, 2));
    }

    @Test
    void halfPixelShiftShowsTheAMinusOneCubicAndTruncation() {
        // sample at 1.5 between 100 and 100 with neighbours 100 and 0: a = -1 gives 112.5 -> 112
        // (Keys a = -0.5 would give 106.25); bilinear gives 100; beyond the image: fill
        RgbImage img = Images.row(100, 100, 100, 0);
        double[] shift = {1, 0, 0.5, 0, 1, 0};
        RgbImage cubic = PilAffine.transform(img, shift, Filter.BICUBIC, FILL);
        assertEquals(112, cubic.sample(1, 0, 0));
        assertEquals(124, cubic.sample(3, 0, 0));
        RgbImage linear = PilAffine.transform(img, shift, Filter.BILINEAR, FILL);
        assertArrayEquals(new int[] {100, 100, 50, 124}, Images.firstRow(linear));
    }

    @Test
    void bicubicOvershootIsClamped() {
        RgbImage img = Images.row(255, 255, 255, 0);
        RgbImage out = PilAffine.transform(img, new double[] {1, 0, 0.5, 0, 1, 0}, Filter.BICUBIC, FILL);
        assertEquals(255, out.sample(1, 0, 0));
    }

    @Test
    void rotateNinetyIsAnExactCounterClockwiseTurn() {
        RgbImage img = Images.gray(new int[][] {{1, 2, 3}, {4, 5, 6}, {7, 8, 9}});
        RgbImage turned = Images.gray(new int[][] {{3, 6, 9}, {2, 5, 8}, {1, 4, 7}});
        assertEquals(turned, PilAffine.rotate(img, 90, Filter.BICUBIC, FILL));
        assertEquals(turned, PilAffine.rotate(img, -270, Filter.BILINEAR, FILL));
    }

    @Test
    void rotateZeroReturnsTheImage() {
        RgbImage img = Images.row(1, 2, 3);
        assertSame(img, PilAffine.rotate(img, 360, Filter.BICUBIC, FILL));
    }

    @Test
    void rotationUncoversCornersWithTheFill() {
        RgbImage img = Images.solid(20, 20, 0, 0, 0);
        RgbImage out = PilAffine.rotate(img, 30, Filter.BILINEAR, FILL);
        assertEquals(124, out.sample(0, 0, 0));
        assertEquals(116, out.sample(19, 19, 1));
        assertEquals(0, out.sample(10, 10, 0));
    }
}
