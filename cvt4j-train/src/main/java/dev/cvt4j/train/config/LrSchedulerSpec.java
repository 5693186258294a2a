package dev.cvt4j.train.config;

import dev.cvt4j.config.ConfigValues;

/**
 * {@code TRAIN.LR_SCHEDULER} of the official recipe: {@code METHOD: timm} hands {@code ARGS} to timm
 * 0.3.2's {@code create_scheduler} (official {@code lib/scheduler/build.py}), whose {@code cosine}
 * schedule is a {@code CosineLRScheduler} with {@code t_initial = TRAIN.END_EPOCH} (the official
 * {@code update_config} sets {@code ARGS.epochs} to it, so a written {@code epochs} is ignored), one
 * cycle, warmup from {@code warmup_lr} over {@code warmup_epochs}, stepped once per epoch.
 * The official {@code MultiStep}, {@code CosineAnnealing} and {@code CyclicLR} methods are not
 * implemented.
 *
 * @param method {@code METHOD}; only {@code timm}
 * @param sched {@code ARGS.sched}; only {@code cosine}
 * @param warmupEpochs {@code ARGS.warmup_epochs}, epochs of linear warmup
 * @param warmupLr {@code ARGS.warmup_lr}, the learning rate at epoch 0
 * @param minLr {@code ARGS.min_lr}, the floor of the cosine and the rate after it
 * @param cooldownEpochs {@code ARGS.cooldown_epochs}: timm adds them to the epoch count it returns,
 *     which the official code discards; they matter only if training runs past {@code END_EPOCH}
 * @param decayRate {@code ARGS.decay_rate}: the per-cycle decay, which has no effect with one cycle
 */
public record LrSchedulerSpec(
        String method,
        String sched,
        int warmupEpochs,
        double warmupLr,
        double minLr,
        int cooldownEpochs,
        double decayRate) {

    /** Reads the section from an experiment's configuration values. */
    static LrSchedulerSpec from(ConfigValues v) {
        String a = "TRAIN.LR_SCHEDULER.ARGS.";
        return new LrSchedulerSpec(
                v.string("TRAIN.LR_SCHEDULER.METHOD"),
                v.string(a + "sched"),
                v.integer(a + "warmup_epochs"),
                v.number(a + "warmup_lr"),
                v.number(a + "min_lr"),
                v.integer(a + "cooldown_epochs"),
                v.number(a + "decay_rate"));
    }
}
