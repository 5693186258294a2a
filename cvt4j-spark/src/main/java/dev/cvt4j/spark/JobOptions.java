package dev.cvt4j.spark;

import dev.cvt4j.inference.InferenceEngine;
import picocli.CommandLine.Option;

/** The model options every job takes, applied to a transformer's params. */
final class JobOptions {
    @Option(
            names = "--model",
            required = true,
            paramLabel = "M",
            description = "Preset (cvt-13, cvt-21, cvt-w24) or the URI of an official experiment YAML file.")
    String model;

    @Option(
            names = "--weights",
            required = true,
            paramLabel = "URI",
            description = "Checkpoint (.pth, .bin, .safetensors) on any Hadoop file system.")
    String weights;

    @Option(
            names = "--labels",
            paramLabel = "URI",
            defaultValue = "",
            description = "Class names, one per line in class-index order.")
    String labels;

    @Option(
            names = "--image-size",
            paramLabel = "N",
            defaultValue = "0",
            description = "Square evaluation size (default: the config's).")
    int imageSize;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "8", description = "Rows per forward pass.")
    int batchSize;

    @Option(
            names = "--engine",
            defaultValue = InferenceEngine.DEFAULT_NAME,
            description = "Inference engine: pytorch or onnxruntime (default: ${DEFAULT-VALUE}).")
    String engine;

    @Option(
            names = "--engine-cache-dir",
            paramLabel = "DIR",
            defaultValue = "",
            description = "Where executors extract the engine's natives (default: ~/.djl.ai).")
    String engineCacheDir;

    /**
     * @param transformer a classifier or embedder
     * @param <T> its type
     * @return the transformer with these options set
     */
    <T extends CvtImageTransformer<T>> T apply(T transformer) {
        return transformer
                .setModel(model)
                .setWeights(weights)
                .setLabels(labels)
                .setImageSize(imageSize)
                .setBatchSize(batchSize)
                .setEngine(engine)
                .setEngineCacheDir(engineCacheDir);
    }
}
