package dev.cvt4j.train.data;

import dev.cvt4j.config.ConfigException;
import dev.cvt4j.image.Filter;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The resampling filter of a random crop or geometric augmentation: one fixed {@link Filter}, or
 * timm's {@code 'random'}, a fresh uniform choice between bilinear and bicubic on every call
 * ({@code _RANDOM_INTERPOLATION}).
 *
 * @param choices the filters to choose from, one or more
 */
public record Interpolation(List<Filter> choices) {
    /** Bilinear only. */
    public static final Interpolation BILINEAR = new Interpolation(List.of(Filter.BILINEAR));
    /** Bicubic only. */
    public static final Interpolation BICUBIC = new Interpolation(List.of(Filter.BICUBIC));
    /** timm's {@code 'random'}: bilinear or bicubic with equal probability. */
    public static final Interpolation RANDOM = new Interpolation(List.of(Filter.BILINEAR, Filter.BICUBIC));

    /**
     * @throws IllegalArgumentException if there is no choice
     */
    public Interpolation {
        if (choices.isEmpty()) {
            throw new IllegalArgumentException("an interpolation needs at least one filter");
        }
        choices = List.copyOf(choices);
    }

    /**
     * @param rng the sample's random stream, used only when there is a choice
     * @return the filter for this call
     */
    public Filter pick(RandomGenerator rng) {
        return choices.size() == 1 ? choices.get(0) : choices.get(rng.nextInt(choices.size()));
    }

    /**
     * A timm interpolation name ({@code AUG.TIMM_AUG.INTERPOLATION}).
     *
     * @param name {@code bilinear}, {@code bicubic} or {@code random}
     * @return the interpolation
     * @throws ConfigException for any other name (timm also knows lanczos and hamming, which
     *     cvt4j's resampler does not implement)
     */
    public static Interpolation timm(String name) {
        return switch (name) {
            case "bilinear" -> BILINEAR;
            case "bicubic" -> BICUBIC;
            case "random" -> RANDOM;
            default ->
                throw new ConfigException(
                        "AUG.TIMM_AUG.INTERPOLATION: expected bilinear, bicubic or random, got '" + name + "'");
        };
    }

    /**
     * A PIL filter code ({@code AUG.INTERPOLATION} of the torchvision pipeline).
     *
     * @param code 2 (bilinear) or 3 (bicubic)
     * @return the interpolation
     * @throws ConfigException for any other code
     */
    public static Interpolation pil(int code) {
        return switch (code) {
            case 2 -> BILINEAR;
            case 3 -> BICUBIC;
            default ->
                throw new ConfigException("AUG.INTERPOLATION: expected 2 (bilinear) or 3 (bicubic), got " + code);
        };
    }
}
