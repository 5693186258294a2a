package dev.cvt4j.serve;

import dev.cvt4j.config.ExperimentConfig;
import dev.cvt4j.inference.InferenceEngine;
import java.nio.file.Path;
import java.util.List;

/** Opens the model {@code cvt serve} serves, on the engine {@code --engine} names. */
public final class ServedModels {
    private ServedModels() {}

    /**
     * Loads a model on an engine.
     *
     * @param engine the inference engine
     * @param threads intra-op threads for ONNX Runtime, 0 for one per available processor (PyTorch's are
     *     process-wide: {@code ai.djl.pytorch.num_threads})
     * @param experiment the network and its TEST settings
     * @param weights a checkpoint file
     * @param labels class names in class-index order, one per class
     * @return the model; close it to free its native memory
     * @throws IllegalArgumentException for a label count that is not the class count
     * @throws dev.cvt4j.checkpoint.CheckpointException when the checkpoint is unreadable or does not fit
     * @throws dev.cvt4j.onnx.OrtFailure naming the checkpoint when ONNX Runtime cannot create the session
     */
    public static ServedModel open(
            InferenceEngine engine, int threads, ExperimentConfig experiment, Path weights, List<String> labels) {
        if (labels.size() != experiment.model().numClasses()) {
            throw new IllegalArgumentException(labels.size() + " labels for a model of "
                    + experiment.model().numClasses() + " classes");
        }
        return new RunnerServedModel(experiment, engine.load(experiment.model(), weights, threads), weights, labels);
    }
}
