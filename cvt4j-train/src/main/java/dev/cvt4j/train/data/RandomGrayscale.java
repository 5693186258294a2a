package dev.cvt4j.train.data;

import dev.cvt4j.image.RgbImage;
import java.util.random.RandomGenerator;

/**
 * torchvision's {@code RandomGrayscale(p)}: with probability {@code p}, the image becomes its
 * luma ({@code convert("L")}) replicated in three channels.
 *
 * @param p the probability, 0..1
 */
public record RandomGrayscale(double p) implements ImageAugment {

    /**
     * @throws IllegalArgumentException if {@code p} is outside [0, 1]
     */
    public RandomGrayscale {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("grayscale probability must be in [0, 1], got " + p);
        }
    }

    @Override
    public RgbImage apply(RgbImage image, RandomGenerator rng) {
        return rng.nextDouble() < p ? PilOps.grayscale(image) : image;
    }
}
