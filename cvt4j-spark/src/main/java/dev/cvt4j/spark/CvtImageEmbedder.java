package dev.cvt4j.spark;

import java.util.List;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;

/**
 * Embeds the images of a dataset with a CvT: a Spark ML {@code Transformer} adding, per row, the
 * classifier's input embedding ({@code (C_last)}: 384 values for CvT-13), the {@code KEY/embedding} of
 * {@code cvt features}, for search, deduplication or a downstream model.
 *
 * <pre>{@code
 * Dataset<Row> embedded = new CvtImageEmbedder()
 *         .setModel("cvt-13").setWeights("hdfs:///models/CvT-13-224x224-IN-1k.pth")
 *         .setEmbeddingType("vector")                        // Spark ML vectors, e.g. for BucketedRandomProjectionLSH
 *         .transform(spark.read().format("binaryFile").load("hdfs:///photos"));
 * }</pre>
 *
 * <p>Adds {@code embedding} ({@code array<float>}, or a Spark ML dense vector with
 * {@code embeddingType = vector}) and {@code error}; the common params, the driver-side checks and the
 * executor model are described in {@link CvtImageTransformer}.
 */
public final class CvtImageEmbedder extends CvtImageTransformer<CvtImageEmbedder> {
    private static final long serialVersionUID = 1L;

    private final Param<String> embeddingType = new Param<>(
            this,
            "embeddingType",
            "the embedding column's type: array (array<float>) or vector (Spark ML dense vector)",
            ParamValidators.inArray(new String[] {"array", "vector"}));

    /** An embedder with a random uid. */
    public CvtImageEmbedder() {
        this(Identifiable.randomUID("cvtImageEmbedder"));
    }

    /** @param uid the transformer's unique id */
    public CvtImageEmbedder(String uid) {
        super(uid);
        setDefault(embeddingType, "array");
    }

    /** @return the reader of saved embedders (Spark ML's {@code DefaultParamsReadable}) */
    public static MLReader<CvtImageEmbedder> read() {
        return new DefaultParamsReader<>();
    }

    /**
     * @param path where an embedder was saved
     * @return the embedder
     */
    public static CvtImageEmbedder load(String path) {
        return read().load(path);
    }

    /** @return the embedding-type param (default {@code array}) */
    public Param<String> embeddingType() {
        return embeddingType;
    }

    /** @return {@code array} or {@code vector} */
    public String getEmbeddingType() {
        return $(embeddingType);
    }

    /**
     * @param value {@code array} or {@code vector}
     * @return this
     */
    public CvtImageEmbedder setEmbeddingType(String value) {
        return with(embeddingType, value);
    }

    @Override
    protected RowOutputs outputs(List<String> labelNames) {
        return new EmbedderOutputs(getEmbeddingType().equals("vector"));
    }

    @Override
    public CvtImageEmbedder copy(ParamMap extra) {
        return (CvtImageEmbedder) defaultCopy(extra);
    }
}
