package dev.cvt4j.inference;

import dev.cvt4j.checkpoint.Tensor;
import java.util.List;

/**
 * What the stages of a CvT return for a batch, and the classifier's input, as plain float32 tensors.
 *
 * @param stageMaps per stage, its map {@code (B, C_i, H_i, W_i)} (class token removed), as the official
 *     stages return it
 * @param clsToken the last stage's class token {@code (B, 1, C_last)} before the final norm; null when the
 *     last stage has none
 * @param embedding {@code (B, C_last)}: the class token after the final LayerNorm, or the mean of the
 *     normalised last-stage tokens (official {@code forward_features})
 * @param logits {@code (B, NUM_CLASSES)}: the official {@code head} applied to {@code embedding}, from the
 *     same forward pass
 */
public record FeatureTensors(List<Tensor> stageMaps, Tensor clsToken, Tensor embedding, Tensor logits) {
    /** Copies the list. */
    public FeatureTensors {
        stageMaps = List.copyOf(stageMaps);
    }
}
