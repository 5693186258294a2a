package dev.cvt4j.train.data;

import dev.cvt4j.image.Normalization;
import dev.cvt4j.image.RgbImage;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * A training pipeline in torchvision's shape: image augmentations in order (the first produces
 * the {@code size x size} crop), then {@code ToTensor} + {@code Normalize}, then optionally
 * random erasing on the tensor. {@link TrainTransforms} builds the official ones.
 *
 * @param size output width and height in pixels
 * @param augments the image steps, in order
 * @param normalization {@code INPUT.MEAN} / {@code INPUT.STD}
 * @param erasing random erasing after normalisation, if any
 */
public record TrainTransform(
        int size, List<ImageAugment> augments, Normalization normalization, Optional<RandomErasing> erasing)
        implements SampleTransform {

    /**
     * @throws IllegalArgumentException if the size is not positive
     */
    public TrainTransform {
        if (size <= 0) {
            throw new IllegalArgumentException("output size must be positive, got " + size);
        }
        augments = List.copyOf(augments);
    }

    /**
     * Runs the augmentations only: the 8-bit image the tensor is computed from.
     *
     * @param image the decoded image
     * @param rng the sample's random stream
     * @return the augmented {@code size x size} image
     * @throws IllegalStateException if the steps do not end at {@code size x size}
     */
    public RgbImage augment(RgbImage image, RandomGenerator rng) {
        RgbImage out = image;
        for (ImageAugment step : augments) {
            out = step.apply(out, rng);
        }
        if (out.width() != size || out.height() != size) {
            throw new IllegalStateException("the augmentations produced " + out.width() + " x " + out.height()
                    + ", expected " + size + " x " + size);
        }
        return out;
    }

    @Override
    public float[] apply(RgbImage image, RandomGenerator rng) {
        float[] tensor = normalization.toTensor(augment(image, rng));
        erasing.ifPresent(e -> e.apply(tensor, 3, size, size, rng));
        return tensor;
    }

    @Override
    public int width() {
        return size;
    }

    @Override
    public int height() {
        return size;
    }
}
