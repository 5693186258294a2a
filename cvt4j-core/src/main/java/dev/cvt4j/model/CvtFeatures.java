package dev.cvt4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import java.util.List;

/**
 * What the stages of a CvT return (official {@code VisionTransformer.forward}): each stage's map and
 * the last stage's class token, before the final LayerNorm.
 *
 * @param stageMaps per stage, {@code (B, C_i, H_i, W_i)}
 * @param clsToken {@code (B, 1, C_last)} when the last stage has a class token, else null
 */
public record CvtFeatures(List<NDArray> stageMaps, NDArray clsToken) {

    /** All arrays: the stage maps, then the class token if present. */
    public NDList toNDList() {
        NDList list = new NDList(stageMaps);
        if (clsToken != null) {
            list.add(clsToken);
        }
        return list;
    }
}
