package dev.cvt4j.inference;

import dev.cvt4j.config.ExperimentConfig;
import dev.cvt4j.image.ImageDecoder;
import dev.cvt4j.image.ImageTransform;
import dev.cvt4j.image.RgbImage;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Image classification in plain Java: a CvT with its weights on an {@link InferenceEngine}, the official
 * evaluation transform of its config ({@link Preprocessing}) and the class names ({@link Labels}). The
 * {@code load} methods without an engine use {@link InferenceEngine#DEFAULT}.
 *
 * <pre>{@code
 * try (CvtClassifier classifier = CvtClassifier.load("cvt-13", Path.of("CvT-13-224x224-IN-1k.pth"))) {
 *     List<Prediction> top5 = classifier.classify(Path.of("photo.jpg"), 5);
 * }
 * }</pre>
 *
 * <p>Thread-safe: any number of threads may call the {@code classify} methods at once (see
 * {@link CvtRunner}); every call's native memory is freed when it returns. {@link #close()} must not race
 * with calls in flight.
 */
public final class CvtClassifier implements AutoCloseable {
    private final CvtRunner model;
    private final ImageTransform transform;
    private final List<String> labels;

    private CvtClassifier(CvtRunner model, ImageTransform transform, List<String> labels) {
        this.model = model;
        this.transform = transform;
        this.labels = labels;
    }

    /**
     * Loads a model at the evaluation size of its config.
     *
     * @param presetOrYaml a preset ({@code cvt-13}, {@code cvt-21}, {@code cvt-w24}) or an official
     *     experiment YAML file
     * @param weights a checkpoint: official {@code .pth}, HuggingFace {@code pytorch_model.bin} or
     *     {@code .safetensors}
     * @return the classifier; close it to free its native memory
     * @throws dev.cvt4j.config.ConfigException when the model is neither a preset nor a valid YAML file
     * @throws dev.cvt4j.checkpoint.CheckpointException when the checkpoint is unreadable or does not fit
     */
    public static CvtClassifier load(String presetOrYaml, Path weights) {
        return load(ExperimentConfig.resolve(presetOrYaml), weights);
    }

    /**
     * Loads a model evaluated at another square size.
     *
     * @param presetOrYaml a preset or an official experiment YAML file
     * @param weights a checkpoint file
     * @param imageSize input width and height in pixels, positive
     * @return the classifier
     * @throws dev.cvt4j.config.ConfigException for an invalid model or size
     * @throws dev.cvt4j.checkpoint.CheckpointException when the checkpoint is unreadable or does not fit
     */
    public static CvtClassifier load(String presetOrYaml, Path weights, int imageSize) {
        return load(ExperimentConfig.resolve(presetOrYaml).withImageSize(imageSize), weights);
    }

    /**
     * Loads a model for a resolved experiment (network and evaluation settings).
     *
     * @param experiment the model and its TEST settings
     * @param weights a checkpoint file
     * @return the classifier
     * @throws dev.cvt4j.checkpoint.CheckpointException when the checkpoint is unreadable or does not fit
     */
    public static CvtClassifier load(ExperimentConfig experiment, Path weights) {
        return load(experiment, weights, Labels.forClasses(experiment.model().numClasses()));
    }

    /**
     * Loads a model whose classes have their own names, e.g. one trained by {@code cvt train} (whose run
     * directory holds them in {@code labels.txt}, see {@link Labels#read}).
     *
     * @param experiment the model and its TEST settings
     * @param weights a checkpoint file
     * @param labels the class names in class-index order, one per class
     * @return the classifier
     * @throws IllegalArgumentException when the label count is not the model's class count
     * @throws dev.cvt4j.checkpoint.CheckpointException when the checkpoint is unreadable or does not fit
     */
    public static CvtClassifier load(ExperimentConfig experiment, Path weights, List<String> labels) {
        return load(experiment, weights, labels, InferenceEngine.DEFAULT);
    }

    /**
     * Loads a model with its class names onto a chosen engine, with one intra-op thread per available
     * processor.
     *
     * @param experiment the model and its TEST settings
     * @param weights a checkpoint file
     * @param labels the class names in class-index order, one per class
     * @param engine the engine that runs the network
     * @return the classifier
     * @throws IllegalArgumentException when the label count is not the model's class count
     * @throws dev.cvt4j.checkpoint.CheckpointException when the checkpoint is unreadable or does not fit (the
     *     same message on every engine)
     * @throws dev.cvt4j.onnx.OrtFailure naming the checkpoint when ONNX Runtime cannot create its session
     */
    public static CvtClassifier load(
            ExperimentConfig experiment, Path weights, List<String> labels, InferenceEngine engine) {
        if (labels.size() != experiment.model().numClasses()) {
            throw new IllegalArgumentException(labels.size() + " labels for a model of "
                    + experiment.model().numClasses() + " classes");
        }
        CvtRunner model = engine.load(experiment.model(), weights, 0);
        return new CvtClassifier(model, Preprocessing.evalTransform(experiment), List.copyOf(labels));
    }

    /** The engine that runs the network. */
    public InferenceEngine engine() {
        return model.engine();
    }

    /**
     * @param image an image file (JPEG, PNG, BMP, GIF, WebP), decoded as PIL does
     * @param topK classes to return, at least 1 (capped at the class count)
     * @return the most probable classes, most probable first
     * @throws dev.cvt4j.image.ImageDecodeException when the file cannot be decoded
     */
    public List<Prediction> classify(Path image, int topK) {
        return classifyImages(List.of(ImageDecoder.decode(image)), topK).get(0);
    }

    /**
     * @param image an in-memory image, read without colour management ({@link RgbImage#fromBufferedImage})
     * @param topK classes to return, at least 1
     * @return the most probable classes, most probable first
     * @throws IllegalArgumentException for an unsupported colour model
     */
    public List<Prediction> classify(BufferedImage image, int topK) {
        return classifyImages(List.of(RgbImage.fromBufferedImage(image)), topK).get(0);
    }

    /**
     * Classifies image files in one forward pass.
     *
     * @param images image files
     * @param topK classes per image, at least 1
     * @return per image, in order, its most probable classes
     * @throws dev.cvt4j.image.ImageDecodeException when a file cannot be decoded (nothing is classified)
     */
    public List<List<Prediction>> classify(List<Path> images, int topK) {
        return classifyImages(images.stream().map(ImageDecoder::decode).toList(), topK);
    }

    /**
     * Classifies decoded images in one forward pass.
     *
     * @param images decoded images, any sizes
     * @param topK classes per image, at least 1
     * @return per image, in order, its most probable classes (empty list for no images)
     * @throws IllegalArgumentException when {@code topK < 1}
     */
    public List<List<Prediction>> classifyImages(List<RgbImage> images, int topK) {
        if (topK < 1) {
            throw new IllegalArgumentException("top-k needs k >= 1, got " + topK);
        }
        if (images.isEmpty()) {
            return List.of();
        }
        float[] logits = model.logits(
                Preprocessing.pixels(transform, images), images.size(), transform.height(), transform.width());
        int classes = labels.size();
        List<List<Prediction>> out = new ArrayList<>(images.size());
        for (int i = 0; i < images.size(); i++) {
            out.add(TopK.of(Arrays.copyOfRange(logits, i * classes, (i + 1) * classes), topK, labels));
        }
        return out;
    }

    /** Frees the model's native memory; call it after every classification has returned. */
    @Override
    public void close() {
        model.close();
    }
}
