package dev.cvt4j.serve;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.cvt4j.checkpoint.WeightLoader;
import dev.cvt4j.image.EvalTransform;
import dev.cvt4j.image.RgbImage;
import dev.cvt4j.inference.AttentionOverlay;
import dev.cvt4j.inference.Preprocessing;
import dev.cvt4j.model.AttentionMap;
import dev.cvt4j.model.BlockRef;
import dev.cvt4j.model.CvtFeatures;
import dev.cvt4j.model.CvtModel;
import dev.cvt4j.model.ExperimentConfig;
import dev.cvt4j.model.TokenGeometry;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@link ServedModel} on DJL's PyTorch engine: the {@link CvtModel} that {@code cvt classify},
 * {@code cvt features} and {@code cvt attention} run. One pass gives both outputs: the stages, the
 * pooled embedding ({@link CvtModel#pooledFeatures}) and the official {@code head} on it, which is
 * exactly {@link CvtModel#logits}.
 */
final class TorchServedModel implements ServedModel {
    private final ExperimentConfig experiment;
    private final List<String> labels;
    private final EvalTransform transform;
    private final CvtModel model;

    /**
     * @param experiment the network and its TEST settings
     * @param weights a checkpoint file
     * @param labels class names, one per class
     * @throws dev.cvt4j.checkpoint.CheckpointException when the checkpoint is unreadable or does not fit
     */
    TorchServedModel(ExperimentConfig experiment, Path weights, List<String> labels) {
        this.experiment = experiment;
        this.labels = List.copyOf(labels);
        this.transform = Preprocessing.evalTransform(experiment.test());
        this.model = WeightLoader.loadModel(experiment.model(), weights);
    }

    @Override
    public String engine() {
        return "pytorch";
    }

    @Override
    public ExperimentConfig experiment() {
        return experiment;
    }

    @Override
    public List<String> labels() {
        return labels;
    }

    @Override
    public EvalTransform transform() {
        return transform;
    }

    @Override
    public List<ImageOutput> infer(List<float[]> images) {
        int per = 3 * transform.height() * transform.width();
        float[] data = new float[per * images.size()];
        for (int i = 0; i < images.size(); i++) {
            System.arraycopy(images.get(i), 0, data, i * per, per);
        }
        float[] logits;
        float[] embeddings;
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.create(data, new Shape(images.size(), 3, transform.height(), transform.width()));
            CvtFeatures features = model.features(x);
            NDArray pooled = model.pooledFeatures(features);
            embeddings = pooled.toFloatArray();
            logits = model.net().head().forward(model.parameterStore(), new NDList(pooled), false)
                    .singletonOrThrow().toFloatArray();
        }
        int classes = labels.size();
        int dim = embeddings.length / images.size();
        List<ImageOutput> out = new ArrayList<>(images.size());
        for (int i = 0; i < images.size(); i++) {
            out.add(new ImageOutput(Arrays.copyOfRange(logits, i * classes, (i + 1) * classes),
                    Arrays.copyOfRange(embeddings, i * dim, (i + 1) * dim)));
        }
        return out;
    }

    @Override
    public BufferedImage attention(RgbImage cropped, BlockRef block) {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.create(transform.normalization().toTensor(cropped),
                    new Shape(1, 3, cropped.height(), cropped.width()));
            AttentionMap attention = model.attention(x, block);
            return AttentionOverlay.render(cropped, attention.keyMap().toFloatArray(), attention.keyGrid(),
                    TokenGeometry.keyValues(experiment.model(), block.stage()));
        }
    }

    @Override
    public void close() {
        model.close();
    }
}
