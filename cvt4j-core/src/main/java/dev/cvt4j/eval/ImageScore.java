package dev.cvt4j.eval;

/**
 * How one image was classified against its target, all that {@link EvalMetrics} needs of it: the
 * target's rank and the image's cross-entropy. Computed where the logits are (the evaluator's
 * thread, a Spark executor), added up where the totals are.
 *
 * @param target the image's class index
 * @param rank the number of classes with a higher logit than the target's, plus those with an equal
 *     logit and a lower index; 0 when the top-1 prediction is right
 * @param loss {@code logsumexp(logits) - logits[target]} in nats, computed in double precision
 *     ({@code torch.nn.CrossEntropyLoss} of one image)
 */
public record ImageScore(int target, int rank, double loss) {

    /**
     * Scores one row of a batch's logits (timm's {@code accuracy} and the loss of {@code validate.py}).
     *
     * @param target the image's class index, in {@code [0, classes)}
     * @param logits the logits of a batch, {@code (B, classes)} row-major
     * @param row the image's row in {@code logits}
     * @param classes the number of classes (the row length)
     * @return the score
     */
    public static ImageScore of(int target, float[] logits, int row, int classes) {
        int offset = row * classes;
        float t = logits[offset + target];
        int rank = 0;
        float max = Float.NEGATIVE_INFINITY;
        for (int c = 0; c < classes; c++) {
            float v = logits[offset + c];
            if (v > t || (v == t && c < target)) {
                rank++;
            }
            max = Math.max(max, v);
        }
        double sum = 0;
        for (int c = 0; c < classes; c++) {
            sum += Math.exp((double) logits[offset + c] - max);
        }
        return new ImageScore(target, rank, max + Math.log(sum) - t);
    }
}
