/**
 * Optimisation as the official recipe does it (microsoft/CvT {@code lib/optim/build.py},
 * {@code lib/scheduler/build.py}): {@code torch.optim.AdamW} over the official weight-decay groups, timm's
 * warmup-cosine schedule per epoch, and {@code clip_grad_norm_}.
 */
package dev.cvt4j.train.optim;
