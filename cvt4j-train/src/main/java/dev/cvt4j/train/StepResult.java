package dev.cvt4j.train;

/**
 * The outcome of one optimisation step ({@link TrainStep#apply}).
 *
 * @param step the optimizer's step count after this step, counted from 1
 * @param loss the mean of the accumulated micro-batch losses
 * @param gradNorm the total gradient 2-norm before clipping when clipping is on, else NaN
 */
public record StepResult(long step, double loss, double gradNorm) {}
