package dev.cvt4j.train.run;

import dev.cvt4j.config.ConfigException;
import dev.cvt4j.config.ConfigValues;
import dev.cvt4j.config.ExperimentConfig;
import dev.cvt4j.config.Experiments;
import dev.cvt4j.config.Presets;
import dev.cvt4j.config.YamlReader;
import dev.cvt4j.train.config.TrainConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The full configuration of a training run, kept verbatim so that a resumed run rebuilds exactly
 * the same model and recipe: the experiment YAML text (an official experiment file as written, or a
 * bundled recipe), the preset that supplies the model when the text has no {@code MODEL} section,
 * and the {@code KEY=VALUE} overrides of the command line (official {@code tools/train.py opts}).
 *
 * <p>A run is configured either by an official experiment file ({@code MODEL}, {@code TEST} and the
 * recipe sections {@code TRAIN}, {@code AUG}, {@code LOSS}, plus {@code CVT4J}), or by a preset with
 * {@link #PAPER_RECIPE}: the recipe sections of the official CvT-13 ImageNet experiment
 * ({@code experiments/imagenet/cvt/cvt-13-224x224.yaml}), which the paper trains CvT-13 and CvT-21 with;
 * the preset's {@code MODEL} and {@code TEST} sections replace the recipe's. Overrides may name any key
 * of the configuration table ({@link dev.cvt4j.config.ConfigTable}), the model's included.
 *
 * <p>The model's class count always comes from the training data; an experiment file that states a
 * different {@code MODEL.NUM_CLASSES} is refused.
 *
 * @param preset the preset supplying the model, or {@code null} when the YAML has a {@code MODEL} section
 * @param yaml the experiment YAML text
 * @param source where the text came from, for messages (a path or a resource name)
 * @param overrides {@code KEY=VALUE} overrides, applied in order after the YAML
 */
public record RunConfig(String preset, String yaml, String source, List<String> overrides) {
    /** The bundled recipe sections of the official CvT-13 ImageNet experiment, used with a preset. */
    public static final String PAPER_RECIPE = "/dev/cvt4j/train/config/cvt-13-224x224.yaml";

    /** Copies the overrides. */
    public RunConfig {
        overrides = List.copyOf(overrides);
    }

    /**
     * A run configured by an experiment file.
     *
     * @param file an official experiment YAML file
     * @param overrides recipe overrides
     * @return the configuration
     * @throws ConfigException naming the file when it cannot be read or is invalid
     */
    public static RunConfig ofFile(Path file, List<String> overrides) {
        try {
            return validated(new RunConfig(null, Files.readString(file), file.toString(), overrides));
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    /**
     * A run of a preset model with the paper's recipe ({@link #PAPER_RECIPE}).
     *
     * @param preset a preset name, see {@link Presets#names()}
     * @param overrides recipe overrides
     * @return the configuration
     * @throws ConfigException for an unknown preset or a bad override
     */
    public static RunConfig ofPreset(String preset, List<String> overrides) {
        if (!Presets.names().contains(preset)) {
            throw new ConfigException(preset + ": not a preset (" + String.join(", ", Presets.names()) + ")");
        }
        return validated(new RunConfig(preset, resource(PAPER_RECIPE), PAPER_RECIPE, overrides));
    }

    /**
     * A run configured by an experiment file bundled as a class-path resource (e.g. the quickstart's).
     *
     * @param resource absolute resource name
     * @param overrides recipe overrides
     * @return the configuration
     * @throws ConfigException when the resource is invalid or an override is bad
     */
    public static RunConfig ofResource(String resource, List<String> overrides) {
        return validated(new RunConfig(null, resource(resource), resource, overrides));
    }

    private static RunConfig validated(RunConfig config) {
        config.recipe();
        Experiments.experiment(config.values(), config.name());
        return config;
    }

    private static String resource(String name) {
        try (InputStream in = RunConfig.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing class-path resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(name + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    /**
     * The run's configuration values: the YAML (with a preset's {@code MODEL} and {@code TEST}
     * sections in place of its own), then the overrides.
     *
     * @return the values
     * @throws ConfigException naming the source and the key when the YAML or an override is invalid
     */
    public ConfigValues values() {
        Map<String, Object> root = YamlReader.parse(yaml, source);
        if (preset != null) {
            root = new LinkedHashMap<>(root);
            root.putAll(Experiments.mapping(Presets.get(preset)));
        }
        return ConfigValues.of(root, overrides, source);
    }

    /** A name for the run's model: the preset, or the experiment's source. */
    public String name() {
        return preset != null ? preset : source;
    }

    /**
     * The model and evaluation settings, with the class count of the training data. The input
     * normalisation is the recipe's {@code INPUT} (overrides included), the one the training transform
     * uses, so that validation and later evaluation see inputs normalised as in training.
     *
     * @param numClasses classes in the training data
     * @return the experiment
     * @throws ConfigException when the experiment states another {@code MODEL.NUM_CLASSES}
     */
    public ExperimentConfig experiment(int numClasses) {
        ConfigValues v = values();
        ExperimentConfig e = Experiments.experiment(v, name());
        if (preset == null && v.isSet("MODEL.NUM_CLASSES") && e.model().numClasses() != numClasses) {
            throw new ConfigException(source + ": MODEL.NUM_CLASSES is "
                    + e.model().numClasses() + " but the training data has " + numClasses + " classes");
        }
        return new ExperimentConfig(e.name(), e.model().withNumClasses(numClasses), e.test(), e.input());
    }

    /**
     * The training recipe with the overrides applied.
     *
     * @return the recipe
     * @throws ConfigException naming the source and the key when the recipe is invalid
     */
    public TrainConfig recipe() {
        return TrainConfig.of(values(), source);
    }
}
