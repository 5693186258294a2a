/**
 * The training recipe of an official CvT experiment file: the {@code TRAIN}, {@code LOSS}, {@code AUG} and
 * {@code INPUT} sections with the defaults of microsoft/CvT {@code lib/config/default.py}, yacs-style {@code KEY=VALUE}
 * overrides, and the cvt4j extensions under {@code CVT4J}. Invalid values fail with a
 * {@link dev.cvt4j.model.ConfigException} naming the file and the key.
 */
package dev.cvt4j.train.config;
