/**
 * The numerical core of the official CvT training recipe (microsoft/CvT {@code tools/train.py},
 * {@code lib/core/function.py}): {@link dev.cvt4j.train.TrainStep} runs one optimisation step (training-mode
 * forward, loss, backward, optional gradient clipping and accumulation, AdamW) with scoped native memory.
 * The recipe itself is read by {@link dev.cvt4j.train.config.TrainConfig}; optimizer, weight-decay groups,
 * learning-rate schedule and clipping live in {@code dev.cvt4j.train.optim}, the criteria in
 * {@code dev.cvt4j.train.loss}.
 */
package dev.cvt4j.train;
