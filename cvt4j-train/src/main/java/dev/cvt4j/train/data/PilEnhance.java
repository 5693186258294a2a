package dev.cvt4j.train.data;

import dev.cvt4j.image.RgbImage;
import java.util.Arrays;

/**
 * Pillow 9.4's {@code ImageEnhance}: every enhancer blends the image with a degenerate version of
 * it, {@code Image.blend(degenerate, image, factor)}; factor 1 returns the image, 0 the degenerate
 * one, values above 1 extrapolate.
 *
 * <p>{@code Image.blend} (Pillow {@code Blend.c}) computes {@code d + alpha * (v - d)} in float32
 * with alpha rounded to float32, truncates toward zero, and clamps to 0..255 only when alpha is
 * outside [0, 1]; this class does the same arithmetic.
 */
public final class PilEnhance {
    /** {@code ImageFilter.SMOOTH}: the 3 x 3 kernel (1 1 1, 1 5 1, 1 1 1) / 13. */
    private static final float SMOOTH_EDGE = 1f / 13f;

    private static final float SMOOTH_CENTRE = 5f / 13f;

    private PilEnhance() {}

    /**
     * {@code ImageEnhance.Brightness}: blends with black.
     *
     * @param image the image
     * @param factor 0 black, 1 unchanged
     * @return the enhanced image
     */
    public static RgbImage brightness(RgbImage image, double factor) {
        return blend(new byte[3 * image.width() * image.height()], image, factor);
    }

    /**
     * {@code ImageEnhance.Color} (saturation): blends with {@code image.convert("L").convert("RGB")}.
     *
     * @param image the image
     * @param factor 0 gray, 1 unchanged
     * @return the enhanced image
     */
    public static RgbImage color(RgbImage image, double factor) {
        return blend(PilOps.grayscale(image).toByteArray(), image, factor);
    }

    /**
     * {@code ImageEnhance.Contrast}: blends with a uniform gray at {@code int(mean luma + 0.5)}
     * (the mean from {@code ImageStat} of {@code image.convert("L")}).
     *
     * @param image the image
     * @param factor 0 uniform gray, 1 unchanged
     * @return the enhanced image
     */
    public static RgbImage contrast(RgbImage image, double factor) {
        int[] luma = PilOps.luma(image);
        long[] hist = new long[256];
        for (int l : luma) {
            hist[l]++;
        }
        double sum = 0.0;
        for (int j = 0; j < 256; j++) {
            sum += j * hist[j];
        }
        byte mean = (byte) (int) (sum / luma.length + 0.5);
        byte[] degenerate = new byte[3 * luma.length];
        Arrays.fill(degenerate, mean);
        return blend(degenerate, image, factor);
    }

    /**
     * {@code ImageEnhance.Sharpness}: blends with {@code image.filter(ImageFilter.SMOOTH)}.
     *
     * @param image the image
     * @param factor 0 smoothed, 1 unchanged, 2 sharpened
     * @return the enhanced image
     */
    public static RgbImage sharpness(RgbImage image, double factor) {
        return blend(smooth(image), image, factor);
    }

    /**
     * {@code Image.blend(im1, im2, alpha)} on HWC bytes: {@code im1 + alpha * (im2 - im1)}.
     *
     * @param degenerate {@code im1}, HWC bytes of the same size as {@code image}
     * @param image {@code im2}
     * @param factor alpha
     * @return the blend
     */
    static RgbImage blend(byte[] degenerate, RgbImage image, double factor) {
        float alpha = (float) factor;
        boolean clamp = !(alpha >= 0 && alpha <= 1.0);
        byte[] p = image.toByteArray();
        for (int i = 0; i < p.length; i++) {
            int d = degenerate[i] & 0xFF;
            float v = d + alpha * ((p[i] & 0xFF) - d);
            p[i] = (byte) (clamp ? (v <= 0f ? 0 : v >= 255f ? 255 : (int) v) : (int) v);
        }
        return RgbImage.of(image.width(), image.height(), p);
    }

    /**
     * Pillow's {@code ImagingFilter} with the SMOOTH kernel ({@code ImagingFilter3x3}): an image
     * smaller than 3 x 3 is copied; otherwise the border rows and columns are copied and every inner
     * sample is the float32 sum {@code 0.5 + row below + centre row + row above} (each row left to
     * right), clamped to 0..255 and truncated.
     */
    private static byte[] smooth(RgbImage image) {
        int w = image.width();
        int h = image.height();
        byte[] in = image.toByteArray();
        byte[] out = in.clone();
        for (int y = 1; y < h - 1 && w >= 3; y++) {
            for (int x = 1; x < w - 1; x++) {
                for (int c = 0; c < 3; c++) {
                    int i = (y * w + x) * 3 + c;
                    float ss = 0.5f;
                    ss += row(in, i + 3 * w, SMOOTH_EDGE, SMOOTH_EDGE);
                    ss += row(in, i, SMOOTH_EDGE, SMOOTH_CENTRE);
                    ss += row(in, i - 3 * w, SMOOTH_EDGE, SMOOTH_EDGE);
                    out[i] = (byte) (ss <= 0f ? 0 : ss >= 255f ? 255 : (int) ss);
                }
            }
        }
        return out;
    }

    /** {@code KERNEL1x3}: left, centre and right samples of one row, weighted {@code side, centre, side}. */
    private static float row(byte[] in, int centre, float side, float middle) {
        return (in[centre - 3] & 0xFF) * side + (in[centre] & 0xFF) * middle + (in[centre + 3] & 0xFF) * side;
    }
}
