package dev.cvt4j.cli;

import dev.cvt4j.config.ExperimentConfig;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code --model} and {@code --image-size}, shared by the commands that build a model ({@code cvt config}
 * prints its configuration).
 */
final class ModelOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(
            names = "--model",
            required = true,
            paramLabel = "PRESET|SPEC.yaml",
            description = "A preset (cvt-13, cvt-21, cvt-w24) or an official experiment YAML file.")
    String model;

    @Option(
            names = "--image-size",
            paramLabel = "N",
            description = "Square input size in pixels (default: the config's TEST.IMAGE_SIZE).")
    Integer imageSize;

    /** The experiment, at {@code --image-size} when given. */
    ExperimentConfig experiment() {
        checkImageSize();
        ExperimentConfig e = ExperimentConfig.resolve(model);
        return imageSize == null ? e : e.withImageSize(imageSize);
    }

    /** {@code --image-size} as the override it stands for, {@code TEST.IMAGE_SIZE=[N, N]}; none without it. */
    List<String> imageSizeOverride() {
        checkImageSize();
        return imageSize == null ? List.of() : List.of("TEST.IMAGE_SIZE=[" + imageSize + ", " + imageSize + "]");
    }

    private void checkImageSize() {
        if (imageSize != null && imageSize < 1) {
            throw new ParameterException(spec.commandLine(), "--image-size must be positive, got " + imageSize);
        }
    }
}
