package dev.cvt4j.train.data;

import dev.cvt4j.image.RgbImage;

/**
 * Pillow 9.4's {@code ImageOps} point and histogram operations on 8-bit RGB images, value for
 * value: each builds a per-channel lookup table as the Python code does and applies it with
 * {@code Image.point} (table entries clamped to 0..255, Pillow's {@code CLIP8}). Also the RGB to
 * {@code "L"} conversion they and {@code ImageEnhance} rely on, and the flips.
 */
public final class PilOps {
    private PilOps() {}

    /**
     * {@code ImageOps.invert}: {@code 255 - v}.
     *
     * @param image the image
     * @return the inverted image
     */
    public static RgbImage invert(RgbImage image) {
        int[] lut = new int[256];
        for (int i = 0; i < 256; i++) {
            lut[i] = 255 - i;
        }
        return point(image, lut);
    }

    /**
     * {@code ImageOps.posterize}: keeps the {@code bits} most significant bits of every sample.
     *
     * @param image the image
     * @param bits bits to keep, 0..8 (0 makes the image black)
     * @return the posterized image
     * @throws IllegalArgumentException if {@code bits} is outside 0..8
     */
    public static RgbImage posterize(RgbImage image, int bits) {
        if (bits < 0 || bits > 8) {
            throw new IllegalArgumentException("posterize keeps 0..8 bits, got " + bits);
        }
        int mask = ~((1 << (8 - bits)) - 1);
        int[] lut = new int[256];
        for (int i = 0; i < 256; i++) {
            lut[i] = i & mask;
        }
        return point(image, lut);
    }

    /**
     * {@code ImageOps.solarize}: inverts every sample at or above the threshold.
     *
     * @param image the image
     * @param threshold samples {@code >= threshold} become {@code 255 - v}; 256 or more changes nothing
     * @return the solarized image
     */
    public static RgbImage solarize(RgbImage image, int threshold) {
        int[] lut = new int[256];
        for (int i = 0; i < 256; i++) {
            lut[i] = i < threshold ? i : 255 - i;
        }
        return point(image, lut);
    }

    /**
     * timm's {@code solarize_add}: adds {@code add} to every sample below the threshold, clamped at 255.
     *
     * @param image the image
     * @param add the amount added, 0..110 in RandAugment
     * @param threshold samples {@code < threshold} are raised (timm uses 128)
     * @return the image
     */
    public static RgbImage solarizeAdd(RgbImage image, int add, int threshold) {
        int[] lut = new int[256];
        for (int i = 0; i < 256; i++) {
            lut[i] = i < threshold ? Math.min(255, i + add) : i;
        }
        return point(image, lut);
    }

    /**
     * {@code ImageOps.autocontrast(image)} with no cutoff: per channel, stretches {@code [lo, hi]}
     * (the lowest and highest sample present) to {@code [0, 255]} with {@code int(v * scale +
     * offset)}, {@code scale = 255 / (hi - lo)}, {@code offset = -lo * scale}; a channel with a
     * single value is left unchanged.
     *
     * @param image the image
     * @return the stretched image
     */
    public static RgbImage autocontrast(RgbImage image) {
        int[][] hist = histogram(image);
        int[][] luts = new int[3][256];
        for (int c = 0; c < 3; c++) {
            int lo = 0;
            while (lo < 255 && hist[c][lo] == 0) {
                lo++;
            }
            int hi = 255;
            while (hi > 0 && hist[c][hi] == 0) {
                hi--;
            }
            if (hi <= lo) {
                luts[c] = identity();
                continue;
            }
            double scale = 255.0 / (hi - lo);
            double offset = -lo * scale;
            for (int i = 0; i < 256; i++) {
                luts[c][i] = Math.max(0, Math.min(255, (int) (i * scale + offset)));
            }
        }
        return point(image, luts);
    }

    /**
     * {@code ImageOps.equalize}: per channel, with {@code step = (total - count of the highest
     * present value) // 256}, maps {@code v} to {@code (step // 2 + count of values below v) //
     * step}, clamped to 255; a channel with one value, or with {@code step == 0}, is unchanged.
     *
     * @param image the image
     * @return the equalized image
     */
    public static RgbImage equalize(RgbImage image) {
        int[][] hist = histogram(image);
        int[][] luts = new int[3][];
        for (int c = 0; c < 3; c++) {
            int[] h = hist[c];
            long total = 0;
            int present = 0;
            int last = 0;
            for (int i = 0; i < 256; i++) {
                if (h[i] != 0) {
                    total += h[i];
                    present++;
                    last = h[i];
                }
            }
            long step = present <= 1 ? 0 : (total - last) / 256;
            if (step == 0) {
                luts[c] = identity();
                continue;
            }
            luts[c] = new int[256];
            long n = step / 2;
            for (int i = 0; i < 256; i++) {
                luts[c][i] = (int) Math.min(255, n / step);
                n += h[i];
            }
        }
        return point(image, luts);
    }

    /**
     * {@code image.convert("L")} (Pillow's {@code rgb2l}): {@code (19595 R + 38470 G + 7471 B +
     * 0x8000) >> 16} per pixel, ITU-R 601-2 luma in 16-bit fixed point.
     *
     * @param image the image
     * @return {@code width * height} luma values, row-major
     */
    public static int[] luma(RgbImage image) {
        byte[] p = image.toByteArray();
        int[] l = new int[p.length / 3];
        for (int i = 0; i < l.length; i++) {
            l[i] = ((p[3 * i] & 0xFF) * 19595 + (p[3 * i + 1] & 0xFF) * 38470 + (p[3 * i + 2] & 0xFF) * 7471 + 0x8000)
                    >> 16;
        }
        return l;
    }

    /**
     * {@code image.convert("L").convert("RGB")}: the luma replicated into the three channels.
     *
     * @param image the image
     * @return the gray image
     */
    public static RgbImage grayscale(RgbImage image) {
        int[] l = luma(image);
        byte[] out = new byte[3 * l.length];
        for (int i = 0; i < l.length; i++) {
            out[3 * i] = (byte) l[i];
            out[3 * i + 1] = (byte) l[i];
            out[3 * i + 2] = (byte) l[i];
        }
        return RgbImage.of(image.width(), image.height(), out);
    }

    /**
     * {@code image.transpose(FLIP_LEFT_RIGHT)} (torchvision {@code hflip}).
     *
     * @param image the image
     * @return the mirrored image
     */
    public static RgbImage flipHorizontal(RgbImage image) {
        int w = image.width();
        byte[] p = image.toByteArray();
        byte[] out = new byte[p.length];
        for (int y = 0; y < image.height(); y++) {
            for (int x = 0; x < w; x++) {
                System.arraycopy(p, (y * w + x) * 3, out, (y * w + w - 1 - x) * 3, 3);
            }
        }
        return RgbImage.of(w, image.height(), out);
    }

    /**
     * {@code image.transpose(FLIP_TOP_BOTTOM)} (torchvision {@code vflip}).
     *
     * @param image the image
     * @return the upside-down image
     */
    public static RgbImage flipVertical(RgbImage image) {
        int stride = 3 * image.width();
        int h = image.height();
        byte[] p = image.toByteArray();
        byte[] out = new byte[p.length];
        for (int y = 0; y < h; y++) {
            System.arraycopy(p, y * stride, out, (h - 1 - y) * stride, stride);
        }
        return RgbImage.of(image.width(), h, out);
    }

    /** {@code Image.histogram()} of an RGB image: 256 counts per channel. */
    static int[][] histogram(RgbImage image) {
        byte[] p = image.toByteArray();
        int[][] h = new int[3][256];
        for (int i = 0; i < p.length; i++) {
            h[i % 3][p[i] & 0xFF]++;
        }
        return h;
    }

    /** {@code Image.point(lut)} with one table for all three channels. */
    static RgbImage point(RgbImage image, int[] lut) {
        return point(image, new int[][] {lut, lut, lut});
    }

    /** {@code Image.point(lut)} with a table per channel; entries are clamped to 0..255. */
    static RgbImage point(RgbImage image, int[][] luts) {
        byte[] p = image.toByteArray();
        for (int i = 0; i < p.length; i++) {
            int v = luts[i % 3][p[i] & 0xFF];
            p[i] = (byte) Math.max(0, Math.min(255, v));
        }
        return RgbImage.of(image.width(), image.height(), p);
    }

    private static int[] identity() {
        int[] lut = new int[256];
        for (int i = 0; i < 256; i++) {
            lut[i] = i;
        }
        return lut;
    }
}
