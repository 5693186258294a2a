package dev.cvt4j.spark;

import dev.cvt4j.checkpoint.CheckpointException;
import dev.cvt4j.config.ExperimentConfig;
import dev.cvt4j.config.Presets;
import dev.cvt4j.inference.InferenceEngine;
import dev.cvt4j.inference.Labels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * What {@link CvtImageClassifier} and {@link CvtImageEmbedder} share: the model params, the input columns,
 * the checks made on the driver before any task runs, and the partition-wise, batched run on the executors.
 *
 * <p>Input: a binary column ({@code inputCol}, default {@code content}) holding whole image files, as
 * {@code spark.read().format("binaryFile")} reads them, and optionally a string path column ({@code pathCol},
 * default {@code path}; empty for none). Output: the input columns without the bytes, the columns of the
 * subclass, then {@code error} (string): null for a row that was classified, else why its image could not be
 * decoded (corrupt, truncated, unknown format, more than {@link dev.cvt4j.image.ImageDecoder#REFUSED_IMAGE_PIXELS}
 * pixels), with null outputs. With {@code onError = fail} such a row fails the job instead, naming the path.
 *
 * <p>On the executors ({@link ExecutorModels}): one model per JVM on the chosen {@link InferenceEngine},
 * loaded by the first task and shared; forward passes over {@code batchSize} rows, each freeing its native
 * memory when it returns.
 *
 * <p>Checks on the driver, before any task: the columns and their types, the engine, the model, the
 * weights file (which is loaded once on the driver, so that a missing or unfitting file fails there with
 * one line naming it) and the labels file. Their failures are {@link IllegalArgumentException} or
 * {@link dev.cvt4j.config.ConfigException} with one-line messages.
 *
 * @param <T> the subclass, which the setters return
 */
public abstract class CvtImageTransformer<T extends CvtImageTransformer<T>> extends Transformer
        implements DefaultParamsWritable {
    private static final long serialVersionUID = 1L;

    private final String uid;
    private final Param<String> model;
    private final Param<String> weights;
    private final Param<String> labels;
    private final Param<String> engine;
    private final IntParam imageSize;
    private final Param<String> inputCol;
    private final Param<String> pathCol;
    private final IntParam batchSize;
    private final Param<String> onError;
    private final IntParam threadsPerTask;
    private final Param<String> engineCacheDir;

    /** @param uid the transformer's unique id (Spark ML's {@code Identifiable}) */
    protected CvtImageTransformer(String uid) {
        this.uid = uid;
        model = new Param<>(
                this,
                "model",
                "a preset (cvt-13, cvt-21, cvt-w24) or the URI of an official " + "experiment YAML file");
        weights = new Param<>(
                this,
                "weights",
                "the URI of the checkpoint (official .pth, HuggingFace .bin or "
                        + ".safetensors) on any Hadoop file system");
        labels = new Param<>(
                this,
                "labels",
                "the URI of a label file, one class name per line in class-index "
                        + "order; empty: ImageNet-1k names for 1000 classes, else class_<i>");
        String[] engines = Arrays.stream(InferenceEngine.values())
                .map(InferenceEngine::engineName)
                .toArray(String[]::new);
        engine = new Param<>(
                this,
                "engine",
                "the inference engine: " + String.join(", ", engines),
                ParamValidators.inArray(engines));
        imageSize = new IntParam(
                this,
                "imageSize",
                "the square evaluation size in pixels; 0: the config's " + "TEST.IMAGE_SIZE",
                ParamValidators.gtEq(0));
        inputCol = new Param<>(this, "inputCol", "the binary column holding whole image files");
        pathCol = new Param<>(this, "pathCol", "the string column naming each file, for messages; empty: none");
        batchSize = new IntParam(this, "batchSize", "rows per forward pass", ParamValidators.gtEq(1));
        onError = new Param<>(
                this,
                "onError",
                "an undecodable image: record (its reason in the error column, "
                        + "the job goes on) or fail (the job fails, naming the file)",
                ParamValidators.inArray(new String[] {"record", "fail"}));
        threadsPerTask = new IntParam(
                this, "threadsPerTask", "native threads per task; 0: spark.task.cpus", ParamValidators.gtEq(0));
        engineCacheDir = new Param<>(
                this,
                "engineCacheDir",
                "where executors extract the engine's native " + "libraries; empty: DJL's default (~/.djl.ai)");
        setDefault(labels, "");
        setDefault(engine, InferenceEngine.DEFAULT_NAME);
        setDefault(imageSize, 0);
        setDefault(inputCol, "content");
        setDefault(pathCol, "path");
        setDefault(batchSize, 8);
        setDefault(onError, "record");
        setDefault(threadsPerTask, 0);
        setDefault(engineCacheDir, "");
    }

    @Override
    public String uid() {
        return uid;
    }

    /** @return the model param: a preset or the URI of an official experiment YAML file (required) */
    public Param<String> model() {
        return model;
    }

    /** @return the weights param: the checkpoint's URI (required) */
    public Param<String> weights() {
        return weights;
    }

    /** @return the labels param: a label file's URI, or empty for the default names */
    public Param<String> labels() {
        return labels;
    }

    /** @return the engine param (default {@code pytorch}) */
    public Param<String> engine() {
        return engine;
    }

    /** @return the image size param, pixels (default 0: the config's) */
    public IntParam imageSize() {
        return imageSize;
    }

    /** @return the input column param (default {@code content}) */
    public Param<String> inputCol() {
        return inputCol;
    }

    /** @return the path column param (default {@code path}) */
    public Param<String> pathCol() {
        return pathCol;
    }

    /** @return the batch size param, rows per forward pass (default 8) */
    public IntParam batchSize() {
        return batchSize;
    }

    /** @return the error policy param, {@code record} (default) or {@code fail} */
    public Param<String> onError() {
        return onError;
    }

    /** @return the threads-per-task param (default 0: {@code spark.task.cpus}) */
    public IntParam threadsPerTask() {
        return threadsPerTask;
    }

    /** @return the engine cache directory param (default empty: DJL's default) */
    public Param<String> engineCacheDir() {
        return engineCacheDir;
    }

    /** @return the model: a preset or a YAML URI */
    public String getModel() {
        return $(model);
    }

    /** @return the checkpoint URI */
    public String getWeights() {
        return $(weights);
    }

    /** @return the label file URI, or empty */
    public String getLabels() {
        return $(labels);
    }

    /** @return the engine name */
    public String getEngine() {
        return $(engine);
    }

    /** @return the image size, 0 for the config's */
    public int getImageSize() {
        return (Integer) $(imageSize);
    }

    /** @return the binary input column */
    public String getInputCol() {
        return $(inputCol);
    }

    /** @return the path column, or empty */
    public String getPathCol() {
        return $(pathCol);
    }

    /** @return rows per forward pass */
    public int getBatchSize() {
        return (Integer) $(batchSize);
    }

    /** @return {@code record} or {@code fail} */
    public String getOnError() {
        return $(onError);
    }

    /** @return native threads per task, 0 for {@code spark.task.cpus} */
    public int getThreadsPerTask() {
        return (Integer) $(threadsPerTask);
    }

    /** @return the engine cache directory, or empty */
    public String getEngineCacheDir() {
        return $(engineCacheDir);
    }

    /**
     * @param value a preset or a YAML URI
     * @return this
     */
    public T setModel(String value) {
        return with(model, value);
    }

    /**
     * @param value the checkpoint URI
     * @return this
     */
    public T setWeights(String value) {
        return with(weights, value);
    }

    /**
     * @param value a label file URI, or empty
     * @return this
     */
    public T setLabels(String value) {
        return with(labels, value);
    }

    /**
     * @param value the engine name
     * @return this
     */
    public T setEngine(String value) {
        return with(engine, value);
    }

    /**
     * @param value the square image size, 0 for the config's
     * @return this
     */
    public T setImageSize(int value) {
        return with(imageSize, value);
    }

    /**
     * @param value the binary input column
     * @return this
     */
    public T setInputCol(String value) {
        return with(inputCol, value);
    }

    /**
     * @param value the path column, or empty
     * @return this
     */
    public T setPathCol(String value) {
        return with(pathCol, value);
    }

    /**
     * @param value rows per forward pass
     * @return this
     */
    public T setBatchSize(int value) {
        return with(batchSize, value);
    }

    /**
     * @param value {@code record} or {@code fail}
     * @return this
     */
    public T setOnError(String value) {
        return with(onError, value);
    }

    /**
     * @param value native threads per task, 0 for {@code spark.task.cpus}
     * @return this
     */
    public T setThreadsPerTask(int value) {
        return with(threadsPerTask, value);
    }

    /**
     * @param value the engine cache directory on the executors
     * @return this
     */
    public T setEngineCacheDir(String value) {
        return with(engineCacheDir, value);
    }

    /**
     * Sets a param of this transformer.
     *
     * @param param one of this transformer's params
     * @param value its value
     * @param <V> the param's type
     * @return this, typed as the subclass
     */
    @SuppressWarnings("unchecked")
    protected final <V> T with(Param<V> param, V value) {
        set(param, value);
        return (T) this;
    }

    /**
     * The columns the subclass adds, computed by the executors.
     *
     * @param labelNames the model's class names
     * @return the outputs
     */
    protected abstract RowOutputs outputs(List<String> labelNames);

    @Override
    public StructType transformSchema(StructType schema) {
        checkColumn(schema, getInputCol(), DataTypes.BinaryType, "inputCol");
        if (!getPathCol().isEmpty()) {
            checkColumn(schema, getPathCol(), DataTypes.StringType, "pathCol");
        }
        List<StructField> fields = new ArrayList<>();
        for (StructField f : schema.fields()) {
            if (!f.name().equals(getInputCol())) {
                fields.add(f);
            }
        }
        fields.addAll(outputs(List.of()).fields());
        fields.add(DataTypes.createStructField("error", DataTypes.StringType, true));
        return DataTypes.createStructType(fields);
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        StructType schema = dataset.schema();
        StructType out = transformSchema(schema);
        if (!isDefined(model) || !isDefined(weights)) {
            throw new IllegalArgumentException(uid + ": set the params model and weights");
        }
        SparkSession spark = dataset.sparkSession();
        HadoopConf hadoop =
                new HadoopConf(new Configuration(spark.sparkContext().hadoopConfiguration()));
        ModelSpec spec = checkedSpec(hadoop);
        int threads = getThreadsPerTask() > 0
                ? getThreadsPerTask()
                : Integer.parseInt(spark.conf().get("spark.task.cpus", "1"));
        ExecutorSettings settings = new ExecutorSettings(threads, getEngineCacheDir(), hadoop);
        loadOnDriver(spec, settings, getWeights());
        String[] names = schema.fieldNames();
        List<String> columns = Arrays.asList(names);
        int[] kept = java.util.stream.IntStream.range(0, names.length)
                .filter(i -> !names[i].equals(getInputCol()))
                .toArray();
        PartitionTask task = new PartitionTask(
                spec,
                settings,
                columns.indexOf(getInputCol()),
                getPathCol().isEmpty() ? -1 : columns.indexOf(getPathCol()),
                kept,
                getBatchSize(),
                getOnError().equals("record"),
                outputs(spec.labels()));
        return dataset.toDF().mapPartitions(task, Encoders.row(out));
    }

    private ModelSpec checkedSpec(HadoopConf hadoop) {
        ExperimentConfig experiment = ModelSpec.experiment(getModel(), getImageSize(), hadoop);
        if (!HadoopFiles.isFile(getWeights(), hadoop)) {
            throw new IllegalArgumentException(getWeights() + ": no such file (param weights)");
        }
        int classes = experiment.model().numClasses();
        List<String> names;
        if (getLabels().isEmpty()) {
            names = Labels.forClasses(classes);
        } else if (HadoopFiles.isFile(getLabels(), hadoop)) {
            names = Labels.read(HadoopFiles.local(getLabels(), hadoop), classes);
        } else {
            throw new IllegalArgumentException(getLabels() + ": no such file (param labels)");
        }
        String model = Presets.names().contains(getModel()) ? getModel() : HadoopFiles.qualified(getModel(), hadoop);
        return new ModelSpec(getEngine(), model, HadoopFiles.qualified(getWeights(), hadoop), names, getImageSize());
    }

    /**
     * Loads the model in the driver's JVM (shared with its tasks in local mode) so that a bad file fails here.
     *
     * @param weights the weights as the user named them, for the message
     */
    private static void loadOnDriver(ModelSpec spec, ExecutorSettings settings, String weights) {
        try {
            ExecutorModels.get(spec, settings);
        } catch (CheckpointException e) {
            throw new IllegalArgumentException(weights + ": " + e.reason(), e);
        }
    }

    private static void checkColumn(
            StructType schema, String name, org.apache.spark.sql.types.DataType type, String param) {
        if (!Arrays.asList(schema.fieldNames()).contains(name)) {
            throw new IllegalArgumentException("column " + name + " (param " + param + "): no such column among "
                    + String.join(", ", schema.fieldNames()));
        }
        org.apache.spark.sql.types.DataType actual = schema.apply(name).dataType();
        if (!actual.equals(type)) {
            throw new IllegalArgumentException("column " + name + " (param " + param + "): expected "
                    + type.simpleString() + ", got " + actual.simpleString());
        }
    }
}
