package dev.cvt4j.train.config;

import dev.cvt4j.config.ConfigException;
import dev.cvt4j.config.ConfigValues;
import dev.cvt4j.config.Experiments;
import java.nio.file.Path;
import java.util.List;

/**
 * The training recipe of an official CvT experiment file (microsoft/CvT, e.g.
 * {@code experiments/imagenet/cvt/cvt-13-224x224.yaml}), read unchanged through the configuration
 * table ({@link dev.cvt4j.config.ConfigTable}): the {@code TRAIN}, {@code LOSS}, {@code AUG} and
 * {@code INPUT} sections with the defaults of the official {@code lib/config/default.py}, plus the
 * cvt4j extensions under {@code CVT4J}. It is all the training side needs: the optimisation
 * ({@code dev.cvt4j.train.TrainStep}), the loss, the data transforms ({@code TrainTransforms.of}) and the
 * batch mixing ({@code Mixup.of}). The model comes from the same values ({@link Experiments}).
 *
 * <p>Which keys are known, their types, defaults and checks, and which official keys are accepted
 * and ignored, is the table's; values that select an unimplemented path (another optimizer or
 * scheduler) are errors naming the key.
 *
 * @param source the file (or other source) the recipe came from, for messages
 * @param train {@code TRAIN}
 * @param loss {@code LOSS}
 * @param aug {@code AUG}
 * @param input {@code INPUT}
 * @param cvt4j {@code CVT4J} (extensions)
 */
public record TrainConfig(
        String source, TrainSpec train, LossSpec loss, AugSpec aug, InputSpec input, Cvt4jSpec cvt4j) {

    /**
     * Reads an official experiment file and applies overrides, as the official {@code tools/train.py}
     * does with its trailing {@code opts}.
     *
     * @param yaml the experiment file
     * @param overrides {@code KEY=VALUE} strings applied in order after the file, e.g.
     *     {@code TRAIN.LR=0.001}, {@code TRAIN.END_EPOCH=3}, {@code TRAIN.IMAGE_SIZE=[64,64]}; VALUE is YAML
     *     and must have the type of the key's official default
     * @return the recipe
     * @throws ConfigException one line naming the file and the key, when the file cannot be read, a key is
     *     unknown, a value has the wrong type or range, or selects a path cvt4j does not implement
     */
    public static TrainConfig read(Path yaml, List<String> overrides) {
        return of(ConfigValues.read(yaml, overrides), yaml.toString());
    }

    /**
     * Builds the recipe from an experiment's configuration values.
     *
     * @param values the values, overrides applied
     * @param source names the experiment in messages (a file path or a resource name)
     * @return the recipe
     * @throws ConfigException one line naming the source and the key, when a required key is unset or
     *     the values are inconsistent
     */
    public static TrainConfig of(ConfigValues values, String source) {
        try {
            return new TrainConfig(
                    source,
                    TrainSpec.from(values),
                    LossSpec.from(values),
                    AugSpec.from(values),
                    InputSpec.from(values),
                    Cvt4jSpec.from(values));
        } catch (ConfigException e) {
            throw new ConfigException(source + ": " + e.getMessage(), e);
        }
    }
}
