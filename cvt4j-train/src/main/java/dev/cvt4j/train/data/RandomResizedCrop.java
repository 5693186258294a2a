package dev.cvt4j.train.data;

import dev.cvt4j.image.Resampler;
import dev.cvt4j.image.RgbImage;
import java.util.random.RandomGenerator;

/**
 * torchvision's {@code RandomResizedCrop} and timm's {@code RandomResizedCropAndInterpolation}
 * (identical parameter draws): crops a random rectangle whose area is a uniform fraction {@code
 * [minScale, maxScale]} of the image and whose aspect ratio (width / height) is log-uniform in
 * {@code [minRatio, maxRatio]}, then resizes it to {@code size x size} with Pillow's resampler.
 *
 * <p>Up to 10 attempts: {@code w = round(sqrt(area * ratio))}, {@code h = round(sqrt(area /
 * ratio))} (half to even); the first that fits ({@code 0 < w <= width}, {@code 0 < h <= height})
 * is placed uniformly. Otherwise the fallback is a center crop of the whole image, narrowed to the
 * nearest allowed ratio when the image's own ratio is outside the range. (timm 0.3.2 omits the
 * {@code 0 <} check, which only matters for images of a few pixels.)
 *
 * @param size output width and height in pixels
 * @param minScale smallest area fraction ({@code AUG.SCALE[0]}, 0.08)
 * @param maxScale largest area fraction ({@code AUG.SCALE[1]}, 1.0)
 * @param minRatio smallest aspect ratio ({@code AUG.RATIO[0]}, 3/4)
 * @param maxRatio largest aspect ratio ({@code AUG.RATIO[1]}, 4/3)
 * @param interpolation the resampling filter, or timm's random choice per image
 */
public record RandomResizedCrop(
        int size, double minScale, double maxScale, double minRatio, double maxRatio, Interpolation interpolation)
        implements ImageAugment {

    private static final int ATTEMPTS = 10;

    /**
     * @throws IllegalArgumentException if the size is not positive or a range is empty or not positive
     */
    public RandomResizedCrop {
        if (size <= 0) {
            throw new IllegalArgumentException("crop size must be positive, got " + size);
        }
        if (!(minScale > 0 && minScale <= maxScale) || !(minRatio > 0 && minRatio <= maxRatio)) {
            throw new IllegalArgumentException("scale and ratio ranges must be positive and ordered, got scale ["
                    + minScale + ", " + maxScale + "], ratio [" + minRatio + ", " + maxRatio + "]");
        }
    }

    /**
     * A rectangle of the source image.
     *
     * @param left first column
     * @param top first row
     * @param width columns
     * @param height rows
     */
    public record Box(int left, int top, int width, int height) {}

    /**
     * Draws the crop rectangle ({@code get_params}).
     *
     * @param width source width
     * @param height source height
     * @param rng the sample's random stream
     * @return the rectangle, inside the image
     */
    public Box box(int width, int height, RandomGenerator rng) {
        double area = (double) width * height;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            double targetArea = Draws.uniform(rng, minScale, maxScale) * area;
            double aspect = Draws.logUniform(rng, minRatio, maxRatio);
            int w = Draws.round(Math.sqrt(targetArea * aspect));
            int h = Draws.round(Math.sqrt(targetArea / aspect));
            if (0 < w && w <= width && 0 < h && h <= height) {
                int top = Draws.randint(rng, 0, height - h);
                int left = Draws.randint(rng, 0, width - w);
                return new Box(left, top, w, h);
            }
        }
        double inRatio = (double) width / height;
        int w = width;
        int h = height;
        if (inRatio < minRatio) {
            h = Draws.round(w / minRatio);
        } else if (inRatio > maxRatio) {
            w = Draws.round(h * maxRatio);
        }
        return new Box((width - w) / 2, (height - h) / 2, w, h);
    }

    /**
     * Crops and resizes ({@code F.resized_crop}).
     *
     * @param image the source image
     * @param rng the sample's random stream
     * @return a {@code size x size} image
     */
    @Override
    public RgbImage apply(RgbImage image, RandomGenerator rng) {
        Box b = box(image.width(), image.height(), rng);
        RgbImage crop = image.crop(b.left(), b.top(), b.width(), b.height());
        return Resampler.resize(crop, size, size, interpolation.pick(rng));
    }
}
