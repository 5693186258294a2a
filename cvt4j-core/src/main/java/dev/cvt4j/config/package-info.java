/**
 * The configuration of an experiment, in one table: every key of the official experiment file
 * (microsoft/CvT {@code lib/config/default.py}: {@code MODEL}, {@code MODEL.SPEC}, {@code TEST},
 * {@code TRAIN}, {@code LOSS}, {@code AUG}, {@code INPUT}, {@code DATASET}, ...) and the cvt4j extensions
 * under {@code CVT4J}, each with its type, default, check and description ({@link dev.cvt4j.config.ConfigTable});
 * one reader of files and {@code KEY=VALUE} overrides ({@link dev.cvt4j.config.ConfigValues}, YAML through
 * {@link dev.cvt4j.config.YamlReader}); and the model, test and input settings built from it
 * ({@link dev.cvt4j.config.Experiments}). The training recipe ({@code dev.cvt4j.train.config}) is built from
 * the same values. Errors are one-line {@link dev.cvt4j.config.ConfigException}s naming the file and the key.
 *
 * <p>The types a configuration is made of live here too: {@link dev.cvt4j.config.CvtConfig} (what
 * determines a network) of {@link dev.cvt4j.config.StageSpec}s with their
 * {@link dev.cvt4j.config.ProjectionMethod} and {@link dev.cvt4j.config.ActLayer},
 * {@link dev.cvt4j.config.TestSpec}, {@link dev.cvt4j.config.ExperimentConfig} (what {@code --model}
 * resolves to) and the official {@link dev.cvt4j.config.Presets}; and what is computed from a
 * configuration alone, with no weights: token grids ({@link dev.cvt4j.config.GridSize}), sizes and
 * costs ({@link dev.cvt4j.config.ModelSummary}) and the can-it-run check
 * ({@link dev.cvt4j.config.ModelFootprint}).
 *
 * <p>Depends on {@link dev.cvt4j.image} (the {@code INPUT} normalisation), {@link dev.cvt4j.untrusted}
 * and SnakeYAML. Must not depend on the network ({@code dev.cvt4j.model}), on DJL, or on anything that
 * runs a model: the network is built from a configuration, not the reverse.
 */
package dev.cvt4j.config;
