package dev.cvt4j.eval;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Accumulates top-1, top-k, cross-entropy, per-class counts and ReaL accuracy over images, one
 * logit row at a time (timm's {@code accuracy}, {@code AverageMeter} and {@code RealLabelsImagenet}
 * in {@code validate.py}).
 *
 * <p>Only the scored classes compete (all of them, or those present in the tree when the logits
 * are restricted). Rank of a class: the number of scored classes with a higher logit, plus those
 * with an equal logit and a lower index (ties go to the lower index, as in
 * {@link dev.cvt4j.inference.TopK}). A class is in the top k when its rank is below k; a class that
 * is not scored is in no top k.
 */
final class EvalMetrics {
    private final List<String> names;
    private final List<String> labels;
    private final int[] scored;
    private final boolean[] isScored;
    private final int k;
    private final int[] count;
    private final int[] correct;
    private int evaluated;
    private int top1;
    private int topK;
    private double lossSum;
    private int realEvaluated;
    private int realUnlabelled;
    private int realTop1;
    private int realTopK;
    private final List<EvalResult.Unreadable> unreadable = new ArrayList<>();

    /**
     * @param names the class folder name of each model class index, null for classes with no folder
     * @param labels human-readable class names, by model class index
     * @param scored the model classes that take part in softmax and top-k, ascending
     * @param k the k of top-k, capped at the number of scored classes
     */
    EvalMetrics(List<String> names, List<String> labels, int[] scored, int k) {
        this.names = names;
        this.labels = labels;
        this.scored = scored;
        this.isScored = new boolean[names.size()];
        for (int c : scored) {
            isScored[c] = true;
        }
        this.k = Math.min(k, scored.length);
        this.count = new int[names.size()];
        this.correct = new int[names.size()];
    }

    /**
     * Adds one image.
     *
     * @param target its model class index, a scored class
     * @param logits the logits of a batch, {@code (B, classes)} row-major
     * @param row the image's row in {@code logits}
     * @param real its ReaL label set (model class indices), or null when no ReaL labels are scored
     */
    void add(int target, float[] logits, int row, int[] real) {
        int offset = row * names.size();
        int rank = rank(target, logits, offset);
        float max = Float.NEGATIVE_INFINITY;
        for (int c : scored) {
            max = Math.max(max, logits[offset + c]);
        }
        double sum = 0;
        for (int c : scored) {
            sum += Math.exp((double) logits[offset + c] - max);
        }
        lossSum += max + Math.log(sum) - logits[offset + target];
        evaluated++;
        count[target]++;
        if (rank == 0) {
            top1++;
            correct[target]++;
        }
        if (rank < k) {
            topK++;
        }
        if (real != null) {
            addReal(real, logits, offset);
        }
    }

    /** The best rank among the image's ReaL labels decides; an empty set leaves the image out. */
    private void addReal(int[] real, float[] logits, int offset) {
        if (real.length == 0) {
            realUnlabelled++;
            return;
        }
        int best = Integer.MAX_VALUE;
        for (int label : real) {
            if (isScored[label]) {
                best = Math.min(best, rank(label, logits, offset));
            }
        }
        realEvaluated++;
        realTop1 += best == 0 ? 1 : 0;
        realTopK += best < k ? 1 : 0;
    }

    /** The rank of class {@code target} among the scored classes of the row at {@code offset}. */
    private int rank(int target, float[] logits, int offset) {
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

    /**
     * Records a file that could not be decoded.
     *
     * @param file the file
     * @param reason why, one line
     */
    void addUnreadable(Path file, String reason) {
        unreadable.add(new EvalResult.Unreadable(file.toString(), reason));
    }

    /** @return the top-1 accuracy so far in percent, 0 before the first image */
    double top1() {
        return percent(top1, evaluated);
    }

    /** @return the number of images added so far */
    int evaluated() {
        return evaluated;
    }

    /**
     * @param protocol how the figures were obtained
     * @param seconds the run's wall-clock time
     * @return the totals; {@code real} is null when the protocol scores no ReaL labels
     */
    EvalResult result(EvalProtocol protocol, double seconds) {
        List<EvalResult.ClassResult> classes = new ArrayList<>();
        for (int c = 0; c < names.size(); c++) {
            if (names.get(c) != null) {
                classes.add(new EvalResult.ClassResult(c, names.get(c), labels.get(c), count[c], correct[c],
                        percent(correct[c], count[c])));
            }
        }
        EvalResult.Real real = protocol.realLabels() == null ? null : new EvalResult.Real(realEvaluated,
                realUnlabelled, percent(realTop1, realEvaluated), percent(realTopK, realEvaluated));
        return new EvalResult(protocol.describe(scored.length), evaluated + unreadable.size(), evaluated, k, top1(),
                percent(topK, evaluated), lossSum / evaluated, real, seconds, evaluated / seconds, classes,
                unreadable);
    }

    private static double percent(int part, int whole) {
        return whole == 0 ? 0 : 100.0 * part / whole;
    }
}
