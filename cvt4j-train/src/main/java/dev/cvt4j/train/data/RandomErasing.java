package dev.cvt4j.train.data;

import dev.cvt4j.config.ConfigException;
import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * timm 0.3.2's {@code RandomErasing} (Zhong et al., <i>Random Erasing Data Augmentation</i>, AAAI
 * 2020) on a normalised CHW tensor: with probability {@code probability}, erases {@code count}
 * rectangles (a uniform count in {@code [minCount, maxCount]}), each of area {@code uniform(minArea,
 * maxArea) * H * W / count} and log-uniform aspect ratio (height / width) in {@code [minAspect,
 * maxAspect]}, {@code h = round(sqrt(area * aspect))}, {@code w = round(sqrt(area / aspect))}
 * (half to even). Up to 10 attempts per rectangle to find one with {@code w < W} and {@code h <
 * H}, placed uniformly; a rectangle that never fits is skipped.
 *
 * @param probability chance of erasing at all ({@code RE_PROB}, 0.25 in the official recipe)
 * @param minArea smallest area fraction (0.02)
 * @param maxArea largest area fraction (1/3)
 * @param minAspect smallest aspect ratio (0.3)
 * @param maxAspect largest aspect ratio ({@code 1 / minAspect})
 * @param mode what the rectangle is filled with ({@code RE_MODE})
 * @param minCount fewest rectangles (1)
 * @param maxCount most rectangles ({@code RE_COUNT}, 1)
 */
public record RandomErasing(
        double probability,
        double minArea,
        double maxArea,
        double minAspect,
        double maxAspect,
        Mode mode,
        int minCount,
        int maxCount) {

    private static final int ATTEMPTS = 10;

    /** The fill of an erased rectangle ({@code RE_MODE}). */
    public enum Mode {
        /** {@code const}: zeros (the normalised mean colour). */
        CONST,
        /** {@code rand}: one standard normal value per channel. */
        RAND,
        /** {@code pixel}: an independent standard normal value per sample. */
        PIXEL;

        /**
         * @param name {@code const} (or empty), {@code rand} or {@code pixel}, any case
         * @return the mode
         * @throws ConfigException for another name
         */
        public static Mode parse(String name) {
            return switch (name.toLowerCase(Locale.ROOT)) {
                case "", "const" -> CONST;
                case "rand" -> RAND;
                case "pixel" -> PIXEL;
                default ->
                    throw new ConfigException(
                            "AUG.TIMM_AUG.RE_MODE: expected const, rand or pixel, got '" + name + "'");
            };
        }
    }

    /**
     * @throws IllegalArgumentException if a probability, area or aspect range or count range is invalid
     */
    public RandomErasing {
        if (!(probability >= 0 && probability <= 1)
                || !(minArea > 0 && minArea <= maxArea && maxArea <= 1)
                || !(minAspect > 0 && minAspect <= maxAspect)
                || minCount < 1
                || maxCount < minCount) {
            throw new IllegalArgumentException("invalid random erasing: p " + probability + ", area [" + minArea
                    + ", " + maxArea + "], aspect [" + minAspect + ", " + maxAspect + "], count [" + minCount + ", "
                    + maxCount + "]");
        }
    }

    /**
     * timm's {@code RandomErasing(probability, mode=mode, max_count=count)} with the other
     * arguments at their defaults: area {@code [0.02, 1/3]}, aspect {@code [0.3, 1/0.3]}, at least
     * one rectangle.
     *
     * @param probability chance of erasing
     * @param mode the fill
     * @param maxCount most rectangles
     * @return the transform
     */
    public static RandomErasing timm(double probability, Mode mode, int maxCount) {
        return new RandomErasing(probability, 0.02, 1 / 3.0, 0.3, 1 / 0.3, mode, 1, Math.max(1, maxCount));
    }

    /**
     * Erases in place.
     *
     * @param chw the tensor, {@code channels * height * width} values, channel-major
     * @param channels C
     * @param height H
     * @param width W
     * @param rng the sample's random stream
     * @throws IllegalArgumentException if the tensor length does not match the shape
     */
    public void apply(float[] chw, int channels, int height, int width, RandomGenerator rng) {
        if (chw.length != channels * height * width) {
            throw new IllegalArgumentException(
                    "tensor of " + chw.length + " values is not " + channels + " x " + height + " x " + width);
        }
        if (rng.nextDouble() > probability) {
            return;
        }
        double area = (double) height * width;
        int count = minCount == maxCount ? minCount : Draws.randint(rng, minCount, maxCount);
        for (int n = 0; n < count; n++) {
            for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
                double target = Draws.uniform(rng, minArea, maxArea) * area / count;
                double aspect = Draws.logUniform(rng, minAspect, maxAspect);
                int h = Draws.round(Math.sqrt(target * aspect));
                int w = Draws.round(Math.sqrt(target / aspect));
                if (w < width && h < height) {
                    int top = Draws.randint(rng, 0, height - h);
                    int left = Draws.randint(rng, 0, width - w);
                    fill(chw, channels, height, width, top, left, h, w, rng);
                    break;
                }
            }
        }
    }

    private void fill(
            float[] chw, int channels, int height, int width, int top, int left, int h, int w, RandomGenerator rng) {
        for (int c = 0; c < channels; c++) {
            float channelValue = mode == Mode.RAND ? (float) rng.nextGaussian() : 0f;
            for (int y = top; y < top + h; y++) {
                int row = (c * height + y) * width;
                for (int x = left; x < left + w; x++) {
                    chw[row + x] = mode == Mode.PIXEL ? (float) rng.nextGaussian() : channelValue;
                }
            }
        }
    }
}
