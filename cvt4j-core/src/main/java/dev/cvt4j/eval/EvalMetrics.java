package dev.cvt4j.eval;

import dev.cvt4j.inference.Labels;
import java.util.ArrayList;
import java.util.List;

/**
 * Accumulates top-1, top-k, cross-entropy and per-class counts over images, one logit row at a
 * time (timm's {@code accuracy} and {@code AverageMeter} in {@code validate.py}).
 *
 * <p>Rank of the target: the number of classes with a higher logit, plus those with an equal
 * logit and a lower index (ties go to the lower index, as in {@link dev.cvt4j.inference.TopK}).
 * The target is in the top k when its rank is below k ({@link ImageScore}).
 */
public final class EvalMetrics {
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
    public EvalMetrics(List<String> names, List<String> labels, int k) {
        this.names = names;
        this.labels = labels;
        this.k = Math.min(k, names.size());
        this.count = new int[names.size()];
        this.correct = new int[names.size()];
    }

    /**
     * Metrics for a tree's classes, named as {@code cvt eval} names them: a 1000-class tree gets the
     * ImageNet-1k names ({@link Labels#imagenet1k()}) as human-readable labels, any other the folder names.
     *
     * @param classFolders the class folder names, by class index
     * @return empty metrics with k = {@link Evaluator#TOP_K}
     */
    public static EvalMetrics forClasses(List<String> classFolders) {
        List<String> labels = classFolders.size() == 1000 ? Labels.imagenet1k() : classFolders;
        return new EvalMetrics(classFolders, labels, Evaluator.TOP_K);
    }

    /**
     * Adds one image.
     *
     * @param target its class index
     * @param logits the logits of a batch, {@code (B, classes)} row-major
     * @param row the image's row in {@code logits}
     */
    void add(int target, float[] logits, int row) {
        add(ImageScore.of(target, logits, row, names.size()));
    }

    /**
     * Adds one image scored elsewhere (a Spark executor). Added in the same order, the same scores give
     * the same totals, to the last bit of the loss.
     *
     * @param score the image's target, rank and loss
     */
    public void add(ImageScore score) {
        lossSum += score.loss();
        evaluated++;
        count[score.target()]++;
        if (score.rank() == 0) {
            top1++;
            correct[score.target()]++;
        }
        if (score.rank() < k) {
            topK++;
        }
    }

    /**
     * Records a file that could not be decoded.
     *
     * @param file the file (a path, or a URI such as Spark's {@code binaryFile} paths)
     * @param reason why, one line
     */
    public void addUnreadable(String file, String reason) {
        unreadable.add(new EvalResult.Unreadable(file, reason));
    }

    /** @return the top-1 accuracy so far in percent, 0 before the first image */
    double top1() {
        return percent(top1, evaluated);
    }

    /** @return the number of images added so far */
    public int evaluated() {
        return evaluated;
    }

    /**
     * @param seconds the run's wall-clock time
     * @return the totals
     */
    public EvalResult result(double seconds) {
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
