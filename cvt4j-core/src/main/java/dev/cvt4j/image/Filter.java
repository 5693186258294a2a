package dev.cvt4j.image;

/**
 * A resampling kernel of Pillow's separable resampler (Pillow 9.4 {@code src/libImaging/Resample.c},
 * {@code bilinear_filter} and {@code bicubic_filter}); the names match PIL's {@code Image.BILINEAR}
 * and {@code Image.BICUBIC} and torchvision's {@code InterpolationMode}.
 */
public enum Filter {
    /** Triangle kernel {@code max(0, 1 - |x|)}, support 1 (PIL {@code Image.BILINEAR}, code 2). */
    BILINEAR(1.0) {
        @Override
        public double weight(double x) {
            double ax = Math.abs(x);
            return ax < 1.0 ? 1.0 - ax : 0.0;
        }
    },
    /** Keys cubic convolution with {@code a = -0.5}, support 2 (PIL {@code Image.BICUBIC}, code 3). */
    BICUBIC(2.0) {
        @Override
        public double weight(double x) {
            final double a = -0.5;
            double ax = Math.abs(x);
            if (ax < 1.0) {
                return ((a + 2.0) * ax - (a + 3.0)) * ax * ax + 1;
            }
            if (ax < 2.0) {
                return (((ax - 5) * ax + 8) * ax - 4) * a;
            }
            return 0.0;
        }
    };

    private final double support;

    Filter(double support) {
        this.support = support;
    }

    /** @return the kernel's half-width in source pixels before widening for downscaling */
    public double support() {
        return support;
    }

    /**
     * The kernel, evaluated in double precision exactly as Pillow's C function does.
     *
     * @param x distance from the kernel centre, in (scaled) source pixels
     * @return the unnormalised weight
     */
    public abstract double weight(double x);
}
