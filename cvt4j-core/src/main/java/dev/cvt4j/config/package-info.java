/**
 * The configuration of an experiment, in one table: every key of the official experiment file
 * (microsoft/CvT {@code lib/config/default.py}: {@code MODEL}, {@code MODEL.SPEC}, {@code TEST},
 * {@code TRAIN}, {@code LOSS}, {@code AUG}, {@code INPUT}, {@code DATASET}, ...) and the cvt4j extensions
 * under {@code CVT4J}, each with its type, default, check and description ({@link dev.cvt4j.config.ConfigTable});
 * one reader of files and {@code KEY=VALUE} overrides ({@link dev.cvt4j.config.ConfigValues}, YAML through
 * {@link dev.cvt4j.config.YamlReader}); and the model, test and input settings built from it
 * ({@link dev.cvt4j.config.Experiments}). The training recipe ({@code dev.cvt4j.train.config}) is built from
 * the same values. Errors are one-line {@link dev.cvt4j.config.ConfigException}s naming the file and the key.
 */
package dev.cvt4j.config;
