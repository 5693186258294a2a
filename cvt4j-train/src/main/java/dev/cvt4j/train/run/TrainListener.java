package dev.cvt4j.train.run;

import java.nio.file.Path;

/** Receives what a {@link Trainer} does, on the training thread. Every method does nothing by default. */
public interface TrainListener {
    /** A listener that ignores everything. */
    TrainListener NONE = new TrainListener() {};

    /**
     * A line worth telling the user (what was loaded, frozen, resumed).
     *
     * @param line one line of text
     */
    default void message(String line) {}

    /**
     * An epoch begins (or resumes).
     *
     * @param epoch the epoch (0-based)
     * @param endEpoch the epoch the run ends before ({@code TRAIN.END_EPOCH})
     * @param firstStep optimizer steps of this epoch already done (non-zero when resuming mid-epoch)
     * @param stepsPerEpoch optimizer steps in a whole epoch
     * @param lr the epoch's learning rate
     */
    default void epochStarted(int epoch, int endEpoch, int firstStep, int stepsPerEpoch, double lr) {}

    /**
     * An optimizer step finished.
     *
     * @param progress where the epoch stands
     */
    default void stepDone(StepProgress progress) {}

    /** Validation of the epoch begins. */
    default void validationStarted() {}

    /**
     * An epoch finished and was validated; its line was appended to {@code metrics.jsonl}.
     *
     * @param metrics the epoch's figures
     */
    default void epochDone(EpochMetrics metrics) {}

    /**
     * A checkpoint was written.
     *
     * @param file the checkpoint ({@code last.safetensors} or {@code best.safetensors})
     * @param state what it holds
     */
    default void checkpointSaved(Path file, RunState state) {}
}
