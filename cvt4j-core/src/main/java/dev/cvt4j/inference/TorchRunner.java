package dev.cvt4j.inference;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.cvt4j.checkpoint.Tensor;
import dev.cvt4j.config.CvtConfig;
import dev.cvt4j.model.CvtFeatures;
import dev.cvt4j.model.CvtModel;
import java.nio.FloatBuffer;
import java.util.List;

/**
 * {@link InferenceEngine#PYTORCH}: a {@link CvtModel} run eagerly by libtorch through DJL. Every call
 * allocates its arrays in its own {@link NDManager}, freed when it returns.
 */
public final class TorchRunner implements CvtRunner {
    private final CvtModel model;

    /**
     * @param model the network with its weights; {@link #close()} closes it
     */
    public TorchRunner(CvtModel model) {
        this.model = model;
    }

    /** {@inheritDoc} */
    @Override
    public CvtConfig config() {
        return model.config();
    }

    /** @return {@link InferenceEngine#PYTORCH} */
    @Override
    public InferenceEngine engine() {
        return InferenceEngine.PYTORCH;
    }

    /** {@inheritDoc} */
    @Override
    public float[] logits(FloatBuffer images, int batch, int height, int width) {
        long[] shape = CvtRunner.inputShape(images, batch, height, width);
        try (NDManager manager = NDManager.newBaseManager()) {
            return model.logits(manager.create(images.duplicate(), new Shape(shape)))
                    .toFloatArray();
        }
    }

    /** {@inheritDoc} */
    @Override
    public FeatureTensors features(FloatBuffer images, int batch, int height, int width) {
        long[] shape = CvtRunner.inputShape(images, batch, height, width);
        try (NDManager manager = NDManager.newBaseManager()) {
            CvtFeatures f = model.features(manager.create(images.duplicate(), new Shape(shape)));
            List<Tensor> maps = f.stageMaps().stream().map(TorchRunner::tensor).toList();
            NDArray pooled = model.pooledFeatures(f);
            return new FeatureTensors(
                    maps, f.clsToken() == null ? null : tensor(f.clsToken()), tensor(pooled), tensor(head(pooled)));
        }
    }

    /** {@inheritDoc} */
    @Override
    public EmbeddingLogits embeddingAndLogits(FloatBuffer images, int batch, int height, int width) {
        long[] shape = CvtRunner.inputShape(images, batch, height, width);
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray pooled = model.pooledFeatures(model.features(manager.create(images.duplicate(), new Shape(shape))));
            return new EmbeddingLogits(tensor(pooled), tensor(head(pooled)));
        }
    }

    /** The official {@code head} on pooled features {@code (B, C_last)}: logits {@code (B, NUM_CLASSES)}. */
    private NDArray head(NDArray pooled) {
        return model.net()
                .head()
                .forward(model.parameterStore(), new NDList(pooled), false)
                .singletonOrThrow();
    }

    private static Tensor tensor(NDArray a) {
        return Tensor.ofFloats(a.getShape().getShape(), a.toFloatArray());
    }

    /**
     * The network itself, for what only PyTorch runs (attention maps, {@link CvtModel#attention}); closed
     * with this runner.
     *
     * @return the model
     */
    public CvtModel model() {
        return model;
    }

    /** Closes the model. */
    @Override
    public void close() {
        model.close();
    }
}
