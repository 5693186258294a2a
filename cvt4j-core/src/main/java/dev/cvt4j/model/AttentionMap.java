package dev.cvt4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import dev.cvt4j.config.GridSize;

/**
 * The attention probabilities of one block (the softmax output of the official {@code Attention},
 * before attention dropout), with the token grids they refer to.
 *
 * <p>Query and key/value tokens are in the official order: the class token first (when the stage
 * has one), then the projected map in row-major order. Keys and values are usually projected with
 * stride {@code STRIDE_KV} = 2, so {@code keyGrid} is about half of {@code queryGrid} per side.
 *
 * @param probabilities {@code (B, heads, Tq, Tkv)}, each row summing to 1; {@code Tq = [1 +]
 *     queryGrid.tokens()}, {@code Tkv = [1 +] keyGrid.tokens()}
 * @param queryGrid the query map (the stage's grid for {@code STRIDE_Q} = 1)
 * @param keyGrid the key/value map
 * @param clsToken whether the first query and key are the class token
 */
public record AttentionMap(NDArray probabilities, GridSize queryGrid, GridSize keyGrid, boolean clsToken) {

    /**
     * Where the image attends, per key/value position: with a class token, the class token's
     * attention row averaged over heads, without the class-token key; without one, the mean
     * attention each key receives over all queries and heads.
     *
     * @return {@code (B, keyGrid.height, keyGrid.width)}, in the manager of {@link #probabilities()}
     */
    public NDArray keyMap() {
        long batch = probabilities.getShape().get(0);
        NDArray perKey = clsToken
                ? probabilities.get(new NDIndex(":, :, 0, 1:")).mean(new int[] {1})
                : probabilities.mean(new int[] {2}).mean(new int[] {1});
        return perKey.reshape(batch, keyGrid.height(), keyGrid.width());
    }
}
