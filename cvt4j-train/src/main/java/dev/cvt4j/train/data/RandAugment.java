package dev.cvt4j.train.data;

import dev.cvt4j.config.ConfigException;
import dev.cvt4j.image.RgbImage;
import java.util.List;
import java.util.random.RandomGenerator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * timm 0.3.2's RandAugment ({@code rand_augment_transform}, {@code RandAugment}, {@code
 * AugmentOp}): per image, {@code numLayers} operations are drawn uniformly with replacement;
 * each is applied with probability 1/2 at a magnitude drawn from {@code N(magnitude,
 * magnitudeStd)} (exactly {@code magnitude} when the std is 0) and clipped to {@code [0, 10]}.
 *
 * <p>The official CvT recipe uses {@code rand-m9-mstd0.5-inc1}: 2 layers, magnitude 9, std 0.5,
 * the increasing operation set ({@link #INCREASING}).
 *
 * @param ops the operations to draw from
 * @param numLayers operations per image
 * @param magnitude the mean magnitude, {@code [0, 10]}
 * @param magnitudeStd standard deviation of the magnitude noise, 0 for none
 * @param geometry fill colour, resampling and translation range of the geometric operations
 */
public record RandAugment(
        List<AugmentOp> ops, int numLayers, double magnitude, double magnitudeStd, AugmentOp.Geometry geometry)
        implements ImageAugment {

    /** timm's {@code _RAND_TRANSFORMS}. */
    public static final List<AugmentOp> DEFAULT = List.of(
            AugmentOp.AUTO_CONTRAST,
            AugmentOp.EQUALIZE,
            AugmentOp.INVERT,
            AugmentOp.ROTATE,
            AugmentOp.POSTERIZE,
            AugmentOp.SOLARIZE,
            AugmentOp.SOLARIZE_ADD,
            AugmentOp.COLOR,
            AugmentOp.CONTRAST,
            AugmentOp.BRIGHTNESS,
            AugmentOp.SHARPNESS,
            AugmentOp.SHEAR_X,
            AugmentOp.SHEAR_Y,
            AugmentOp.TRANSLATE_X_REL,
            AugmentOp.TRANSLATE_Y_REL);

    /** timm's {@code _RAND_INCREASING_TRANSFORMS}: severity grows with magnitude for every operation. */
    public static final List<AugmentOp> INCREASING = List.of(
            AugmentOp.AUTO_CONTRAST,
            AugmentOp.EQUALIZE,
            AugmentOp.INVERT,
            AugmentOp.ROTATE,
            AugmentOp.POSTERIZE_INCREASING,
            AugmentOp.SOLARIZE_INCREASING,
            AugmentOp.SOLARIZE_ADD,
            AugmentOp.COLOR_INCREASING,
            AugmentOp.CONTRAST_INCREASING,
            AugmentOp.BRIGHTNESS_INCREASING,
            AugmentOp.SHARPNESS_INCREASING,
            AugmentOp.SHEAR_X,
            AugmentOp.SHEAR_Y,
            AugmentOp.TRANSLATE_X_REL,
            AugmentOp.TRANSLATE_Y_REL);

    /** Probability of applying each drawn operation ({@code rand_augment_ops}: {@code prob=0.5}). */
    public static final double OP_PROBABILITY = 0.5;

    private static final Pattern SECTION = Pattern.compile("(\\D*)(\\d.*)");

    /**
     * @throws IllegalArgumentException if there are no operations, fewer than 0 layers, or a
     *     negative magnitude or std
     */
    public RandAugment {
        if (ops.isEmpty() || numLayers < 0 || magnitude < 0 || magnitudeStd < 0) {
            throw new IllegalArgumentException("RandAugment needs operations, layers >= 0 and a non-negative"
                    + " magnitude and std, got " + ops.size() + " ops, " + numLayers + " layers, magnitude "
                    + magnitude + ", std " + magnitudeStd);
        }
        ops = List.copyOf(ops);
    }

    /**
     * Parses timm's RandAugment string ({@code AUG.TIMM_AUG.AUTO_AUGMENT}): {@code rand} followed by
     * dash-separated sections {@code m<int>} (magnitude, default 10), {@code n<int>} (layers,
     * default 2), {@code mstd<float>} (noise std, default 0) and {@code inc<int>} (the increasing
     * set). As in timm 0.3.2, {@code inc} with any value selects the increasing set ({@code
     * bool("0")} is true in Python), and a section without a digit is ignored.
     *
     * @param config e.g. {@code rand-m9-mstd0.5-inc1}
     * @param geometry fill colour, resampling and translation range of the geometric operations
     * @return the transform
     * @throws ConfigException if the string is not a RandAugment string, has an unknown section or
     *     a malformed number, or asks for weighted choice ({@code w}, not implemented)
     */
    public static RandAugment parse(String config, AugmentOp.Geometry geometry) {
        String[] sections = config.split("-");
        if (!sections[0].equals("rand")) {
            throw new ConfigException(
                    "AUG.TIMM_AUG.AUTO_AUGMENT: only RandAugment ('rand-...') is supported, got '" + config + "'");
        }
        double magnitude = AugmentOp.MAX_LEVEL;
        int layers = 2;
        double std = 0;
        List<AugmentOp> ops = DEFAULT;
        for (int i = 1; i < sections.length; i++) {
            Matcher m = SECTION.matcher(sections[i]);
            if (!m.matches()) {
                continue;
            }
            String key = m.group(1);
            String value = m.group(2);
            try {
                switch (key) {
                    case "mstd" -> std = Double.parseDouble(value);
                    case "inc" -> ops = INCREASING;
                    case "m" -> magnitude = Integer.parseInt(value);
                    case "n" -> layers = Integer.parseInt(value);
                    default ->
                        throw new ConfigException("AUG.TIMM_AUG.AUTO_AUGMENT: unsupported section '" + sections[i]
                                + "' in '" + config + "' (known: m, n, mstd, inc)");
                }
            } catch (NumberFormatException e) {
                throw new ConfigException(
                        "AUG.TIMM_AUG.AUTO_AUGMENT: malformed number in '" + sections[i] + "' of '" + config + "'", e);
            }
        }
        return new RandAugment(ops, layers, magnitude, std, geometry);
    }

    @Override
    public RgbImage apply(RgbImage image, RandomGenerator rng) {
        AugmentOp[] chosen = new AugmentOp[numLayers];
        for (int i = 0; i < numLayers; i++) {
            chosen[i] = ops.get(rng.nextInt(ops.size()));
        }
        RgbImage out = image;
        for (AugmentOp op : chosen) {
            if (rng.nextDouble() > OP_PROBABILITY) {
                continue;
            }
            double m = magnitudeStd > 0 ? rng.nextGaussian(magnitude, magnitudeStd) : magnitude;
            m = Math.min(AugmentOp.MAX_LEVEL, Math.max(0, m));
            out = op.apply(out, m, rng, geometry);
        }
        return out;
    }
}
