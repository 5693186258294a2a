package dev.cvt4j.inference.djl;

import ai.djl.Model;
import ai.djl.translate.ArgumentsUtil;
import dev.cvt4j.checkpoint.CheckpointException;
import dev.cvt4j.config.ConfigException;
import dev.cvt4j.config.ExperimentConfig;
import dev.cvt4j.inference.Labels;
import dev.cvt4j.inference.Preprocessing;
import dev.cvt4j.model.Cvt;
import dev.cvt4j.model.WeightLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The DJL criteria arguments cvt4j reads (listed in {@link CvtModelLoader}), and what they build:
 * the one place shared by the ways DJL reaches cvt4j ({@link CvtModelLoader}, {@link CvtBlockFactory},
 * {@link CvtTranslatorFactory}).
 */
final class CvtArguments {
    /** The model argument: preset or official YAML file. */
    static final String MODEL = "model";
    /** The checkpoint argument: file, or directory holding one. */
    static final String WEIGHTS = "weights";
    /** The optional evaluation size argument. */
    static final String IMAGE_SIZE = "imageSize";
    /** The optional top-k argument. */
    static final String TOP_K = "topK";

    private static final List<String> CHECKPOINT_SUFFIXES = List.of(".pth", ".pt", ".bin", ".safetensors");

    private CvtArguments() {}

    /**
     * @return the experiment named by {@value #MODEL}, at {@value #IMAGE_SIZE} when given
     * @throws ConfigException when {@value #MODEL} is missing, or is neither a preset nor a valid YAML
     *     file, or {@value #IMAGE_SIZE} is invalid
     */
    static ExperimentConfig experiment(Map<String, ?> args) {
        String model = ArgumentsUtil.stringValue(args, MODEL);
        if (model == null) {
            throw new ConfigException("cvt4j needs the criteria argument '" + MODEL + "' (a preset: cvt-13, cvt-21,"
                    + " cvt-w24, or an official experiment YAML file)");
        }
        ExperimentConfig experiment = ExperimentConfig.resolve(model);
        int imageSize = ArgumentsUtil.intValue(args, IMAGE_SIZE, 0);
        return imageSize == 0 ? experiment : experiment.withImageSize(imageSize);
    }

    /**
     * @return a translator applying the experiment's evaluation transform, with its class names and
     *     {@value #TOP_K}
     * @throws IllegalArgumentException when {@value #TOP_K} is below 1
     */
    static CvtTranslator translator(ExperimentConfig experiment, Map<String, ?> args) {
        return new CvtTranslator(
                Preprocessing.evalTransform(experiment),
                Labels.forClasses(experiment.model().numClasses()),
                ArgumentsUtil.intValue(args, TOP_K, 5));
    }

    /**
     * Builds the network in the model's manager and fills it strictly from the checkpoint named by
     * {@value #WEIGHTS}. On failure the caller closes the model, which frees whatever was allocated.
     *
     * @return the loaded network, not yet set as the model's block
     * @throws ConfigException when {@value #WEIGHTS} is missing
     * @throws CheckpointException when the checkpoint is missing, unreadable or does not fit the model
     *     (the message names the file)
     */
    static Cvt loadNet(ExperimentConfig experiment, Model model, Map<String, ?> args) {
        Path checkpoint = checkpoint(args);
        Cvt net = Cvt.create(experiment.model(), model.getNDManager());
        WeightLoader.load(net, checkpoint);
        return net;
    }

    /** The checkpoint file itself, or the only checkpoint file in a directory. */
    private static Path checkpoint(Map<String, ?> args) {
        String value = ArgumentsUtil.stringValue(args, WEIGHTS);
        if (value == null) {
            throw new ConfigException("cvt4j needs the criteria argument '" + WEIGHTS + "' (checkpoint file or"
                    + " directory), or the checkpoint file as the model path");
        }
        Path weights = Path.of(value);
        if (!Files.isDirectory(weights)) {
            return weights;
        }
        List<Path> found;
        try (Stream<Path> files = Files.list(weights)) {
            found = files.filter(Files::isRegularFile)
                    .filter(f -> CHECKPOINT_SUFFIXES.stream()
                            .anyMatch(s -> f.getFileName()
                                    .toString()
                                    .toLowerCase(Locale.ROOT)
                                    .endsWith(s)))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new CheckpointException(weights, "cannot list the directory (" + e.getMessage() + ")", e);
        }
        if (found.size() != 1) {
            throw new CheckpointException(
                    weights,
                    (found.isEmpty()
                                    ? "no checkpoint file"
                                    : "several checkpoint files "
                                            + found.stream()
                                                    .map(f -> f.getFileName().toString())
                                                    .toList())
                            + " in the directory; expected"
                            + " exactly one of " + String.join(", ", CHECKPOINT_SUFFIXES));
        }
        return found.get(0);
    }
}
