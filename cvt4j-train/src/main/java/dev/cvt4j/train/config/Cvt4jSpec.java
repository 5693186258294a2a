package dev.cvt4j.train.config;

import dev.cvt4j.config.ConfigValues;

/**
 * The {@code CVT4J} section: training settings that are cvt4j extensions, with no counterpart in the
 * official recipe (whose defaults they reproduce).
 *
 * @param gradAccumSteps {@code CVT4J.GRAD_ACCUM_STEPS}: micro-batches of {@code TRAIN.BATCH_SIZE_PER_GPU}
 *     images whose gradients are summed (each loss scaled by {@code 1 / gradAccumSteps}) before one
 *     optimiser step; 1 (the default) is the official behaviour. BatchNorm still sees micro-batches.
 * @param checkpointFreq {@code CVT4J.CHECKPOINT_FREQ}: save a checkpoint every this many epochs; 1 (the
 *     default) is the official behaviour
 * @param checkpointSteps {@code CVT4J.CHECKPOINT_STEPS}: also save a checkpoint every this many optimiser
 *     steps, in the middle of epochs; 0 (the default) saves at epoch ends only
 */
public record Cvt4jSpec(int gradAccumSteps, int checkpointFreq, int checkpointSteps) {

    /** Reads the section from an experiment's configuration values. */
    static Cvt4jSpec from(ConfigValues v) {
        return new Cvt4jSpec(
                v.integer("CVT4J.GRAD_ACCUM_STEPS"),
                v.integer("CVT4J.CHECKPOINT_FREQ"),
                v.integer("CVT4J.CHECKPOINT_STEPS"));
    }
}
