package dev.cvt4j.train.data;

import dev.cvt4j.image.RgbImage;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * The image operations of timm's {@code auto_augment.py} (timm 0.3.2, the version the official
 * CvT code pins) that RandAugment draws from, each with its level function: how a magnitude in
 * {@code [0, 10]} becomes the operation's argument ({@code LEVEL_TO_ARG}). Signed arguments are
 * negated with probability 1/2 ({@code _randomly_negate}). The names are timm's.
 */
public enum AugmentOp {
    /** {@code ImageOps.autocontrast}. */
    AUTO_CONTRAST("AutoContrast", (img, m, rng, g) -> PilOps.autocontrast(img)),
    /** {@code ImageOps.equalize}. */
    EQUALIZE("Equalize", (img, m, rng, g) -> PilOps.equalize(img)),
    /** {@code ImageOps.invert}. */
    INVERT("Invert", (img, m, rng, g) -> PilOps.invert(img)),
    /** Rotation by up to +-30 degrees. */
    ROTATE("Rotate", (img, m, rng, g) -> {
        double degrees = negate(level(m) * 30.0, rng);
        return PilAffine.rotate(img, degrees, g.resample().pick(rng), g.fill());
    }),
    /** Keeps {@code int(m / 10 * 4)} bits (0 bits: black). */
    POSTERIZE("Posterize", (img, m, rng, g) -> posterize(img, (int) (level(m) * 4))),
    /** Keeps {@code 4 - int(m / 10 * 4)} bits: stronger with magnitude. */
    POSTERIZE_INCREASING("PosterizeIncreasing", (img, m, rng, g) -> posterize(img, 4 - (int) (level(m) * 4))),
    /** Inverts samples at or above {@code int(m / 10 * 256)}. */
    SOLARIZE("Solarize", (img, m, rng, g) -> PilOps.solarize(img, (int) (level(m) * 256))),
    /** Inverts samples at or above {@code 256 - int(m / 10 * 256)}: stronger with magnitude. */
    SOLARIZE_INCREASING("SolarizeIncreasing", (img, m, rng, g) -> PilOps.solarize(img, 256 - (int) (level(m) * 256))),
    /** Adds {@code int(m / 10 * 110)} to samples below 128. */
    SOLARIZE_ADD("SolarizeAdd", (img, m, rng, g) -> PilOps.solarizeAdd(img, (int) (level(m) * 110), 128)),
    /** Saturation factor {@code m / 10 * 1.8 + 0.1}. */
    COLOR("Color", (img, m, rng, g) -> PilEnhance.color(img, enhance(m))),
    /** Saturation factor {@code 1 +- m / 10 * 0.9}. */
    COLOR_INCREASING("ColorIncreasing", (img, m, rng, g) -> PilEnhance.color(img, enhanceIncreasing(m, rng))),
    /** Contrast factor {@code m / 10 * 1.8 + 0.1}. */
    CONTRAST("Contrast", (img, m, rng, g) -> PilEnhance.contrast(img, enhance(m))),
    /** Contrast factor {@code 1 +- m / 10 * 0.9}. */
    CONTRAST_INCREASING("ContrastIncreasing", (img, m, rng, g) -> PilEnhance.contrast(img, enhanceIncreasing(m, rng))),
    /** Brightness factor {@code m / 10 * 1.8 + 0.1}. */
    BRIGHTNESS("Brightness", (img, m, rng, g) -> PilEnhance.brightness(img, enhance(m))),
    /** Brightness factor {@code 1 +- m / 10 * 0.9}. */
    BRIGHTNESS_INCREASING(
            "BrightnessIncreasing", (img, m, rng, g) -> PilEnhance.brightness(img, enhanceIncreasing(m, rng))),
    /** Sharpness factor {@code m / 10 * 1.8 + 0.1}. */
    SHARPNESS("Sharpness", (img, m, rng, g) -> PilEnhance.sharpness(img, enhance(m))),
    /** Sharpness factor {@code 1 +- m / 10 * 0.9}. */
    SHARPNESS_INCREASING(
            "SharpnessIncreasing", (img, m, rng, g) -> PilEnhance.sharpness(img, enhanceIncreasing(m, rng))),
    /** Horizontal shear {@code x += s * y}, {@code s} up to +-0.3. */
    SHEAR_X("ShearX", (img, m, rng, g) -> affine(img, rng, g, 1, negate(level(m) * 0.3, rng), 0, 0, 1, 0)),
    /** Vertical shear {@code y += s * x}, {@code s} up to +-0.3. */
    SHEAR_Y("ShearY", (img, m, rng, g) -> affine(img, rng, g, 1, 0, 0, negate(level(m) * 0.3, rng), 1, 0)),
    /** Horizontal shift by up to +-{@code translatePct} of the width. */
    TRANSLATE_X_REL("TranslateXRel", (img, m, rng, g) -> {
        double pixels = negate(level(m) * g.translatePct(), rng) * img.width();
        return affine(img, rng, g, 1, 0, pixels, 0, 1, 0);
    }),
    /** Vertical shift by up to +-{@code translatePct} of the height. */
    TRANSLATE_Y_REL("TranslateYRel", (img, m, rng, g) -> {
        double pixels = negate(level(m) * g.translatePct(), rng) * img.height();
        return affine(img, rng, g, 1, 0, 0, 0, 1, pixels);
    });

    /** timm's {@code _MAX_LEVEL}: magnitudes are clipped to {@code [0, 10]}. */
    public static final double MAX_LEVEL = 10.0;

    private final String timmName;
    private final Body body;

    AugmentOp(String timmName, Body body) {
        this.timmName = timmName;
        this.body = body;
    }

    /** @return timm's name, e.g. {@code PosterizeIncreasing} */
    public String timmName() {
        return timmName;
    }

    /**
     * Applies the operation at a magnitude.
     *
     * @param image the image
     * @param magnitude the level, {@code [0, 10]}
     * @param rng the sample's random stream (sign of signed arguments, random resampling filter)
     * @param geometry fill colour, resampling and translation range of the geometric operations
     * @return the transformed image
     */
    public RgbImage apply(RgbImage image, double magnitude, RandomGenerator rng, Geometry geometry) {
        return body.apply(image, magnitude, rng, geometry);
    }

    /**
     * The settings timm passes to every geometric operation ({@code AugmentOp.kwargs}, {@code hparams}).
     *
     * @param resample {@code interpolation} hparam, or bilinear/bicubic at random when unset
     * @param fill {@code img_mean}: colour of uncovered pixels (R, G, B)
     * @param translatePct {@code translate_pct}: largest relative shift (0.45)
     */
    public record Geometry(Interpolation resample, int[] fill, double translatePct) {
        /**
         * @throws IllegalArgumentException if {@code fill} does not hold 3 values in 0..255
         */
        public Geometry {
            if (fill.length != 3 || Arrays.stream(fill).anyMatch(v -> v < 0 || v > 255)) {
                throw new IllegalArgumentException("fill must be 3 values in 0..255, got " + Arrays.toString(fill));
            }
            fill = fill.clone();
        }

        /** @return a copy of the fill colour */
        @Override
        public int[] fill() {
            return fill.clone();
        }
    }

    /** An operation with its level function applied. */
    @FunctionalInterface
    private interface Body {
        RgbImage apply(RgbImage image, double magnitude, RandomGenerator rng, Geometry geometry);
    }

    private static double negate(double v, RandomGenerator rng) {
        return rng.nextDouble() > 0.5 ? -v : v;
    }

    /** {@code level / _MAX_LEVEL}: the magnitude as a fraction of the maximum. */
    private static double level(double m) {
        return m / MAX_LEVEL;
    }

    private static double enhance(double m) {
        return m / MAX_LEVEL * 1.8 + 0.1;
    }

    private static double enhanceIncreasing(double m, RandomGenerator rng) {
        return 1.0 + negate(m / MAX_LEVEL * 0.9, rng);
    }

    /** timm's {@code posterize}: 8 bits or more leave the image unchanged. */
    private static RgbImage posterize(RgbImage image, int bits) {
        return bits >= 8 ? image : PilOps.posterize(image, bits);
    }

    private static RgbImage affine(
            RgbImage img, RandomGenerator rng, Geometry g, double a, double b, double c, double d, double e, double f) {
        return PilAffine.transform(
                img, new double[] {a, b, c, d, e, f}, g.resample().pick(rng), g.fill());
    }
}
