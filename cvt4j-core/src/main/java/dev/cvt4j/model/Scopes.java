package dev.cvt4j.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.function.Function;

/**
 * Native-memory scopes around a piece of a forward pass: everything the piece allocates is freed when
 * it returns, except what it returns. Used once per call ({@link CvtModel}) and once per transformer
 * block ({@link CvtStage}), so that a block's intermediates (up to 1 GB for stage 0 at batch 32) are
 * released before the next block runs and their memory is reused, still mapped and often still cached,
 * instead of fresh pages being faulted in for every array of the pass (docs/performance.md, lever 13).
 * Closing an array only drops this handle: autograd keeps what the backward pass needs.
 */
final class Scopes {
    private Scopes() {}

    /**
     * Runs {@code body} on {@code inputs} inside a fresh sub-manager of the first input's manager; the
     * arrays it returns are moved to that manager and everything else it allocated is freed.
     *
     * @param inputs the piece's inputs, at least one array; they return to their managers afterwards
     * @param body the piece
     * @return what {@code body} returned, owned by the first input's manager
     */
    static NDList scoped(NDList inputs, Function<NDList, NDList> body) {
        NDManager owner = inputs.head().getManager();
        try (NDManager scope = owner.newSubManager()) {
            inputs.forEach(a -> a.tempAttach(scope));
            NDList out = body.apply(inputs);
            out.attach(owner);
            return out;
        }
    }
}
