package dev.cvt4j.train.run;

import java.util.List;

/**
 * Where a training run stands, saved with every checkpoint so that a resumed run continues exactly
 * where it stopped. Every random decision of the run is a pure function of the seed and a position
 * (see {@code dev.cvt4j.train.data.Seeds}): the data order and augmentation of a batch derive from
 * {@code (seed, epoch, batch)}, the drop-path masks of a micro-batch likewise, so the position is the
 * whole generator state. The AdamW step count travels with the optimizer's state; the learning rate
 * derives from the epoch.
 *
 * @param epoch the epoch in progress (0-based, counted like {@code TRAIN.BEGIN_EPOCH})
 * @param batch the next batch of that epoch to run (0 = start of the epoch)
 * @param optimizerSteps optimizer steps taken since the run began
 * @param seed the run's seed
 * @param bestTop1 best validation top-1 so far, in %, or -1 before the first evaluation
 * @param config the full configuration of the run
 * @param frozen the official-name prefixes of the frozen parameters (fine-tuning), empty when none
 */
public record RunState(
        int epoch, int batch, long optimizerSteps, long seed, double bestTop1, RunConfig config, List<String> frozen) {

    /** Copies the frozen prefixes. */
    public RunState {
        frozen = List.copyOf(frozen);
    }

    /**
     * The state at the start of a run.
     *
     * @param beginEpoch the first epoch ({@code TRAIN.BEGIN_EPOCH})
     * @param seed the run's seed
     * @param config the run's configuration
     * @param frozen the frozen parameters' official-name prefixes
     * @return epoch {@code beginEpoch}, batch 0, no steps, no evaluation yet
     */
    public static RunState start(int beginEpoch, long seed, RunConfig config, List<String> frozen) {
        return new RunState(beginEpoch, 0, 0, seed, -1, config, frozen);
    }

    /** After one more optimizer step that ended before batch {@code nextBatch} of the current epoch. */
    public RunState afterStep(int nextBatch) {
        return new RunState(epoch, nextBatch, optimizerSteps + 1, seed, bestTop1, config, frozen);
    }

    /** At the start of the next epoch, with the best top-1 updated by this epoch's {@code top1} (%). */
    public RunState nextEpoch(double top1) {
        return new RunState(epoch + 1, 0, optimizerSteps, seed, Math.max(bestTop1, top1), config, frozen);
    }
}
