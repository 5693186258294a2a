package dev.cvt4j.image;

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
 */
public final class Resampler {
    private static final int PRECISION_BITS = 32 - 8 - 2;
    private static final int HALF = 1 << (PRECISION_BITS - 1);

    private Resampler() {}

    /**
     * Resizes an image as PIL's {@code image.resize((width, height), filter)} does.
     *
     * @param image the source image
     * @param width output width in pixels, positive
     * @param height output height in pixels, positive
     * @param filter the kernel
     * @return the resized image; a copy when the size does not change
     * @throws IllegalArgumentException if a size is not positive
     */
    public static RgbImage resize(RgbImage image, int width, int height, Filter filter) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("resize target must be positive, got " + width + " x " + height);
        }
        Coefficients vertical = Coefficients.of(image.height(), height, filter);
        byte[] data = image.data();
        int rowOffset = 0;
        int currentWidth = image.width();
        if (width != image.width()) {
            int firstRow = vertical.first(0);
            int endRow = vertical.first(height - 1) + vertical.count(height - 1);
            data = horizontal(data, image.width(), firstRow, endRow - firstRow,
                    Coefficients.of(image.width(), width, filter));
            rowOffset = firstRow;
            currentWidth = width;
        }
        if (height != image.height()) {
            data = vertical(data, currentWidth, rowOffset, vertical);
        }
        return new RgbImage(width, height, data == image.data() ? data.clone() : data);
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

    /** Filters {@code src} along y; row {@code j} of {@code src} is source row {@code j + rowOffset}. */
    private static byte[] vertical(byte[] src, int width, int rowOffset, Coefficients k) {
        int outHeight = k.outSize();
        int stride = 3 * width;
        byte[] out = new byte[stride * outHeight];
        for (int y = 0; y < outHeight; y++) {
            int firstRow = (k.first(y) - rowOffset) * stride;
            for (int s = 0; s < stride; s++) {
                int acc = HALF;
                int p = firstRow + s;
                for (int i = 0, w = k.base(y); i < k.count(y); i++, w++, p += stride) {
                    acc += (src[p] & 0xFF) * k.weights[w];
                }
                out[y * stride + s] = clip8(acc);
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
     * Fixed-point weights of one pass: output pixel {@code i} reads source pixels {@code first(i)
     * .. first(i) + count(i) - 1} with weights {@code weights[base(i) ..]}.
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

        /** Pillow's {@code precompute_coeffs} followed by {@code normalize_coeffs_8bpc}, box (0, inSize). */
        static Coefficients of(int inSize, int outSize, Filter filter) {
            double scale = (double) inSize / outSize;
            double filterScale = Math.max(scale, 1.0);
            double support = filter.support() * filterScale;
            int kernelSize = (int) Math.ceil(support) * 2 + 1;
            int[] bounds = new int[2 * outSize];
            int[] weights = new int[outSize * kernelSize];
            double[] k = new double[kernelSize];
            double ss = 1.0 / filterScale;
            for (int i = 0; i < outSize; i++) {
                double center = (i + 0.5) * scale;
                int min = Math.max((int) (center - support + 0.5), 0);
                int count = Math.min((int) (center + support + 0.5), inSize) - min;
                double sum = 0.0;
                for (int j = 0; j < count; j++) {
                    k[j] = filter.weight((j + min - center + 0.5) * ss);
                    sum += k[j];
                }
                for (int j = 0; j < count; j++) {
                    double w = sum != 0.0 ? k[j] / sum : k[j];
                    weights[i * kernelSize + j] = (int) (w < 0 ? -0.5 + w * (1 << PRECISION_BITS)
                            : 0.5 + w * (1 << PRECISION_BITS));
                }
                bounds[2 * i] = min;
                bounds[2 * i + 1] = count;
            }
            return new Coefficients(outSize, kernelSize, bounds, weights);
        }
    }
}
