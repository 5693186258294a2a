package dev.cvt4j.config;

import dev.cvt4j.image.Normalization;
import java.util.List;

/**
 * A named model plus its evaluation settings: what {@code --model} resolves to, either a preset
 * ({@link Presets}) or an official experiment YAML file, read through the configuration table
 * ({@link dev.cvt4j.config.Experiments}).
 *
 * <p>The input normalisation is the experiment's {@code INPUT.MEAN} / {@code INPUT.STD}, the same
 * statistics its training transform uses: the official {@code build_transforms} normalises with
 * {@code cfg.INPUT} for training and evaluation alike.
 *
 * @param name the preset name or the YAML file path, used in messages
 * @param model the network
 * @param test the evaluation transform settings
 * @param input {@code INPUT.MEAN} / {@code INPUT.STD}, the per-channel normalisation of the model's input
 */
public record ExperimentConfig(String name, CvtConfig model, TestSpec test, Normalization input) {

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
        return Experiments.experiment(Experiments.values(presetOrPath, List.of()), presetOrPath);
    }

    /** A copy evaluated at another square size. */
    public ExperimentConfig withImageSize(int size) {
        return new ExperimentConfig(name, model, test.withSize(size), input);
    }
}
