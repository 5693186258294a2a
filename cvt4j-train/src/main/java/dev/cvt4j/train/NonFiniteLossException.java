package dev.cvt4j.train;

/**
 * The loss of a training step came out NaN or infinite: training has diverged, or the batch holds
 * non-finite values. The step was not applied: the parameters and optimizer state are unchanged and the
 * accumulated gradients were discarded (BatchNorm running statistics did see the batch).
 */
public class NonFiniteLossException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final long step;
    private final double loss;

    /**
     * @param step the optimisation step that failed, counted from 1
     * @param loss the non-finite loss value
     */
    public NonFiniteLossException(long step, double loss) {
        super("step " + step + ": the loss is " + loss
                + "; training diverged (try a lower TRAIN.LR or TRAIN.CLIP_GRAD_NORM) or the batch is not finite");
        this.step = step;
        this.loss = loss;
    }

    /** The optimisation step that failed, counted from 1. */
    public long step() {
        return step;
    }

    /** The loss value: NaN or an infinity. */
    public double loss() {
        return loss;
    }
}
