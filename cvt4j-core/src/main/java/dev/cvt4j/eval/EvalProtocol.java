package dev.cvt4j.eval;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
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
     * The protocol resolved against one collection's classes and a model: all the per-image scoring needs,
     * serializable so that a Spark job resolves it on the driver and scores on the executors.
     *
     * @param classes the class names (folders), by label: label {@code i} is {@code classes.get(i)}
     * @param classIndex the model class index of each label
     * @param scored the model classes that take part in softmax and top-k, ascending
     * @param numClasses the model's class count (the length of a logit row)
     * @param realLabels the ReaL label sets, or null without ReaL labels
     */
    public record Resolved(List<String> classes, int[] classIndex, int[] scored, int numClasses, RealLabels realLabels)
            implements Serializable {
        /**
         * Copies the class names.
         *
         * @param classes class names by label
         * @param classIndex model class index by label
         * @param scored the scored classes, ascending
         * @param numClasses the logit row length
         * @param realLabels ReaL label sets, or null
         */
        public Resolved {
            classes = List.copyOf(classes);
        }

        /**
         * Scores one image where its logits are ({@link ImageScore#of}).
         *
         * @param label the image's label, an index into {@link #classes()}
         * @param image the image's path or URI, whose file name carries its ReaL validation number when the
         *     protocol scores ReaL labels
         * @param logits the logits of a batch, {@code (B, numClasses)} row-major
         * @param row the image's row in {@code logits}
         * @return the image's score
         * @throws DatasetException when ReaL labels are scored and the image has no label set (checked
         *     before by {@link EvalProtocol#check} and the Spark driver)
         */
        public ImageScore score(int label, String image, float[] logits, int row) {
            return ImageScore.of(
                    classIndex[label],
                    logits,
                    row,
                    scored,
                    numClasses,
                    realLabels == null ? null : realLabels.labelsOf(image));
        }
    }

    /**
     * Checks that this protocol applies to a tree and a model, before any model is loaded.
     *
     * @param tree the tree
     * @param numClasses the model's {@code NUM_CLASSES}
     * @throws DatasetException (or {@link dev.cvt4j.config.ConfigException} for a map file) as
     *     {@link Evaluator#evaluate(ImageFolderListing, EvalProtocol, EvalListener)} would
     */
    public void check(ImageFolderListing tree, int numClasses) {
        resolve(tree, numClasses);
    }

    /** @see #check */
    Resolved resolve(ImageFolderListing tree, int numClasses) {
        Resolved plan = resolve(tree.classes(), tree.root().toString(), numClasses);
        if (realLabels != null) {
            realLabels.labelsOf(tree.samples(), numClasses);
        }
        return plan;
    }

    /**
     * Resolves this protocol against the class names of a collection (a Spark label column's); the ReaL
     * label file is checked against the model, each image's file name only when it is scored.
     *
     * @param classes the class names, by label
     * @param subject what messages name: the tree's root, a column
     * @param numClasses the model's {@code NUM_CLASSES}
     * @return the resolved protocol
     * @throws DatasetException naming {@code subject} when the class map does not fit the classes and model
     *     ({@link ClassMap#indices(List, String, int)}), naming the ReaL file when it holds a class index of
     *     {@code numClasses} or more
     * @throws dev.cvt4j.config.ConfigException if the class map's file cannot be used
     */
    public Resolved resolve(List<String> classes, String subject, int numClasses) {
        int[] classIndex = classMap.indices(classes, subject, numClasses);
        int[] scored = restrictLogits
                ? Arrays.stream(classIndex).sorted().toArray()
                : IntStream.range(0, numClasses).toArray();
        if (realLabels != null) {
            realLabels.check(numClasses);
        }
        return new Resolved(classes, classIndex, scored, numClasses, realLabels);
    }

    /**
     * @param scoredClasses the number of classes that took part in softmax and top-k
     * @return how the figures of a result were obtained, as the report records it
     */
    EvalResult.Protocol describe(int scoredClasses) {
        return new EvalResult.Protocol(
                classMap.description(),
                restrictLogits,
                scoredClasses,
                realLabels == null ? null : realLabels.file().toString());
    }
}
