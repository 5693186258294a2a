package dev.cvt4j.config;

/**
 * The evaluation settings of an experiment: the official {@code TEST} section
 * ({@code lib/config/default.py}, used by {@code lib/dataset/transformas/build.py}). The ranges are
 * checked where configurations are read ({@link dev.cvt4j.config.ConfigTable}).
 *
 * @param width {@code TEST.IMAGE_SIZE[0]} (the official order is [width, height]), pixels
 * @param height {@code TEST.IMAGE_SIZE[1]}, pixels
 * @param centerCrop {@code TEST.CENTER_CROP}: resize the shorter side to {@code size / 0.875} and
 *     crop (true, the 224 configs), or resize straight to the size (false, the official 384 configs)
 * @param interpolation {@code TEST.INTERPOLATION}, PIL's filter code: 2 bilinear, 3 bicubic
 */
public record TestSpec(int width, int height, boolean centerCrop, int interpolation) {

    /** The official defaults for a square size with center crop and bicubic filtering. */
    public static TestSpec square(int size) {
        return new TestSpec(size, size, true, 3);
    }

    /** A copy at another square size, keeping the crop and filter settings. */
    public TestSpec withSize(int size) {
        return new TestSpec(size, size, centerCrop, interpolation);
    }
}
