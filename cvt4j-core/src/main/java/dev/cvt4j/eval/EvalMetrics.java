package dev.cvt4j.eval;

import dev.cvt4j.inference.Labels;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Accumulates top-1, top-k, cross-entropy, per-class counts and ReaL accuracy over images, one
 * {@link ImageScore} at a time (timm's {@code accuracy}, {@code AverageMeter} and
 * {@code RealLabelsImagenet} in {@code validate.py}). The scores may be computed elsewhere (a Spark
 * executor): added in the same order, the same scores give the same totals, to the last bit of the loss.
 */
public final class EvalMetrics {
    private final List<String> names;
    private final List<String> labels;
    private final int scoredClasses;
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
     * @param scoredClasses the number of classes that take part in softmax and top-k
     * @param k the k of top-k, capped at {@code scoredClasses}
     */
    EvalMetrics(List<String> names, List<String> labels, int scoredClasses, int k) {
        this.names = names;
        this.labels = labels;
        this.scoredClasses = scoredClasses;
        this.k = Math.min(k, scoredClasses);
        this.count = new int[names.size()];
        this.correct = new int[names.size()];
    }

    /**
     * Empty metrics for a resolved protocol, named as {@code cvt eval} names them: per-class results
     * name the folders; a 1000-class model gets the ImageNet-1k labels ({@link Labels#imagenet1k()}) as
     * human-readable names, any other the folder names. k = {@link Evaluator#TOP_K}.
     *
     * @param plan the protocol resolved against the classes and the model
     * @return the metrics
     */
    public static EvalMetrics of(EvalProtocol.Resolved plan) {
        List<String> names = new ArrayList<>(Collections.nCopies(plan.numClasses(), (String) null));
        for (int label = 0; label < plan.classIndex().length; label++) {
            names.set(plan.classIndex()[label], plan.classes().get(label));
        }
        List<String> labels = plan.numClasses() == 1000 ? Labels.imagenet1k() : names;
        return new EvalMetrics(names, labels, plan.scored().length, Evaluator.TOP_K);
    }

    /**
     * Adds one image.
     *
     * @param score the image's target, rank, loss and ReaL outcome
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
        if (score.realRank() == ImageScore.REAL_UNLABELLED) {
            realUnlabelled++;
        } else if (score.realRank() != ImageScore.NO_REAL) {
            realEvaluated++;
            realTop1 += score.realRank() == 0 ? 1 : 0;
            realTopK += score.realRank() < k ? 1 : 0;
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
    public double top1() {
        return percent(top1, evaluated);
    }

    /** @return the number of images added so far */
    public int evaluated() {
        return evaluated;
    }

    /**
     * @param protocol how the figures were obtained
     * @param seconds the run's wall-clock time
     * @return the totals; {@code real} is null when the protocol scores no ReaL labels
     */
    public EvalResult result(EvalProtocol protocol, double seconds) {
        List<EvalResult.ClassResult> classes = new ArrayList<>();
        for (int c = 0; c < names.size(); c++) {
            if (names.get(c) != null) {
                classes.add(new EvalResult.ClassResult(
                        c, names.get(c), labels.get(c), count[c], correct[c], percent(correct[c], count[c])));
            }
        }
        EvalResult.Real real = protocol.realLabels() == null
                ? null
                : new EvalResult.Real(
                        realEvaluated,
                        realUnlabelled,
                        percent(realTop1, realEvaluated),
                        percent(realTopK, realEvaluated));
        return new EvalResult(
                protocol.describe(scoredClasses),
                evaluated + unreadable.size(),
                evaluated,
                k,
                top1(),
                percent(topK, evaluated),
                lossSum / evaluated,
                real,
                seconds,
                evaluated / seconds,
                classes,
                unreadable);
    }

    private static double percent(int part, int whole) {
        return whole == 0 ? 0 : 100.0 * part / whole;
    }
}
