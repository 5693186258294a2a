package dev.cvt4j.spark;

import java.util.List;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;

/**
 * Classifies the images of a dataset with a CvT: a Spark ML {@code Transformer} giving, per row, the
 * numbers of {@link dev.cvt4j.inference.CvtClassifier} and {@code cvt classify --json}.
 *
 * <pre>{@code
 * Dataset<Row> images = spark.read().format("binaryFile").load("hdfs:///photos");
 * Dataset<Row> classified = new CvtImageClassifier()
 *         .setModel("cvt-13").setWeights("hdfs:///models/CvT-13-224x224-IN-1k.pth").setTopK(5)
 *         .transform(images);   // path, modificationTime, length, top_k, error
 * }</pre>
 *
 * <p>Adds {@code top_k} ({@code array<struct<index:int, label:string, probability:double>>}, most probable
 * first), with {@code outputLogits} also {@code logits} ({@code array<float>}, the raw class scores), and
 * {@code error}; the common params, the driver-side checks and the executor model are described in
 * {@link CvtImageTransformer}. Saved and loaded with its params ({@code MLWritable}, {@link #read()}), so it
 * fits a {@code Pipeline}.
 */
public final class CvtImageClassifier extends CvtImageTransformer<CvtImageClassifier> {
    private static final long serialVersionUID = 1L;

    private final IntParam topK =
            new IntParam(this, "topK", "classes per row, most probable first", ParamValidators.gtEq(1));
    private final BooleanParam outputLogits =
            new BooleanParam(this, "outputLogits", "whether to add the logits column (array<float>)");

    /** A classifier with a random uid. */
    public CvtImageClassifier() {
        this(Identifiable.randomUID("cvtImageClassifier"));
    }

    /** @param uid the transformer's unique id */
    public CvtImageClassifier(String uid) {
        super(uid);
        setDefault(topK, 5);
        setDefault(outputLogits, false);
    }

    /** @return the reader of saved classifiers (Spark ML's {@code DefaultParamsReadable}) */
    public static MLReader<CvtImageClassifier> read() {
        return new DefaultParamsReader<>();
    }

    /**
     * @param path where a classifier was saved
     * @return the classifier
     */
    public static CvtImageClassifier load(String path) {
        return read().load(path);
    }

    /** @return the top-k param (default 5) */
    public IntParam topK() {
        return topK;
    }

    /** @return the output-logits param (default false) */
    public BooleanParam outputLogits() {
        return outputLogits;
    }

    /** @return classes per row */
    public int getTopK() {
        return (Integer) $(topK);
    }

    /** @return whether the logits column is added */
    public boolean getOutputLogits() {
        return (Boolean) $(outputLogits);
    }

    /**
     * @param value classes per row, at least 1 (capped at the class count)
     * @return this
     */
    public CvtImageClassifier setTopK(int value) {
        return with(topK, value);
    }

    /**
     * @param value whether to add {@code logits}
     * @return this
     */
    public CvtImageClassifier setOutputLogits(boolean value) {
        return with(outputLogits, value);
    }

    @Override
    protected RowOutputs outputs(List<String> labelNames) {
        return new ClassifierOutputs(getTopK(), getOutputLogits(), labelNames);
    }

    @Override
    public CvtImageClassifier copy(ParamMap extra) {
        return (CvtImageClassifier) defaultCopy(extra);
    }
}
