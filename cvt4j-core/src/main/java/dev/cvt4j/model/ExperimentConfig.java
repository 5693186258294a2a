package dev.cvt4j.model;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A named model plus its evaluation settings: what {@code --model} resolves to, either a preset
 * ({@link Presets}) or an official experiment YAML file ({@link OfficialYaml}).
 *
 * @param name the preset name or the YAML file path, used in messages
 * @param model the network
 * @param test the evaluation transform settings
 */
public record ExperimentConfig(String name, CvtConfig model, TestSpec test) {

    /**
     * Checks that the model can run at the test size ({@link ModelFootprint}).
     *
     * @throws ConfigException naming the experiment when a stage leaves no tokens at the test size,
     *     or the model would need more memory than the machine has
     */
    public ExperimentConfig {
        try {
            ModelFootprint.check(model, test.height(), test.width(), 1);
        } catch (ConfigException e) {
            throw new ConfigException(name + ": " + e.getMessage(), e);
        }
    }

    /**
     * Resolves a preset name or a YAML path.
     *
     * @param presetOrPath e.g. {@code cvt-13} or {@code experiments/imagenet/cvt/cvt-13-224x224.yaml}
     * @return the experiment
     * @throws ConfigException when it is neither a preset nor a readable, valid YAML file
     */
    public static ExperimentConfig resolve(String presetOrPath) {
        if (Presets.names().contains(presetOrPath)) {
            return Presets.get(presetOrPath);
        }
        Path path = Path.of(presetOrPath);
        if (Files.isRegularFile(path)) {
            return OfficialYaml.read(path);
        }
        throw new ConfigException(presetOrPath + ": neither a preset (" + String.join(", ", Presets.names())
                + ") nor a YAML file");
    }

    /** A copy evaluated at another square size. */
    public ExperimentConfig withImageSize(int size) {
        return new ExperimentConfig(name, model, test.withSize(size));
    }
}
