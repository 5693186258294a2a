package dev.cvt4j.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Unit checks of the Pillow resampler; bit-exactness against Pillow itself is in {@link PilParityTest}. */
class ResamplerTest {

    /** A {@code width x height} image whose R, G and B samples all equal {@code values[y * width + x]}. */
    private static RgbImage gray(int width, int height, int... values) {
        byte[] rgb = new byte[3 * values.length];
        for (int i = 0; i < values.length; i++) {
            Arrays.fill(rgb, 3 * i, 3 * i + 3, (byte) values[i]);
        }
        return RgbImage.of(width, height, rgb);
    }

    /**
     * 4 -> 2 with the triangle kernel widened to support 2: output 0 is centred at 1.0 and reads
     * pixels 0..2 with weights 0.75, 0.75, 0.25 (normalised 3/7, 3/7, 1/7), so (0, 70, 140) gives
     * 50; output 1 reads 70, 140, 210 with 1/7, 3/7, 3/7, giving 160. In 22-bit fixed point:
     * (2^21 + 70 * 1797559 + 140 * 599186) >> 22 = 50.
     */
    @Test
    void bilinearDownscaleMatchesHandComputedPillowArithmetic() {
        assertEquals(gray(2, 1, 50, 160), Resampler.resize(gray(4, 1, 0, 70, 140, 210), 2, 1, Filter.BILINEAR));
        assertEquals(gray(1, 2, 50, 160), Resampler.resize(gray(1, 4, 0, 70, 140, 210), 1, 2, Filter.BILINEAR));
    }

    /**
     * Upscaling 2 -> 4: the kernel is not widened. Output 1 (centre 0.75) weights pixels 0 and 1
     * by bicubic(0.25) = 0.8671875 and bicubic(0.75) = 0.2265625, normalised 0.79286 / 0.20714:
     * 255 * 0.20714 = 52.8 -> 53 ((2^21 + 255 * 868820) >> 22). Outputs 0 and 3 overshoot (weights
     * 1.088 / -0.088) and are clipped to 0 and 255.
     */
    @Test
    void bicubicUpscaleOvershootsAndClips() {
        assertEquals(gray(4, 1, 0, 53, 202, 255), Resampler.resize(gray(2, 1, 0, 255), 4, 1, Filter.BICUBIC));
    }

    @ParameterizedTest
    @EnumSource(Filter.class)
    void constantImageStaysConstant(Filter filter) {
        int[] values = new int[37 * 23];
        Arrays.fill(values, 201);
        RgbImage out = Resampler.resize(gray(37, 23, values), 11, 50, filter);
        int[] expected = new int[11 * 50];
        Arrays.fill(expected, 201);
        assertEquals(gray(11, 50, expected), out);
    }

    @Test
    void sameSizeIsACopy() {
        RgbImage in = gray(3, 2, 1, 2, 3, 4, 5, 6);
        RgbImage out = Resampler.resize(in, 3, 2, Filter.BICUBIC);
        assertEquals(in, out);
        assertNotSame(in, out);
    }

    @Test
    void onlyTheChangedDimensionIsFiltered() {
        // height unchanged: every row is resampled on its own, rows never mix
        RgbImage in = gray(4, 2, 0, 70, 140, 210, 9, 9, 9, 9);
        assertArrayEquals(
                gray(2, 2, 50, 160, 9, 9).toByteArray(),
                Resampler.resize(in, 2, 2, Filter.BILINEAR).toByteArray());
    }

    @Test
    void rejectsEmptyTarget() {
        assertThrows(IllegalArgumentException.class, () -> Resampler.resize(gray(1, 1, 0), 0, 1, Filter.BICUBIC));
    }

    /** A window of the resize is the same rectangle cropped from the full resize, bit for bit, for every pass combination. */
    @ParameterizedTest
    @EnumSource(Filter.class)
    void windowEqualsTheCropOfTheFullResize(Filter filter) {
        java.util.Random random = new java.util.Random(7);
        byte[] pixels = new byte[3 * 23 * 17];
        random.nextBytes(pixels);
        RgbImage in = RgbImage.of(23, 17, pixels);
        int[][] sizes = {{40, 30}, {9, 5}, {23, 40}, {50, 17}, {23, 17}};
        for (int[] size : sizes) {
            RgbImage full = Resampler.resize(in, size[0], size[1], filter);
            int w = Math.max(1, size[0] / 2);
            int h = Math.max(1, size[1] / 3);
            int left = (size[0] - w) / 2;
            int top = size[1] - h;
            assertEquals(
                    full.crop(left, top, w, h),
                    Resampler.resizeWindow(in, size[0], size[1], filter, left, top, w, h),
                    filter + " " + Arrays.toString(size));
        }
    }

    @Test
    void windowOfAHugeResizeNeedsNoHugeTables() {
        RgbImage line = RgbImage.of(1_000_000, 1, new byte[3_000_000]);
        RgbImage window = Resampler.resizeWindow(line, 256_000_000, 256, Filter.BICUBIC, 127_999_888, 16, 224, 224);
        assertEquals(224, window.width());
        assertThrows(
                IllegalArgumentException.class,
                () -> Resampler.resizeWindow(line, 100, 100, Filter.BICUBIC, 90, 0, 20, 10));
    }
}
