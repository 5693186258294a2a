package dev.cvt4j.inference;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.cvt4j.image.EvalTransform;
import dev.cvt4j.image.Filter;
import dev.cvt4j.image.ImageTransform;
import dev.cvt4j.image.Normalization;
import dev.cvt4j.image.RgbImage;
import dev.cvt4j.model.ExperimentConfig;
import dev.cvt4j.model.TestSpec;
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
        int per = 3 * transform.height() * transform.width();
        float[] data = new float[per * images.size()];
        for (int i = 0; i < images.size(); i++) {
            System.arraycopy(transform.apply(images.get(i)), 0, data, i * per, per);
        }
        return manager.create(data, new Shape(images.size(), 3, transform.height(), transform.width()));
    }
}
