package dev.cvt4j.image;

import java.util.Objects;

/**
 * The official CvT evaluation transform ({@code lib/dataset/transformas/build.py} of
 * microsoft/CvT, {@code build_transforms(cfg, is_train=False)}) as torchvision 0.14 runs it on a
 * PIL image.
 *
 * <p>With {@code centerCrop} ({@code TEST.CENTER_CROP: true}): {@code Resize(int(size / 0.875))}
 * makes the shorter side {@code int(size / 0.875)} and the longer side {@code int(short * long /
 * shortOriginal)} (torchvision {@code _compute_resized_output_size}; an image already that size
 * is not resampled), then {@code CenterCrop(size)} cuts a {@code size x size} square at {@code left
 * = round((w - size) / 2)}, {@code top = round((h - size) / 2)} with round-half-to-even,
 * zero-padding first when the image is smaller than the crop (torchvision {@code center_crop}).
 * The official code crops {@code TEST.IMAGE_SIZE[0]} square, so this mode needs {@code width ==
 * height}. Without it: {@code Resize((height, width))} straight, aspect ratio not kept. Then
 * {@link Normalization} (ToTensor + Normalize). Resampling is Pillow's, see {@link Resampler}.
 *
 * @param width output width in pixels ({@code TEST.IMAGE_SIZE[0]}), positive
 * @param height output height in pixels ({@code TEST.IMAGE_SIZE[1]}), positive
 * @param centerCrop {@code TEST.CENTER_CROP}: resize the shorter side to {@code int(width /
 *     0.875)} and center-crop, instead of resizing straight to {@code width x height}
 * @param filter {@code TEST.INTERPOLATION} (3 is {@link Filter#BICUBIC}, 2 {@link Filter#BILINEAR})
 * @param normalization {@code INPUT.MEAN} / {@code INPUT.STD}
 */
public record EvalTransform(int width, int height, boolean centerCrop, Filter filter, Normalization normalization)
        implements ImageTransform {

    /** The official crop fraction: the shorter side is resized to {@code int(size / 0.875)}. */
    public static final double CROP_FRACTION = 0.875;

    /**
     * Validates the configuration.
     *
     * @param width output width in pixels
     * @param height output height in pixels
     * @param centerCrop resize the shorter side and center-crop, instead of resizing straight
     * @param filter the resampling kernel
     * @param normalization the per-channel mean and std
     * @throws IllegalArgumentException if a size is not positive, or {@code centerCrop} is set with
     *     {@code width != height}
     * @throws NullPointerException if {@code filter} or {@code normalization} is null
     */
    public EvalTransform {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("eval size must be positive, got " + width + " x " + height);
        }
        if (centerCrop && width != height) {
            throw new IllegalArgumentException("center crop is square (the official transform crops IMAGE_SIZE[0]),"
                    + " got " + width + " x " + height + "; use centerCrop=false for a non-square input");
        }
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(normalization, "normalization");
    }

    /**
     * The official ImageNet evaluation at {@code size x size}: center crop, bicubic, ImageNet
     * mean and std (the {@code cvt-*-224x224.yaml} configuration for {@code size} 224).
     *
     * @param size output width and height, positive
     * @return the transform
     */
    public static EvalTransform imagenet(int size) {
        return new EvalTransform(size, size, true, Filter.BICUBIC, Normalization.IMAGENET);
    }

    /**
     * Resizes and crops to the 8-bit image the tensor is computed from (what the official
     * pipeline holds just before {@code ToTensor}). With center crop, only the cropped window of
     * the resized image is computed ({@link Resampler#resizeWindow}), with the same values, so a
     * 1 x 4,000,000 image costs no more than a square one.
     *
     * @param image the decoded image
     * @return a {@code width x height} image
     */
    public RgbImage resizeAndCrop(RgbImage image) {
        if (!centerCrop) {
            return Resampler.resize(image, width, height, filter);
        }
        int[] size = resizedSize(image.width(), image.height(), (int) (width / CROP_FRACTION));
        int left = cropStart(size[0], width);
        int top = cropStart(size[1], height);
        if (left >= 0 && top >= 0) {
            return Resampler.resizeWindow(image, size[0], size[1], filter, left, top, width, height);
        }
        RgbImage resized = size[0] == image.width() && size[1] == image.height()
                ? image
                : Resampler.resize(image, size[0], size[1], filter);
        return resized.crop(left, top, width, height);
    }

    /**
     * Resizes, crops and normalises.
     *
     * @param image the decoded image
     * @return the CHW float32 tensor, {@code 3 * height * width} values
     */
    @Override
    public float[] apply(RgbImage image) {
        return normalization.toTensor(resizeAndCrop(image));
    }

    /**
     * torchvision 0.14 {@code _compute_resized_output_size} for an int size: the shorter side
     * becomes {@code shortSide}, the longer {@code int(shortSide * long / short)} (truncated).
     *
     * @return {@code {width, height}}
     */
    static int[] resizedSize(int width, int height, int shortSide) {
        int shorter = Math.min(width, height);
        int longer = (int) ((double) ((long) shortSide * Math.max(width, height)) / shorter);
        return width <= height ? new int[] {shortSide, longer} : new int[] {longer, shortSide};
    }

    /**
     * The first row or column of torchvision's {@code center_crop} in unpadded coordinates:
     * {@code round((size - crop) / 2.0)} half to even, or, when the image is smaller and
     * torchvision pads {@code (crop - size) // 2} zeros before it, minus that padding.
     */
    static int cropStart(int size, int crop) {
        return crop > size ? -((crop - size) / 2) : (int) Math.rint((size - crop) / 2.0);
    }
}
