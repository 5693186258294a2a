package dev.cvt4j.train.data;

import dev.cvt4j.image.Filter;
import dev.cvt4j.image.RgbImage;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Pillow 9.4's {@code Image.transform(size, AFFINE, (a, b, c, d, e, f), resample, fillcolor=...)}
 * and {@code Image.rotate(angle, resample, fillcolor=...)} for 8-bit RGB images, after {@code
 * ImagingGenericTransform} in {@code Geometry.c}.
 *
 * <p>Output pixel {@code (x, y)} samples the input at {@code (a (x + .5) + b (y + .5) + c, d (x +
 * .5) + e (y + .5) + f)}; a point outside {@code [0, w) x [0, h)} gets the fill colour, a point
 * inside is interpolated around {@code (xin - .5, yin - .5)} with the neighbours clamped to the
 * image. Unlike {@code Image.resize} (see {@link dev.cvt4j.image.Resampler}) nothing is
 * antialiased: bilinear reads 2 x 2 samples, bicubic 4 x 4 with Pillow's geometry kernel, which
 * is the cubic convolution with {@code a = -1} (not the {@code -0.5} of resizing). Both compute in
 * double precision and truncate toward zero; bicubic clamps to 0..255 first.
 */
public final class PilAffine {
    private PilAffine() {}

    /**
     * {@code image.transform(image.size, Image.AFFINE, matrix, resample, fillcolor=fill)}.
     *
     * @param image the image
     * @param matrix {@code (a, b, c, d, e, f)}: output to input coordinates, 6 values
     * @param filter {@link Filter#BILINEAR} or {@link Filter#BICUBIC}
     * @param fill the colour of points that map outside the input (R, G, B), 0..255 each
     * @return an image of the same size
     * @throws IllegalArgumentException if {@code matrix} does not hold 6 values or {@code fill} 3
     */
    public static RgbImage transform(RgbImage image, double[] matrix, Filter filter, int[] fill) {
        if (matrix.length != 6 || fill.length != 3) {
            throw new IllegalArgumentException("an affine transform takes 6 coefficients and a 3-channel fill, got "
                    + matrix.length + " and " + fill.length);
        }
        int w = image.width();
        int h = image.height();
        byte[] in = image.toByteArray();
        byte[] out = new byte[in.length];
        double[] v = new double[3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double xin = matrix[0] * (x + 0.5) + matrix[1] * (y + 0.5) + matrix[2];
                double yin = matrix[3] * (x + 0.5) + matrix[4] * (y + 0.5) + matrix[5];
                int o = (y * w + x) * 3;
                if (xin < 0.0 || xin >= w || yin < 0.0 || yin >= h) {
                    for (int c = 0; c < 3; c++) {
                        out[o + c] = (byte) fill[c];
                    }
                    continue;
                }
                if (filter == Filter.BICUBIC) {
                    bicubic(in, w, h, xin - 0.5, yin - 0.5, v);
                    for (int c = 0; c < 3; c++) {
                        out[o + c] = (byte) (v[c] <= 0.0 ? 0 : v[c] >= 255.0 ? 255 : (int) v[c]);
                    }
                } else {
                    bilinear(in, w, h, xin - 0.5, yin - 0.5, v);
                    for (int c = 0; c < 3; c++) {
                        out[o + c] = (byte) (int) v[c];
                    }
                }
            }
        }
        return RgbImage.of(w, h, out);
    }

    /**
     * {@code image.rotate(degrees, resample, fillcolor=fill)}: counter-clockwise about the centre
     * {@code (w / 2, h / 2)}, same size, matrix entries rounded to 15 decimals as Pillow does. An
     * angle that is a multiple of 360 returns the image unchanged.
     *
     * @param image the image
     * @param degrees the angle, counter-clockwise
     * @param filter {@link Filter#BILINEAR} or {@link Filter#BICUBIC}
     * @param fill the colour of the uncovered corners (R, G, B)
     * @return the rotated image
     */
    public static RgbImage rotate(RgbImage image, double degrees, Filter filter, int[] fill) {
        double angle = degrees % 360.0;
        if (angle < 0) {
            angle += 360.0; // Python's float modulo takes the divisor's sign
        }
        if (angle == 0.0) {
            return image;
        }
        double radians = -Math.toRadians(angle);
        double a = round15(Math.cos(radians));
        double b = round15(Math.sin(radians));
        double d = round15(-Math.sin(radians));
        double e = round15(Math.cos(radians));
        double cx = image.width() / 2.0;
        double cy = image.height() / 2.0;
        double c = a * -cx + b * -cy + cx;
        double f = d * -cx + e * -cy + cy;
        return transform(image, new double[] {a, b, c, d, e, f}, filter, fill);
    }

    /** Python's {@code round(x, 15)}: the exact binary value rounded half to even at 15 decimals. */
    private static double round15(double x) {
        return new BigDecimal(x).setScale(15, RoundingMode.HALF_EVEN).doubleValue();
    }

    /** {@code BILINEAR_HEAD}/{@code BILINEAR_BODY}: rows clamped, the lower row repeating at the edge. */
    private static void bilinear(byte[] in, int w, int h, double xin, double yin, double[] v) {
        int x = (int) Math.floor(xin);
        int y = (int) Math.floor(yin);
        double dx = xin - x;
        double dy = yin - y;
        int x0 = clamp(x, w);
        int x1 = clamp(x + 1, w);
        int r0 = clamp(y, h) * w;
        int r1 = y + 1 < h ? (y + 1) * w : -1;
        for (int c = 0; c < 3; c++) {
            double p = in[(r0 + x0) * 3 + c] & 0xFF;
            double v1 = p + ((in[(r0 + x1) * 3 + c] & 0xFF) - p) * dx;
            double v2 = v1;
            if (r1 >= 0) {
                double q = in[(r1 + x0) * 3 + c] & 0xFF;
                v2 = q + ((in[(r1 + x1) * 3 + c] & 0xFF) - q) * dx;
            }
            v[c] = v1 + (v2 - v1) * dy;
        }
    }

    /** {@code BICUBIC_HEAD}/{@code BICUBIC_BODY}: each row outside the image repeats the one before. */
    private static void bicubic(byte[] in, int w, int h, double xin, double yin, double[] v) {
        int x = (int) Math.floor(xin) - 1;
        int y = (int) Math.floor(yin) - 1;
        double dx = xin - (x + 1);
        double dy = yin - (y + 1);
        int[] xs = {clamp(x, w), clamp(x + 1, w), clamp(x + 2, w), clamp(x + 3, w)};
        double[] rows = new double[4];
        for (int c = 0; c < 3; c++) {
            for (int j = 0; j < 4; j++) {
                int row = y + j;
                if (j == 0) {
                    row = clamp(row, h);
                } else if (row < 0 || row >= h) {
                    rows[j] = rows[j - 1];
                    continue;
                }
                int base = row * w;
                rows[j] = cubic(
                        in[(base + xs[0]) * 3 + c] & 0xFF,
                        in[(base + xs[1]) * 3 + c] & 0xFF,
                        in[(base + xs[2]) * 3 + c] & 0xFF,
                        in[(base + xs[3]) * 3 + c] & 0xFF,
                        dx);
            }
            v[c] = cubic(rows[0], rows[1], rows[2], rows[3], dy);
        }
    }

    /** Pillow's {@code BICUBIC} macro: cubic convolution with {@code a = -1} between v2 and v3. */
    private static double cubic(double v1, double v2, double v3, double v4, double d) {
        double p1 = v2;
        double p2 = -v1 + v3;
        double p3 = 2 * (v1 - v2) + v3 - v4;
        double p4 = -v1 + v2 - v3 + v4;
        return p1 + d * (p2 + d * (p3 + d * p4));
    }

    private static int clamp(int i, int size) {
        return i < 0 ? 0 : Math.min(i, size - 1);
    }
}
