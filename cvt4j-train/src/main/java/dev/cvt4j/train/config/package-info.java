/**
 * The training recipe of an official CvT experiment file: the {@code TRAIN}, {@code LOSS}, {@code AUG} and
 * {@code INPUT} sections and the cvt4j extensions under {@code CVT4J}, built from the values of the one
 * configuration table ({@link dev.cvt4j.config.ConfigTable}: keys, types, defaults of microsoft/CvT
 * {@code lib/config/default.py}, checks). Invalid values fail with a {@link dev.cvt4j.config.ConfigException}
 * naming the file and the key.
 *
 * <p>Depends on {@link dev.cvt4j.config} and {@link dev.cvt4j.image} (the {@code INPUT} normalisation)
 * only: plain records, no DJL. Must not depend on the network or on the rest of training, which all
 * read their settings from here.
 */
package dev.cvt4j.train.config;
