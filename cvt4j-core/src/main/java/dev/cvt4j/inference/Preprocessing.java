package dev.cvt4j.inference;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.cvt4j.config.ExperimentConfig;
import dev.cvt4j.config.TestSpec;
import dev.cvt4j.image.EvalTransform;
import dev.cvt4j.image.Filter;
import dev.cvt4j.image.ImageTransform;
import dev.cvt4j.image.Normalization;
import dev.cvt4j.image.RgbImage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.List;

/**
 * The one place where a model's evaluation settings become its input transform (official
 * {@code build_transforms(cfg, is_train=False)} in {@code lib/dataset/transformas/build.py}).
 */
public final class Preprocessing {
    private Preprocessing() {}

    /**
     * @param experiment the model's settings: its {@code TEST} section (size, center crop,
     *     interpolation) and {@code INPUT} (mean and std, as in training)
     * @return the PIL/torchvision-exact evaluation transform
     */
    public static EvalTransform evalTransform(ExperimentConfig experiment) {
        return evalTransform(experiment.test(), experiment.input());
    }

    /**
     * @param test a {@code TEST} section (size, center crop, interpolation)
     * @param input {@code INPUT.MEAN} / {@code INPUT.STD}
     * @return the PIL/torchvision-exact evaluation transform
     */
    public static EvalTransform evalTransform(TestSpec test, Normalization input) {
        Filter filter = test.interpolation() == 3 ? Filter.BICUBIC : Filter.BILINEAR;
        return new EvalTransform(test.width(), test.height(), test.centerCrop(), filter, input);
    }

    /**
     * Transforms images and stacks them into one batch.
     *
     * @param manager owns the result
     * @param transform the input transform
     * @param images decoded images, at least one
     * @return {@code (B, 3, H, W)} float32, H and W from the transform
     */
    public static NDArray batch(NDManager manager, ImageTransform transform, List<RgbImage> images) {
        return manager.create(
                pixels(transform, images), new Shape(images.size(), 3, transform.height(), transform.width()));
    }

    /**
     * Transforms images into one batch in native memory, for any {@link CvtRunner}.
     *
     * @param transform the input transform
     * @param images decoded images, at least one
     * @return {@code (B, 3, H, W)} float32 values, row-major, in a direct buffer in native byte order,
     *     positioned at 0
     */
    public static FloatBuffer pixels(ImageTransform transform, List<RgbImage> images) {
        return stack(images.stream().map(transform::apply).toList());
    }

    /**
     * Stacks transformed images into one batch in native memory.
     *
     * @param images each image's {@code (3, H, W)} values, all of one size
     * @return the values one image after the other, in a direct buffer in native byte order, positioned at 0
     */
    public static FloatBuffer stack(List<float[]> images) {
        int total = images.stream().mapToInt(a -> a.length).sum();
        FloatBuffer data = ByteBuffer.allocateDirect(4 * total)
                .order(ByteOrder.nativeOrder())
                .asFloatBuffer();
        images.forEach(data::put);
        return data.flip();
    }
}
