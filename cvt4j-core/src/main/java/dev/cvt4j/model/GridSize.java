package dev.cvt4j.model;

import ai.djl.util.PairList;

/**
 * The height and width of a stage's token map, which a transformer block needs to turn its
 * {@code (B, T, C)} tokens back into a {@code (B, C, H, W)} map (the official {@code h, w} arguments of
 * {@code Block.forward}). Passed through DJL's per-call parameter list under {@link #KEY}.
 *
 * @param height H, tokens
 * @param width W, tokens
 */
public record GridSize(int height, int width) {
    /** The key of this value in a forward call's {@link PairList}. */
    public static final String KEY = "grid";

    /** This grid as a forward-call parameter list. */
    public PairList<String, Object> asParams() {
        PairList<String, Object> params = new PairList<>();
        params.add(KEY, this);
        return params;
    }

    /**
     * @param params the parameters of a forward call
     * @return the grid passed with {@link #asParams()}
     * @throws IllegalArgumentException when the call carries no grid
     */
    public static GridSize from(PairList<String, Object> params) {
        Object grid = params == null ? null : params.get(KEY);
        if (!(grid instanceof GridSize g)) {
            throw new IllegalArgumentException("a CvT block needs the token grid: pass GridSize.asParams()");
        }
        return g;
    }

    /** Number of tokens {@code H * W}. */
    public int tokens() {
        return height * width;
    }
}
