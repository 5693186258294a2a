package dev.cvt4j.train.optim;

import dev.cvt4j.train.config.LrSchedulerSpec;
import dev.cvt4j.train.config.TrainSpec;

/**
 * The learning rate per epoch of the official recipe: timm 0.3.2's {@code CosineLRScheduler} as
 * {@code create_scheduler} builds it for {@code sched: cosine} ({@code t_initial = epochs},
 * {@code t_mul = 1}, {@code cycle_limit = 1}, {@code warmup_prefix = False}, {@code t_in_epochs = True},
 * no noise), stepped with the epoch number as the official {@code tools/train.py} does, so that epoch
 * {@code t} trains with {@code lr(t)}:
 * <pre>
 *   t &lt; warmupEpochs:   warmupLr + t * (baseLr - warmupLr) / warmupEpochs
 *   t &lt; epochs:         minLr + 0.5 * (baseLr - minLr) * (1 + cos(pi * t / epochs))
 *   otherwise:          minLr   (cooldown)
 * </pre>
 * The cosine runs over all {@code epochs} from 0, warmup included ({@code warmup_prefix=False}), so it
 * takes over at {@code t = warmupEpochs} slightly below {@code baseLr}.
 *
 * @param baseLr the optimizer's learning rate ({@code TRAIN.LR}, scaled by {@link TrainSpec#effectiveLr})
 * @param warmupLr {@code warmup_lr}
 * @param warmupEpochs {@code warmup_epochs}
 * @param minLr {@code min_lr}
 * @param epochs {@code t_initial}: {@code TRAIN.END_EPOCH}
 */
public record LrSchedule(double baseLr, double warmupLr, int warmupEpochs, double minLr, int epochs) {

    /** @throws IllegalArgumentException for negative rates or warmup, or fewer than one epoch */
    public LrSchedule {
        if (!(baseLr >= 0 && warmupLr >= 0 && minLr >= 0) || warmupEpochs < 0 || epochs < 1) {
            throw new IllegalArgumentException("invalid schedule " + this);
        }
    }

    /**
     * The official schedule of a recipe.
     *
     * @param train the {@code TRAIN} section
     * @param worldSize number of training processes (1 in cvt4j), see {@link TrainSpec#effectiveLr}
     * @return the schedule
     */
    public static LrSchedule of(TrainSpec train, int worldSize) {
        LrSchedulerSpec s = train.lrScheduler();
        return new LrSchedule(
                train.effectiveLr(worldSize), s.warmupLr(), s.warmupEpochs(), s.minLr(), train.endEpoch());
    }

    /**
     * @param epoch the epoch, from 0
     * @return the learning rate for training that epoch
     * @throws IllegalArgumentException if {@code epoch} is negative
     */
    public double lr(int epoch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must be non-negative, got " + epoch);
        }
        if (epoch < warmupEpochs) {
            double warmupStep = (baseLr - warmupLr) / warmupEpochs;
            return warmupLr + epoch * warmupStep;
        }
        if (epoch < epochs) {
            return minLr + 0.5 * (baseLr - minLr) * (1 + Math.cos(Math.PI * epoch / epochs));
        }
        return minLr;
    }
}
