package dev.cvt4j.model;

import ai.djl.util.PairList;
import dev.cvt4j.config.GridSize;

/**
 * The stage's token grid ({@link GridSize}) as a forward-call parameter: {@link CvtStage} passes it to
 * every block through DJL's per-call parameter list under {@link #KEY}, and {@link ConvAttention}
 * reads it to turn its {@code (B, T, C)} tokens back into a {@code (B, C, H, W)} map (the official
 * {@code h, w} arguments of {@code Block.forward}).
 */
public final class GridParam {
    /** The key of the grid in a forward call's {@link PairList}. */
    public static final String KEY = "grid";

    private GridParam() {}

    /**
     * @param grid the stage's token grid
     * @return a forward-call parameter list holding {@code grid}
     */
    public static PairList<String, Object> of(GridSize grid) {
        PairList<String, Object> params = new PairList<>();
        params.add(KEY, grid);
        return params;
    }

    /**
     * @param params the parameters of a forward call
     * @return the grid passed with {@link #of(GridSize)}
     * @throws IllegalArgumentException when the call carries no grid
     */
    public static GridSize from(PairList<String, Object> params) {
        Object grid = params == null ? null : params.get(KEY);
        if (!(grid instanceof GridSize g)) {
            throw new IllegalArgumentException("a CvT block needs the token grid: pass GridParam.of(grid)");
        }
        return g;
    }
}
