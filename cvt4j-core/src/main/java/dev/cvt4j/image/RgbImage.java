package dev.cvt4j.image;

import java.awt.image.BufferedImage;
import java.util.Arrays;

/**
 * An immutable 8-bit RGB image, stored HWC interleaved: the sample of channel {@code c} (0 red,
 * 1 green, 2 blue) at column {@code x}, row {@code y} is at index {@code (y * width + x) * 3 + c}.
 * This is the layout of PIL's mode {@code "RGB"} as {@code numpy.asarray(image)} shows it.
 */
public final class RgbImage {
    private final int width;
    private final int height;
    private final byte[] pixels;

    /** Wraps {@code pixels} without copying; callers inside the package hand over ownership. */
    RgbImage(int width, int height, byte[] pixels) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image size must be positive, got " + width + " x " + height);
        }
        if (pixels.length != 3L * width * height) {
            throw new IllegalArgumentException("RGB data of a " + width + " x " + height + " image needs "
                    + 3L * width * height + " bytes, got " + pixels.length);
        }
        this.width = width;
        this.height = height;
        this.pixels = pixels;
    }

    /**
     * Creates an image from HWC interleaved RGB bytes (copied).
     *
     * @param width width in pixels, positive
     * @param height height in pixels, positive
     * @param rgb {@code 3 * width * height} bytes, each an unsigned 0..255 sample
     * @return the image
     * @throws IllegalArgumentException if a size is not positive or {@code rgb} has the wrong length
     */
    public static RgbImage of(int width, int height, byte[] rgb) {
        return new RgbImage(width, height, rgb.clone());
    }

    /**
     * Reads an in-memory image as Pillow's {@code convert("RGB")} would read the same pixels: the raw
     * raster samples, without colour management (no ICC profile or gamma, unlike
     * {@link BufferedImage#getRGB}): palettes are looked up, gray is replicated, alpha is dropped
     * without compositing and 16-bit samples keep their high byte. Premultiplied-alpha images
     * ({@code TYPE_INT_ARGB_PRE}) are read as stored, i.e. premultiplied.
     *
     * @param image any palette, gray or RGB image of 1..8 or 16 bits per sample
     * @return its RGB samples
     * @throws IllegalArgumentException for other colour models (e.g. CMYK) or sample depths
     */
    public static RgbImage fromBufferedImage(BufferedImage image) {
        try {
            return RasterRgb.convert(image, false);
        } catch (UnsupportedOperationException e) {
            throw new IllegalArgumentException("unsupported image: " + e.getMessage(), e);
        }
    }

    /** @return the width in pixels */
    public int width() {
        return width;
    }

    /** @return the height in pixels */
    public int height() {
        return height;
    }

    /**
     * One sample.
     *
     * @param x column, 0 until {@link #width()}
     * @param y row, 0 until {@link #height()}
     * @param channel 0 red, 1 green, 2 blue
     * @return the sample, 0..255
     * @throws IndexOutOfBoundsException if a coordinate is outside the image
     */
    public int sample(int x, int y, int channel) {
        if (x < 0 || x >= width || y < 0 || y >= height || channel < 0 || channel > 2) {
            throw new IndexOutOfBoundsException(
                    "(" + x + ", " + y + ", " + channel + ") is outside a " + width + " x " + height + " RGB image");
        }
        return pixels[(y * width + x) * 3 + channel] & 0xFF;
    }

    /** @return a new {@code TYPE_INT_RGB} image with these samples */
    public BufferedImage toBufferedImage() {
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int[] row = new int[width];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int i = (y * width + x) * 3;
                row[x] = (pixels[i] & 0xFF) << 16 | (pixels[i + 1] & 0xFF) << 8 | (pixels[i + 2] & 0xFF);
            }
            out.setRGB(0, y, width, 1, row, 0, width);
        }
        return out;
    }

    /** @return a copy of the HWC interleaved RGB bytes ({@code 3 * width * height}) */
    public byte[] toByteArray() {
        return pixels.clone();
    }

    /** The backing HWC array, not copied: for this package's readers, which never write to it. */
    byte[] data() {
        return pixels;
    }

    /**
     * The rectangle {@code [left, left + width) x [top, top + height)}, as Pillow's {@code
     * Image.crop((left, top, left + width, top + height))}: the rectangle may extend past the
     * image, and the part outside is black (zero), which is also what torchvision's {@code
     * center_crop} gets when it pads before cropping.
     *
     * @param left column of the first output pixel; may be negative
     * @param top row of the first output pixel; may be negative
     * @param width output width, positive
     * @param height output height, positive
     * @return the cropped image (a new image, also when the rectangle is the whole image)
     * @throws IllegalArgumentException if a size is not positive
     */
    public RgbImage crop(int left, int top, int width, int height) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("crop size must be positive, got " + width + " x " + height);
        }
        byte[] out = new byte[3 * width * height];
        int x0 = Math.max(left, 0);
        int x1 = Math.min(left + width, this.width);
        for (int y = Math.max(top, 0); y < Math.min(top + height, this.height) && x0 < x1; y++) {
            System.arraycopy(
                    pixels, (y * this.width + x0) * 3, out, ((y - top) * width + x0 - left) * 3, (x1 - x0) * 3);
        }
        return new RgbImage(width, height, out);
    }

    /** @return {@code true} for another image of the same size and samples */
    @Override
    public boolean equals(Object o) {
        return o instanceof RgbImage other
                && width == other.width
                && height == other.height
                && Arrays.equals(pixels, other.pixels);
    }

    /** @return a hash of the size and samples */
    @Override
    public int hashCode() {
        return 31 * (31 * width + height) + Arrays.hashCode(pixels);
    }

    /** @return {@code RgbImage[W x H]} */
    @Override
    public String toString() {
        return "RgbImage[" + width + " x " + height + "]";
    }
}
