package dev.cvt4j.train.run;

/**
 * Progress after one optimizer step, for progress bars and logs.
 *
 * @param epoch the epoch (0-based)
 * @param step optimizer steps done in this epoch, counting those before a resume
 * @param stepsPerEpoch optimizer steps in a whole epoch
 * @param totalSteps optimizer steps since the run began
 * @param loss the step's mean training loss
 * @param lr the learning rate of the step
 * @param imagesPerSecond training images per second since the epoch (or the resume) began
 */
public record StepProgress(
        int epoch, int step, int stepsPerEpoch, long totalSteps, double loss, double lr, double imagesPerSecond) {}
