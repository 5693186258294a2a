package dev.cvt4j.eval;

import java.io.Serializable;
import java.util.Arrays;

/**
 * How one image was classified, all that {@link EvalMetrics} needs of it: its target, the target's rank
 * and the image's cross-entropy over the scored classes, and its ReaL outcome. Computed where the logits
 * are (the evaluator's thread, a Spark executor), added up where the totals are.
 *
 * <p>Only the scored classes compete (all of them, or those present in the tree when the logits are
 * restricted). Rank of a class: the number of scored classes with a higher logit, plus those with an
 * equal logit and a lower index (ties go to the lower index, as in {@link dev.cvt4j.inference.TopK}); a
 * class is in the top k when its rank is below k.
 *
 * @param target the image's model class index, a scored class
 * @param rank the target's rank among the scored classes; 0 when the top-1 prediction is right
 * @param loss {@code logsumexp(logits[scored]) - logits[target]} in nats, computed in double precision
 *     ({@code torch.nn.CrossEntropyLoss} of one image over the scored classes)
 * @param realRank the best rank among the image's scored ReaL labels ({@link Integer#MAX_VALUE} when none
 *     of them is scored), {@link #NO_REAL} when no ReaL labels are scored, {@link #REAL_UNLABELLED} when
 *     the image's ReaL label set is empty (timm's {@code RealLabelsImagenet} leaves it out)
 */
public record ImageScore(int target, int rank, double loss, int realRank) implements Serializable {
    /** {@link #realRank()} when the evaluation scores no ReaL labels. */
    public static final int NO_REAL = -1;
    /** {@link #realRank()} when the image's ReaL label set is empty. */
    public static final int REAL_UNLABELLED = -2;

    /**
     * Scores one row of a batch's logits (timm's {@code accuracy}, the loss of {@code validate.py} and
     * {@code RealLabelsImagenet.add_result}).
     *
     * @param target the image's model class index, one of {@code scored}
     * @param logits the logits of a batch, {@code (B, numClasses)} row-major
     * @param row the image's row in {@code logits}
     * @param scored the model classes that take part in softmax and top-k, ascending
     * @param numClasses the row length
     * @param real the image's ReaL label set (model class indices), or null when no ReaL labels are scored
     * @return the score
     */
    public static ImageScore of(int target, float[] logits, int row, int[] scored, int numClasses, int[] real) {
        int offset = row * numClasses;
        float max = Float.NEGATIVE_INFINITY;
        for (int c : scored) {
            max = Math.max(max, logits[offset + c]);
        }
        double sum = 0;
        for (int c : scored) {
            sum += Math.exp((double) logits[offset + c] - max);
        }
        double loss = max + Math.log(sum) - logits[offset + target];
        return new ImageScore(
                target, rank(target, logits, offset, scored), loss, realRank(real, logits, offset, scored));
    }

    /** The best rank among the image's ReaL labels decides; an empty set leaves the image out. */
    private static int realRank(int[] real, float[] logits, int offset, int[] scored) {
        if (real == null) {
            return NO_REAL;
        }
        if (real.length == 0) {
            return REAL_UNLABELLED;
        }
        int best = Integer.MAX_VALUE;
        for (int label : real) {
            if (Arrays.binarySearch(scored, label) >= 0) {
                best = Math.min(best, rank(label, logits, offset, scored));
            }
        }
        return best;
    }

    /** The rank of class {@code target} among the scored classes of the row at {@code offset}. */
    private static int rank(int target, float[] logits, int offset, int[] scored) {
        float t = logits[offset + target];
        int rank = 0;
        for (int c : scored) {
            float v = logits[offset + c];
            if (v > t || (v == t && c < target)) {
                rank++;
            }
        }
        return rank;
    }
}
