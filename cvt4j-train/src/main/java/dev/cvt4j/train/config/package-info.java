/**
 * The training recipe of an official CvT experiment file: the {@code TRAIN}, {@code LOSS}, {@code AUG} and
 * {@code INPUT} sections and the cvt4j extensions under {@code CVT4J}, built from the values of the one
 * configuration table ({@link dev.cvt4j.config.ConfigTable}: keys, types, defaults of microsoft/CvT
 * {@code lib/config/default.py}, checks). Invalid values fail with a {@link dev.cvt4j.config.ConfigException}
 * naming the file and the key.
 */
package dev.cvt4j.train.config;
