package dev.cvt4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.util.PairList;
import dev.cvt4j.config.GridSize;

/**
 * A request, passed in a forward call's parameters, to capture the attention probabilities of one
 * {@link ConvAttention}. Create one per forward call and read it afterwards; the blocks themselves
 * keep no state, so concurrent calls with their own probes do not interfere. Without a probe a
 * forward pass does nothing extra beyond one parameter look-up per block.
 */
public final class AttentionProbe {
    /** The key of the probe in a forward call's {@link PairList}. */
    public static final String KEY = "attention_probe";

    private final ConvAttention target;
    private AttentionMap captured;

    /**
     * @param target the attention module to capture
     */
    public AttentionProbe(ConvAttention target) {
        this.target = target;
    }

    /** This probe as forward-call parameters (for {@link Cvt#forward}). */
    public PairList<String, Object> asParams() {
        PairList<String, Object> params = new PairList<>();
        params.add(KEY, this);
        return params;
    }

    /**
     * The captured probabilities; they live in the manager of the forward pass that produced them.
     *
     * @return the capture
     * @throws IllegalStateException when no forward pass has run the target module with this probe
     */
    public AttentionMap captured() {
        if (captured == null) {
            throw new IllegalStateException("the probed attention module did not run in the forward pass");
        }
        return captured;
    }

    /** The probe among {@code params} targeting {@code source}, or null (the common, capture-free case). */
    static AttentionProbe lookup(PairList<String, Object> params, ConvAttention source) {
        Object probe = params == null ? null : params.get(KEY);
        return probe instanceof AttentionProbe p && p.target == source ? p : null;
    }

    /** Called by the target module with its softmax output. */
    void record(NDArray probabilities, GridSize queryGrid, GridSize keyGrid, boolean clsToken) {
        captured = new AttentionMap(probabilities, queryGrid, keyGrid, clsToken);
    }
}
