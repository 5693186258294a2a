package dev.cvt4j.eval;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * How an evaluation scores a tree beyond the ImageNet validation folder: how folders map to class
 * indices, whether softmax and top-k run over the classes present in the tree only, and whether
 * ReaL labels are scored beside the folder labels. The options of {@code cvt eval} (and timm's
 * {@code validate.py}) {@code --class-map}, {@code --restrict-logits} and {@code --real-labels}.
 *
 * <p>Restricting the logits is the ImageNet-R and ImageNet-A protocol (Hendrycks et al.): of a
 * 1000-class model's outputs, only the 200 classes of the benchmark compete, as the official CvT
 * {@code tools/test.py} does with {@code TEST.VALID_LABELS} (the logits of the valid classes, in
 * class-index order). Class indices in the result stay the model's.
 *
 * @param classMap folder names to model class indices
 * @param restrictLogits whether only the classes present in the tree take part in softmax, loss,
 *     top-k and ReaL accuracy
 * @param realLabels ReaL label sets to score beside the folder labels, or null
 */
public record EvalProtocol(ClassMap classMap, boolean restrictLogits, RealLabels realLabels) {
    /** The ImageNet validation protocol: sorted folder positions, all logits, no ReaL labels. */
    public static final EvalProtocol DEFAULT = new EvalProtocol(ClassMap.sortedPosition(), false, null);

    /**
     * @param classMap folder names to model class indices
     * @param restrictLogits whether only the classes present take part
     * @param realLabels ReaL label sets, or null
     * @throws NullPointerException if {@code classMap} is null
     */
    public EvalProtocol {
        Objects.requireNonNull(classMap, "classMap");
    }

    /**
     * The protocol resolved against one tree and model.
     *
     * @param classIndex the model class index of each class folder
     * @param scored the model classes that take part in softmax and top-k, ascending
     * @param realSets the ReaL label set of each sample, or null without ReaL labels
     */
    record Resolved(int[] classIndex, int[] scored, Map<ImageFolder.Sample, int[]> realSets) {
        /** @return the ReaL label set of {@code sample}, or null without ReaL labels */
        int[] realLabels(ImageFolder.Sample sample) {
            return realSets == null ? null : realSets.get(sample);
        }
    }

    /**
     * Checks that this protocol applies to a tree and a model, before any model is loaded.
     *
     * @param tree the tree
     * @param numClasses the model's {@code NUM_CLASSES}
     * @throws DatasetException (or {@link dev.cvt4j.model.ConfigException} for a map file) as
     *     {@link Evaluator#evaluate(ImageFolder, EvalProtocol, EvalListener)} would
     */
    public void check(ImageFolder tree, int numClasses) {
        resolve(tree, numClasses);
    }

    /** @see #check */
    Resolved resolve(ImageFolder tree, int numClasses) {
        int[] classIndex = classMap.indices(tree, numClasses);
        int[] scored = restrictLogits ? Arrays.stream(classIndex).sorted().toArray()
                : IntStream.range(0, numClasses).toArray();
        return new Resolved(classIndex, scored,
                realLabels == null ? null : realLabels.labelsOf(tree.samples(), numClasses));
    }

    /**
     * @param scoredClasses the number of classes that took part in softmax and top-k
     * @return how the figures of a result were obtained, as the report records it
     */
    EvalResult.Protocol describe(int scoredClasses) {
        return new EvalResult.Protocol(classMap.description(), restrictLogits, scoredClasses,
                realLabels == null ? null : realLabels.file().toString());
    }
}
