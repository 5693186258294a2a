package dev.cvt4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.cvt4j.config.GridSize;

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
     * The map is a permuted view of the tokens, i.e. channels-last in memory, with the batch stride
     * PyTorch needs to recognise it as such even for {@code B = 1}: its convolutions (oneDNN) then run
     * in channels-last directly, where a {@code transpose}-then-{@code reshape} view of a single image
     * gets a batch stride that makes PyTorch copy the map into NCHW first and take the slow depthwise
     * path (docs/performance.md, lever 12).
     *
     * @param tokens {@code (B, H*W, C)}
     * @param grid the map size
     * @return {@code (B, C, H, W)}
     */
    public static NDArray toMap(NDArray tokens, GridSize grid) {
        Shape s = tokens.getShape();
        return tokens.reshape(s.get(0), grid.height(), grid.width(), s.get(2)).transpose(0, 3, 1, 2);
    }
}
