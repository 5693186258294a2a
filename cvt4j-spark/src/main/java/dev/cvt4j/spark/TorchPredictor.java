package dev.cvt4j.spark;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.cvt4j.image.ImageTransform;
import dev.cvt4j.image.RgbImage;
import dev.cvt4j.inference.Preprocessing;
import dev.cvt4j.model.CvtModel;
import java.util.List;

/**
 * A task's predictor on the PyTorch engine: every batch runs in a sub-scope of the predictor's own
 * {@link NDManager}, freed when the batch returns, exactly the computation of
 * {@link dev.cvt4j.inference.CvtClassifier#classifyImages} ({@link Preprocessing#batch}, then
 * {@link CvtModel#logits}) and of {@code cvt features}.
 */
final class TorchPredictor implements Predictor {
    private final CvtModel model;
    private final ImageTransform transform;
    private final NDManager manager = NDManager.newBaseManager();

    /**
     * @param model the shared model; not closed here
     * @param transform the evaluation transform
     */
    TorchPredictor(CvtModel model, ImageTransform transform) {
        this.model = model;
        this.transform = transform;
    }

    @Override
    public float[] logits(List<RgbImage> images) {
        try (NDManager scope = manager.newSubManager()) {
            return model.logits(Preprocessing.batch(scope, transform, images)).toFloatArray();
        }
    }

    @Override
    public float[] embeddings(List<RgbImage> images) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray x = Preprocessing.batch(scope, transform, images);
            return model.pooledFeatures(model.features(x)).toFloatArray();
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
