/**
 * The training criteria of microsoft/CvT {@code lib/core/loss.py} on DJL arrays: cross-entropy,
 * label-smoothing cross-entropy and soft-target cross-entropy (for Mixup/CutMix), chosen as
 * {@code build_criterion} does.
 */
package dev.cvt4j.train.loss;
