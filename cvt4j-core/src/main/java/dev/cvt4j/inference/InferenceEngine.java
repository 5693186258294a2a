package dev.cvt4j.inference;

import ai.djl.engine.Engine;
import ai.djl.pytorch.engine.PtEngine;
import ai.onnxruntime.OrtEnvironment;
import dev.cvt4j.config.CvtConfig;
import dev.cvt4j.model.WeightLoader;
import dev.cvt4j.onnx.OrtRunner;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The engine that runs inference: libtorch through DJL (the network of {@link dev.cvt4j.model.Cvt}), or
 * ONNX Runtime on the graph cvt4j writes itself ({@link dev.cvt4j.onnx.CvtOnnx}). Both read the same
 * checkpoints and reject one that does not fit the model with the same message. Training and attention
 * maps always run on PyTorch.
 */
public enum InferenceEngine {
    /** libtorch, eager, through DJL's PyTorch engine. */
    PYTORCH("pytorch"),
    /** ONNX Runtime (CPU), on the graph written in memory at load. */
    ONNXRUNTIME("onnxruntime");

    /**
     * The name of the engine used when none is named: the one place to change the default of the
     * {@code cvt} commands and of the Java API (a constant, so that command-line help can show it).
     */
    public static final String DEFAULT_NAME = "onnxruntime";
    /** The engine used when none is named ({@link #DEFAULT_NAME}). */
    public static final InferenceEngine DEFAULT = fromName(DEFAULT_NAME);

    private final String engineName;

    InferenceEngine(String engineName) {
        this.engineName = engineName;
    }

    /** The name on the command line and in reports, e.g. {@code onnxruntime}. */
    public String engineName() {
        return engineName;
    }

    /**
     * Parses an engine name.
     *
     * @param name {@code pytorch} or {@code onnxruntime}
     * @return the engine
     * @throws IllegalArgumentException for any other name, listing the valid ones
     */
    public static InferenceEngine fromName(String name) {
        for (InferenceEngine e : values()) {
            if (e.engineName.equals(name)) {
                return e;
            }
        }
        throw new IllegalArgumentException("unknown engine '" + name + "' (expected one of "
                + Arrays.stream(values()).map(InferenceEngine::engineName).collect(Collectors.joining(", ")) + ")");
    }

    /**
     * Loads a checkpoint strictly onto this engine.
     *
     * @param config the architecture
     * @param weights a checkpoint file (official, HuggingFace or cvt4j; .pth/.bin or .safetensors)
     * @param threads intra-op threads for ONNX Runtime, 0 for one per available processor (libtorch's threads
     *     are process-wide: {@code ai.djl.pytorch.num_threads})
     * @return the runner; close it to free its native memory
     * @throws dev.cvt4j.checkpoint.CheckpointException naming the file when it is unreadable or does not fit
     * @throws dev.cvt4j.onnx.OrtFailure naming the file when ONNX Runtime cannot create the session
     */
    public CvtRunner load(CvtConfig config, Path weights, int threads) {
        return switch (this) {
            case PYTORCH -> new TorchRunner(WeightLoader.loadModel(config, weights));
            case ONNXRUNTIME -> OrtRunner.load(config, weights, threads);
        };
    }

    /**
     * The engine's version, e.g. {@code 2.7.1} for libtorch or {@code 1.29.0} for ONNX Runtime (loads the
     * engine's native library on first use).
     *
     * @return the version the engine reports
     */
    public String version() {
        return switch (this) {
            case PYTORCH -> Engine.getEngine(PtEngine.ENGINE_NAME).getVersion();
            case ONNXRUNTIME -> OrtEnvironment.getEnvironment().getVersion();
        };
    }

    /** {@link #engineName()}. */
    @Override
    public String toString() {
        return engineName;
    }
}
