package dev.cvt4j.eval;

/** Receives progress from {@link Evaluator#evaluate}, on the calling thread, after every batch. */
@FunctionalInterface
public interface EvalListener {
    /** A listener that ignores progress. */
    EvalListener NONE = (done, total, top1) -> {};

    /**
     * @param done files processed so far (readable or not)
     * @param total files in the run
     * @param top1 running top-1 accuracy in percent over the images evaluated so far
     */
    void progress(int done, int total, double top1);
}
