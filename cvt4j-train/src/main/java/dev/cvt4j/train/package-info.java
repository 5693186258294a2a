/**
 * The numerical core of the official CvT training recipe (microsoft/CvT {@code tools/train.py},
 * {@code lib/core/function.py}): {@link dev.cvt4j.train.TrainStep} runs one optimisation step (training-mode
 * forward, loss, backward, optional gradient clipping and accumulation, AdamW) with scoped native memory.
 * The recipe itself is read by {@link dev.cvt4j.train.config.TrainConfig}; optimizer, weight-decay groups,
 * learning-rate schedule and clipping live in {@code dev.cvt4j.train.optim}, the criteria in
 * {@code dev.cvt4j.train.loss}.
 *
 * <p>Depends on {@link dev.cvt4j.model} (the network, trained in place), the recipe ({@code
 * dev.cvt4j.train.config}), {@code dev.cvt4j.train.loss}, {@code dev.cvt4j.train.optim} and DJL. Must
 * not depend on the run machinery ({@code dev.cvt4j.train.run}, which drives it), on data loading or
 * on the command line.
 */
package dev.cvt4j.train;
