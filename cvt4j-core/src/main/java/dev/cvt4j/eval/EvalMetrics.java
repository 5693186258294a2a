package dev.cvt4j.eval;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Accumulates top-1, top-k, cross-entropy and per-class counts over images, one logit row at a
 * time (timm's {@code accuracy} and {@code AverageMeter} in {@code validate.py}).
 *
 * <p>Rank of the target: the number of classes with a higher logit, plus those with an equal
 * logit and a lower index (ties go to the lower index, as in {@link dev.cvt4j.inference.TopK}).
 * The target is in the top k when its rank is below k.
 */
final class EvalMetrics {
    private final List<String> names;
    private final List<String> labels;
    private final int k;
    private final int[] count;
    private final int[] correct;
    private int evaluated;
    private int top1;
    private int topK;
    private double lossSum;
    private final List<EvalResult.Unreadable> unreadable = new ArrayList<>();

    /**
     * @param names class folder names, by index
     * @param labels human-readable class names, by index
     * @param k the k of top-k, capped at the class count
     */
    EvalMetrics(List<String> names, List<String> labels, int k) {
        this.names = names;
        this.labels = labels;
        this.k = Math.min(k, names.size());
        this.count = new int[names.size()];
        this.correct = new int[names.size()];
    }

    /**
     * Adds one image.
     *
     * @param target its class index
     * @param logits the logits of a batch, {@code (B, classes)} row-major
     * @param row the image's row in {@code logits}
     */
    void add(int target, float[] logits, int row) {
        int classes = names.size();
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
        lossSum += max + Math.log(sum) - t;
        evaluated++;
        count[target]++;
        if (rank == 0) {
            top1++;
            correct[target]++;
        }
        if (rank < k) {
            topK++;
        }
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
     * @param seconds the run's wall-clock time
     * @return the totals
     */
    EvalResult result(double seconds) {
        List<EvalResult.ClassResult> classes = new ArrayList<>();
        for (int c = 0; c < names.size(); c++) {
            classes.add(new EvalResult.ClassResult(c, names.get(c), labels.get(c), count[c], correct[c],
                    percent(correct[c], count[c])));
        }
        return new EvalResult(evaluated + unreadable.size(), evaluated, k, top1(), percent(topK, evaluated),
                lossSum / evaluated, seconds, evaluated / seconds, classes, unreadable);
    }

    private static double percent(int part, int whole) {
        return whole == 0 ? 0 : 100.0 * part / whole;
    }
}
