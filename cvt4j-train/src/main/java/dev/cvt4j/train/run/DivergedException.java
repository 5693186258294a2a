package dev.cvt4j.train.run;

import dev.cvt4j.train.NonFiniteLossException;

/**
 * A training run stopped because a loss came out NaN or infinite. The message names the step and the
 * last good checkpoint; nothing was written after the failing step.
 */
public class DivergedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message one line naming the step, the position in the epoch and the last good checkpoint
     * @param cause the training step's report
     */
    public DivergedException(String message, NonFiniteLossException cause) {
        super(message, cause);
    }
}
