package dev.cvt4j.image;

/**
 * Turns a decoded image into the model's input tensor. Implementations fix the output size, so
 * every tensor they return for a batch has the same shape.
 */
public interface ImageTransform {

    /**
     * Transforms one image.
     *
     * @param image the decoded image, any size
     * @return a float32 tensor in CHW order, {@code 3 * height() * width()} values: channel
     *     {@code c}, row {@code y}, column {@code x} at {@code (c * height() + y) * width() + x}
     */
    float[] apply(RgbImage image);

    /** @return the width of the output tensor, in pixels */
    int width();

    /** @return the height of the output tensor, in pixels */
    int height();
}
