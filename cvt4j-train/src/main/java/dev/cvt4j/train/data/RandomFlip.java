package dev.cvt4j.train.data;

import dev.cvt4j.image.RgbImage;
import java.util.random.RandomGenerator;

/**
 * torchvision's {@code RandomHorizontalFlip(p)} / {@code RandomVerticalFlip(p)}: mirrors the image
 * when a uniform draw is below {@code p}.
 *
 * @param horizontal mirror left-right (true) or top-bottom (false)
 * @param p the flip probability, 0..1
 */
public record RandomFlip(boolean horizontal, double p) implements ImageAugment {

    /**
     * @throws IllegalArgumentException if {@code p} is outside [0, 1]
     */
    public RandomFlip {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("flip probability must be in [0, 1], got " + p);
        }
    }

    @Override
    public RgbImage apply(RgbImage image, RandomGenerator rng) {
        if (!(rng.nextDouble() < p)) {
            return image;
        }
        return horizontal ? PilOps.flipHorizontal(image) : PilOps.flipVertical(image);
    }
}
