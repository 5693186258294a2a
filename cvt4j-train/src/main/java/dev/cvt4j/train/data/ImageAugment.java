package dev.cvt4j.train.data;

import dev.cvt4j.image.RgbImage;
import java.util.random.RandomGenerator;

/**
 * One random step of a training transform on an 8-bit image, like a torchvision transform on a
 * PIL image. Implementations hold no mutable state, so one instance serves every thread; all
 * randomness comes from {@code rng}.
 */
@FunctionalInterface
public interface ImageAugment {

    /**
     * @param image the input image (not modified)
     * @param rng the sample's random stream
     * @return the augmented image, possibly {@code image} itself when nothing changes
     */
    RgbImage apply(RgbImage image, RandomGenerator rng);
}
