package dev.cvt4j.inference;

import dev.cvt4j.image.EvalTransform;
import dev.cvt4j.image.Filter;
import dev.cvt4j.image.ImageTransform;
import dev.cvt4j.image.Normalization;
import dev.cvt4j.model.TestSpec;

/**
 * The one place where a model's evaluation settings become its input transform (official
 * {@code build_transforms(cfg, is_train=False)} in {@code lib/dataset/transformas/build.py}).
 */
public final class Preprocessing {
    private Preprocessing() {}

    /**
     * @param test the config's TEST section (size, center crop, interpolation)
     * @return the PIL/torchvision-exact evaluation transform with ImageNet normalisation
     */
    public static ImageTransform evalTransform(TestSpec test) {
        Filter filter = test.interpolation() == 3 ? Filter.BICUBIC : Filter.BILINEAR;
        return new EvalTransform(test.width(), test.height(), test.centerCrop(), filter, Normalization.IMAGENET);
    }
}
