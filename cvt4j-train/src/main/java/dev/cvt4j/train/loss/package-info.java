/**
 * The training criteria of microsoft/CvT {@code lib/core/loss.py} on DJL arrays: cross-entropy,
 * label-smoothing cross-entropy and soft-target cross-entropy (for Mixup/CutMix), chosen as
 * {@code build_criterion} does.
 *
 * <p>Depends on {@link dev.cvt4j.model} ({@code Scalars}, for constants autograd may keep), the recipe
 * ({@code dev.cvt4j.train.config}) and DJL. Must not depend on the optimiser, the data or the training
 * loop.
 */
package dev.cvt4j.train.loss;
