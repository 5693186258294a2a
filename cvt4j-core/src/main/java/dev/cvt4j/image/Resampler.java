package dev.cvt4j.image;

import java.util.Arrays;

/**
 * Pillow's {@code Image.resize(size, filter)} for 8-bit RGB images, bit for bit (Pillow 9.4
 * {@code src/libImaging/Resample.c}: {@code ImagingResampleInner}, {@code precompute_coeffs},
 * {@code normalize_coeffs_8bpc}, {@code ImagingResampleHorizontal_8bpc}/{@code Vertical_8bpc}).
 *
 * <p>The algorithm: a separable convolution, horizontal pass first. For each output pixel the
 * kernel is centred at {@code (i + 0.5) * scale} in source coordinates, where {@code scale = in /
 * out}; when shrinking, the kernel is widened by {@code scale} (antialiasing). The weights are
 * normalised to sum 1 in double precision, then converted to fixed point with 22 fractional bits
 * ({@code PRECISION_BITS = 32 - 8 - 2}), rounding half away from zero. Each pass accumulates
 * integer products starting from {@code 1 << 21} and keeps {@code sum >> 22} clamped to 0..255, so
 * the intermediate image is 8-bit. A pass is skipped when its dimension does not change, and the
 * horizontal pass computes only the rows the vertical pass reads.
 *
 * <p>{@link #resizeWindow} computes only a window of the resized image: since every output pixel
 * has its own coefficients, the window equals the same rectangle cropped from the full resize, bit
 * for bit, while time and memory grow with the window, not with the resized size (resizing the
 * shorter side of a 1 x 4,000,000 image to 256 pixels would need a 1,024,000,000-pixel image and
 * coefficient tables of gigabytes; the 224 x 224 center crop of it needs neither). A pass whose
 * coefficient table would exceed {@value #MAX_COEFFICIENTS} entries is refused.
 */
public final class Resampler {
    private static final int PRECISION_BITS = 32 - 8 - 2;
    private static final int HALF = 1 << (PRECISION_BITS - 1);
    /** The most fixed-point weights one pass may need (256 MiB of ints). */
    static final long MAX_COEFFICIENTS = 1L << 26;

    private Resampler() {}

    /**
     * Resizes an image as PIL's {@code image.resize((width, height), filter)} does.
     *
     * @param image the source image
     * @param width output width in pixels, positive
     * @param height output height in pixels, positive
     * @param filter the kernel
     * @return the resized image; a copy when the size does not change
     * @throws IllegalArgumentException if a size is not positive, or a pass needs more than
     *     {@value #MAX_COEFFICIENTS} coefficients
     */
    public static RgbImage resize(RgbImage image, int width, int height, Filter filter) {
        return resizeWindow(image, width, height, filter, 0, 0, width, height);
    }

    /**
     * The window {@code [left, left + windowWidth) x [top, top + windowHeight)} of {@code resize(image,
     * width, height, filter)}, computed without the rest of the resized image.
     *
     * @param image the source image
     * @param width width of the full resized image, positive
     * @param height height of the full resized image, positive
     * @param filter the kernel
     * @param left first column of the window, at least 0
     * @param top first row of the window, at least 0
     * @param windowWidth window width, positive, {@code left + windowWidth <= width}
     * @param windowHeight window height, positive, {@code top + windowHeight <= height}
     * @return the window, a new {@code windowWidth x windowHeight} image
     * @throws IllegalArgumentException if a size is not positive, the window is not inside the resized
     *     image, or a pass needs more than {@value #MAX_COEFFICIENTS} coefficients
     */
    public static RgbImage resizeWindow(
            RgbImage image,
            int width,
            int height,
            Filter filter,
            int left,
            int top,
            int windowWidth,
            int windowHeight) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("resize target must be positive, got " + width + " x " + height);
        }
        if (windowWidth <= 0
                || windowHeight <= 0
                || left < 0
                || top < 0
                || (long) left + windowWidth > width
                || (long) top + windowHeight > height) {
            throw new IllegalArgumentException("window " + windowWidth + " x " + windowHeight + " at (" + left + ", "
                    + top + ") is not inside the resized " + width + " x " + height + " image");
        }
        boolean resampleRows = height != image.height();
        Coefficients vertical =
                resampleRows ? Coefficients.of(image.height(), height, filter, top, windowHeight) : null;
        int firstRow = resampleRows ? vertical.first(0) : top;
        int endRow =
                resampleRows ? vertical.first(windowHeight - 1) + vertical.count(windowHeight - 1) : top + windowHeight;
        byte[] rows = width != image.width()
                ? horizontal(
                        image.data(),
                        image.width(),
                        firstRow,
                        endRow - firstRow,
                        Coefficients.of(image.width(), width, filter, left, windowWidth))
                : image.crop(left, firstRow, windowWidth, endRow - firstRow).data();
        return new RgbImage(
                windowWidth, windowHeight, resampleRows ? vertical(rows, windowWidth, firstRow, vertical) : rows);
    }

    /** Filters rows {@code [firstRow, firstRow + rows)} of {@code src} along x. */
    private static byte[] horizontal(byte[] src, int srcWidth, int firstRow, int rows, Coefficients k) {
        int outWidth = k.outSize();
        byte[] out = new byte[3 * outWidth * rows];
        for (int y = 0; y < rows; y++) {
            int rowBase = (y + firstRow) * srcWidth;
            for (int x = 0; x < outWidth; x++) {
                int r = HALF;
                int g = HALF;
                int b = HALF;
                int p = (rowBase + k.first(x)) * 3;
                for (int i = 0, w = k.base(x); i < k.count(x); i++, w++, p += 3) {
                    int weight = k.weights[w];
                    r += (src[p] & 0xFF) * weight;
                    g += (src[p + 1] & 0xFF) * weight;
                    b += (src[p + 2] & 0xFF) * weight;
                }
                int o = (y * outWidth + x) * 3;
                out[o] = clip8(r);
                out[o + 1] = clip8(g);
                out[o + 2] = clip8(b);
            }
        }
        return out;
    }

    /**
     * Filters {@code src} along y; row {@code j} of {@code src} is source row {@code j + rowOffset}. Each
     * output row accumulates whole source rows, one weight at a time (contiguous reads); integer sums do
     * not depend on their order, so the result is Pillow's.
     */
    private static byte[] vertical(byte[] src, int width, int rowOffset, Coefficients k) {
        int outHeight = k.outSize();
        int stride = 3 * width;
        byte[] out = new byte[stride * outHeight];
        int[] acc = new int[stride];
        for (int y = 0; y < outHeight; y++) {
            Arrays.fill(acc, HALF);
            int row = (k.first(y) - rowOffset) * stride;
            for (int i = 0, w = k.base(y); i < k.count(y); i++, w++, row += stride) {
                int weight = k.weights[w];
                for (int s = 0; s < stride; s++) {
                    acc[s] += (src[row + s] & 0xFF) * weight;
                }
            }
            int o = y * stride;
            for (int s = 0; s < stride; s++) {
                out[o + s] = clip8(acc[s]);
            }
        }
        return out;
    }

    /** Pillow's {@code clip8}: the fixed-point sum shifted down and clamped to 0..255. */
    private static byte clip8(int acc) {
        int v = acc >> PRECISION_BITS;
        return (byte) (v < 0 ? 0 : Math.min(v, 255));
    }

    /**
     * Fixed-point weights of one pass, for {@code outSize} consecutive output pixels of a window:
     * window pixel {@code i} reads source pixels {@code first(i) .. first(i) + count(i) - 1} with
     * weights {@code weights[base(i) ..]}.
     */
    private record Coefficients(int outSize, int kernelSize, int[] bounds, int[] weights) {
        int first(int i) {
            return bounds[2 * i];
        }

        int count(int i) {
            return bounds[2 * i + 1];
        }

        int base(int i) {
            return i * kernelSize;
        }

        /**
         * Pillow's {@code precompute_coeffs} followed by {@code normalize_coeffs_8bpc}, box (0, inSize),
         * for output pixels {@code offset .. offset + window - 1} of {@code outSize}.
         */
        static Coefficients of(int inSize, int outSize, Filter filter, int offset, int window) {
            double scale = (double) inSize / outSize;
            double filterScale = Math.max(scale, 1.0);
            double support = filter.support() * filterScale;
            long kernel = (long) Math.ceil(support) * 2 + 1;
            if (kernel * window > MAX_COEFFICIENTS) {
                throw new IllegalArgumentException("resampling " + inSize + " pixels to " + outSize + " needs "
                        + kernel * window + " coefficients, more than " + MAX_COEFFICIENTS);
            }
            int kernelSize = (int) kernel;
            int[] bounds = new int[2 * window];
            int[] weights = new int[window * kernelSize];
            double[] k = new double[kernelSize];
            double ss = 1.0 / filterScale;
            for (int i = 0; i < window; i++) {
                double center = (offset + i + 0.5) * scale;
                int min = Math.max((int) (center - support + 0.5), 0);
                int count = Math.min((int) (center + support + 0.5), inSize) - min;
                double sum = 0.0;
                for (int j = 0; j < count; j++) {
                    k[j] = filter.weight((j + min - center + 0.5) * ss);
                    sum += k[j];
                }
                for (int j = 0; j < count; j++) {
                    double w = sum != 0.0 ? k[j] / sum : k[j];
                    weights[i * kernelSize + j] =
                            (int) (w < 0 ? -0.5 + w * (1 << PRECISION_BITS) : 0.5 + w * (1 << PRECISION_BITS));
                }
                bounds[2 * i] = min;
                bounds[2 * i + 1] = count;
            }
            return new Coefficients(window, kernelSize, bounds, weights);
        }
    }
}
