package dev.cvt4j.train.data;

import dev.cvt4j.image.ImageTransform;
import dev.cvt4j.image.RgbImage;
import java.util.random.RandomGenerator;

/**
 * Turns one decoded image into the model's input tensor using the sample's own random stream: a
 * training transform (random crop, RandAugment, erasing, ...) or, through {@link
 * #of(ImageTransform)}, a deterministic evaluation transform. Implementations are stateless and
 * thread-safe.
 */
public interface SampleTransform {

    /**
     * @param image the decoded image, any size
     * @param rng the sample's random stream
     * @return a float32 CHW tensor, {@code 3 * height() * width()} values
     */
    float[] apply(RgbImage image, RandomGenerator rng);

    /** @return the output width in pixels */
    int width();

    /** @return the output height in pixels */
    int height();

    /**
     * Adapts a deterministic transform (e.g. {@link dev.cvt4j.image.EvalTransform}) that ignores the stream.
     *
     * @param transform the transform
     * @return the same transform as a {@code SampleTransform}
     */
    static SampleTransform of(ImageTransform transform) {
        return new SampleTransform() {
            @Override
            public float[] apply(RgbImage image, RandomGenerator rng) {
                return transform.apply(image);
            }

            @Override
            public int width() {
                return transform.width();
            }

            @Override
            public int height() {
                return transform.height();
            }
        };
    }
}
