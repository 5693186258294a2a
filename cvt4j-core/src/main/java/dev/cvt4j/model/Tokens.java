package dev.cvt4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * The two rearranges between maps and tokens used throughout the official code
 * ({@code einops.rearrange}): {@code b c h w -> b (h w) c} and back. Tokens are in row-major order,
 * index {@code h * W + w}. Both are views where the layout allows it (no copy).
 */
public final class Tokens {
    private Tokens() {}

    /**
     * @param map {@code (B, C, H, W)}
     * @return {@code (B, H*W, C)}
     */
    public static NDArray fromMap(NDArray map) {
        Shape s = map.getShape();
        return map.reshape(s.get(0), s.get(1), s.get(2) * s.get(3)).transpose(0, 2, 1);
    }

    /**
     * @param tokens {@code (B, H*W, C)}
     * @param grid the map size
     * @return {@code (B, C, H, W)}
     */
    public static NDArray toMap(NDArray tokens, GridSize grid) {
        Shape s = tokens.getShape();
        return tokens.transpose(0, 2, 1).reshape(s.get(0), s.get(2), grid.height(), grid.width());
    }
}
