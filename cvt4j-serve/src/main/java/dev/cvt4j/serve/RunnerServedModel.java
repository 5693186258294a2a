package dev.cvt4j.serve;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.cvt4j.config.ExperimentConfig;
import dev.cvt4j.image.EvalTransform;
import dev.cvt4j.image.RgbImage;
import dev.cvt4j.inference.AttentionOverlay;
import dev.cvt4j.inference.CvtRunner;
import dev.cvt4j.inference.EmbeddingLogits;
import dev.cvt4j.inference.Preprocessing;
import dev.cvt4j.inference.TorchRunner;
import dev.cvt4j.model.AttentionMap;
import dev.cvt4j.model.BlockRef;
import dev.cvt4j.model.CvtModel;
import dev.cvt4j.model.TokenGeometry;
import dev.cvt4j.model.WeightLoader;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@link ServedModel} on any {@link dev.cvt4j.inference.InferenceEngine}: the {@link CvtRunner} that
 * {@code cvt classify} and {@code cvt features} run. One pass ({@link CvtRunner#embeddingAndLogits}) gives
 * both outputs: the pooled embedding and the official {@code head} on it, which is exactly the logits.
 *
 * <p>Attention maps always run on PyTorch ({@link CvtModel#attention}): on the PyTorch engine the
 * runner's own network, on ONNX Runtime a PyTorch copy of the network loaded at the first attention
 * request.
 */
final class RunnerServedModel implements ServedModel {
    private final ExperimentConfig experiment;
    private final Path weights;
    private final List<String> labels;
    private final EvalTransform transform;
    private final CvtRunner runner;
    private CvtModel attentionModel;

    /**
     * @param experiment the network and its TEST settings
     * @param runner the network with its weights, on its engine; closed with this model
     * @param weights the checkpoint {@code runner} was loaded from (read again for attention maps on an
     *     engine other than PyTorch)
     * @param labels class names, one per class
     */
    RunnerServedModel(ExperimentConfig experiment, CvtRunner runner, Path weights, List<String> labels) {
        this.experiment = experiment;
        this.runner = runner;
        this.weights = weights;
        this.labels = List.copyOf(labels);
        this.transform = Preprocessing.evalTransform(experiment);
        this.attentionModel = runner instanceof TorchRunner torch ? torch.model() : null;
    }

    @Override
    public String engine() {
        return runner.engine().engineName();
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
        EmbeddingLogits pass = runner.embeddingAndLogits(
                Preprocessing.stack(images), images.size(), transform.height(), transform.width());
        float[] logits = pass.logits().toFloatArray();
        float[] embeddings = pass.embedding().toFloatArray();
        int classes = labels.size();
        int dim = embeddings.length / images.size();
        List<ImageOutput> out = new ArrayList<>(images.size());
        for (int i = 0; i < images.size(); i++) {
            out.add(new ImageOutput(
                    Arrays.copyOfRange(logits, i * classes, (i + 1) * classes),
                    Arrays.copyOfRange(embeddings, i * dim, (i + 1) * dim)));
        }
        return out;
    }

    @Override
    public BufferedImage attention(RgbImage cropped, BlockRef block) {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.create(
                    transform.normalization().toTensor(cropped), new Shape(1, 3, cropped.height(), cropped.width()));
            AttentionMap attention = attentionModel().attention(x, block);
            return AttentionOverlay.render(
                    cropped,
                    attention.keyMap().toFloatArray(),
                    attention.keyGrid(),
                    TokenGeometry.keyValues(experiment.model(), block.stage()));
        }
    }

    private synchronized CvtModel attentionModel() {
        if (attentionModel == null) {
            attentionModel = WeightLoader.loadModel(experiment.model(), weights);
        }
        return attentionModel;
    }

    @Override
    public synchronized void close() {
        if (attentionModel != null && !(runner instanceof TorchRunner)) {
            attentionModel.close();
        }
        runner.close();
    }
}
