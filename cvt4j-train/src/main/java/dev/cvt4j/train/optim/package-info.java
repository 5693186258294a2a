/**
 * Optimisation as the official recipe does it (microsoft/CvT {@code lib/optim/build.py},
 * {@code lib/scheduler/build.py}): {@code torch.optim.AdamW} over the official weight-decay groups, timm's
 * warmup-cosine schedule per epoch, and {@code clip_grad_norm_}.
 *
 * <p>Depends on {@link dev.cvt4j.model} (official parameter names, for the weight-decay groups),
 * {@link dev.cvt4j.checkpoint} (the optimiser state as a state dict), the recipe ({@code
 * dev.cvt4j.train.config}) and DJL. Must not depend on the data, the loss or the training loop.
 */
package dev.cvt4j.train.optim;
