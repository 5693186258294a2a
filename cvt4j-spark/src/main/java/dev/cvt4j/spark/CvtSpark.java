package dev.cvt4j.spark;

import dev.cvt4j.eval.DatasetException;
import dev.cvt4j.eval.EvalMetrics;
import dev.cvt4j.eval.EvalProtocol;
import dev.cvt4j.eval.EvalResult;
import dev.cvt4j.eval.ImageFolderListing;
import dev.cvt4j.eval.RealLabels;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FilterFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.attribute.Attribute;
import org.apache.spark.ml.attribute.NominalAttribute;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.storage.StorageLevel;

/**
 * Labelled image collections on Spark: an ImageFolder tree as a dataset ({@link #imageFolder}) and the
 * evaluation of a classifier on it ({@link #evaluate}) with the numbers of {@code cvt eval}.
 */
public final class CvtSpark {
    /** The label column {@link #imageFolder} adds. */
    public static final String LABEL = "label";

    private CvtSpark() {}

    /**
     * Reads a labelled tree in torchvision's {@code ImageFolder} layout, {@code root/<class>/<image>}, from
     * any Hadoop file system, with the class indices of {@link ImageFolderListing#scan} and {@code cvt eval}: the
     * class folders sorted by code point, index = position. Files of a class at any depth whose names end
     * (ignoring case) with one of {@link ImageFolderListing#IMG_EXTENSIONS} are its images. As in every Spark file
     * source, files and folders whose names start with {@code .} or {@code _} are skipped.
     *
     * @param spark the session
     * @param root the tree's root, a path or URI
     * @return the {@code binaryFile} columns ({@code path, modificationTime, length, content}) and
     *     {@value #LABEL} (int), whose metadata is a Spark ML nominal attribute naming the classes
     * @throws DatasetException naming the root when it is missing, not a folder, holds no class folder or
     *     a class folder without images
     * @throws UncheckedIOException when the file system cannot be listed
     */
    public static Dataset<Row> imageFolder(SparkSession spark, String root) {
        Path rootPath = new Path(root);
        List<String> classes;
        String qualified;
        try {
            FileSystem fs = rootPath.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (!fs.exists(rootPath)) {
                throw new DatasetException(root, "no such directory", null);
            }
            if (!fs.getFileStatus(rootPath).isDirectory()) {
                throw new DatasetException(root, "not a directory", null);
            }
            classes = Arrays.stream(fs.listStatus(rootPath))
                    .filter(FileStatus::isDirectory)
                    .map(s -> s.getPath().getName())
                    .filter(n -> !n.startsWith(".") && !n.startsWith("_"))
                    .sorted(ImageFolderListing.CODE_POINT_ORDER)
                    .toList();
            qualified = fs.makeQualified(rootPath).toString();
        } catch (IOException e) {
            throw new UncheckedIOException(root + ": cannot list the folder (" + e.getMessage() + ")", e);
        }
        if (classes.isEmpty()) {
            throw new DatasetException(
                    root, "no class folders (expected the ImageFolder layout " + root + "/<class>/<image>)", null);
        }
        Column relative = functions.substring(functions.col("path"), qualified.length() + 2, Integer.MAX_VALUE);
        Column isImage = functions.lit(false);
        for (String extension : ImageFolderListing.IMG_EXTENSIONS) {
            isImage = isImage.or(functions.lower(functions.col("path")).endsWith(extension));
        }
        Column classIndex = functions
                .array_position(
                        functions.array(classes.stream().map(functions::lit).toArray(Column[]::new)),
                        functions.substring_index(relative, "/", 1))
                .cast(DataTypes.IntegerType)
                .minus(1);
        Dataset<Row> labelled = spark.read()
                .format("binaryFile")
                .option("recursiveFileLookup", "true")
                .load(qualified)
                .where(isImage.and(functions.instr(relative, "/").gt(0)))
                .withColumn(
                        LABEL,
                        classIndex,
                        NominalAttribute.defaultAttr()
                                .withName(LABEL)
                                .withValues(classes.toArray(new String[0]))
                                .toMetadata())
                .where(functions.col(LABEL).geq(0));
        List<Integer> present =
                labelled.select(LABEL).distinct().as(Encoders.INT()).collectAsList();
        List<String> empty = IntStream.range(0, classes.size())
                .filter(i -> !present.contains(i))
                .mapToObj(classes::get)
                .toList();
        if (!empty.isEmpty()) {
            throw new DatasetException(
                    root,
                    "no images in " + empty.size() + " of " + classes.size()
                            + " class folders (" + String.join(", ", empty.subList(0, Math.min(5, empty.size())))
                            + (empty.size() > 5 ? ", ..." : "") + "); extensions: "
                            + String.join(" ", ImageFolderListing.IMG_EXTENSIONS),
                    null);
        }
        return labelled;
    }

    /**
     * Evaluates a classifier on a labelled dataset with {@code cvt eval}'s default protocol
     * ({@link EvalProtocol#DEFAULT}: label = class index, all logits, no ReaL labels).
     *
     * @param classifier the classifier
     * @param dataset the images with an integer label column
     * @param labelCol the label column: class indices of the model
     * @return the metrics, as {@code cvt eval} reports them
     * @throws IllegalArgumentException and {@link DatasetException} as
     *     {@link #evaluate(CvtImageClassifier, Dataset, String, EvalProtocol)}
     * @see #evaluate(CvtImageClassifier, Dataset, String, EvalProtocol)
     */
    public static EvalResult evaluate(CvtImageClassifier classifier, Dataset<Row> dataset, String labelCol) {
        return evaluate(classifier, dataset, labelCol, EvalProtocol.DEFAULT);
    }

    /**
     * Evaluates a classifier on a labelled dataset, giving the numbers of {@code cvt eval} with the same
     * protocol on the same tree: top-1, top-5, the mean cross-entropy, per-class counts, the unreadable files
     * and, when the protocol has ReaL labels, the ReaL accuracies.
     *
     * <p>The protocol ({@code cvt eval --class-map}, {@code --restrict-logits}, {@code --real-labels}) is
     * resolved on the driver against the label column's class names (its class map maps each name to a
     * model class index; restricted logits keep the classes present; a ReaL label file is checked against
     * the model and every image's file name) before any image is read. The executors then decode, classify
     * and score every image with it ({@link EvalProtocol.Resolved#score}, shipped as a broadcast variable);
     * the scores, a few bytes per image, are streamed to the driver partition by partition in
     * {@code cvt eval}'s order (label, folder, file name) and added up by the same {@link EvalMetrics}, so
     * that even the loss, a sum of doubles, is the same to the last bit. {@code seconds} and
     * {@code imagesPerSecond} measure this call.
     *
     * @param classifier the classifier; its {@code pathCol} must be set; its {@code topK},
     *     {@code outputLogits} and {@code onError} are ignored (unreadable files are recorded)
     * @param dataset the images with an integer label column, e.g. from {@link #imageFolder}; the class
     *     names (the folders, for the class map) come from the column's nominal attribute when it has one,
     *     else they are the model's class indices {@code 0..NUM_CLASSES-1}
     * @param labelCol the label column: the position of each image's class among the class names (with
     *     {@link EvalProtocol#DEFAULT}, the model's class index)
     * @param protocol the class map, logit restriction and ReaL labels, as {@code cvt eval}'s
     * @return the metrics, as {@code cvt eval} reports them
     * @throws IllegalArgumentException naming the column when it is missing or not an integer, or the
     *     path column is not set
     * @throws DatasetException naming the label column when its class names do not fit the class map and
     *     model, or a label is null or not one of its classes; naming the ReaL file or an image when an image
     *     has no ReaL label set (all checked on the driver, before the images are read); or when no image
     *     can be read
     * @throws dev.cvt4j.config.ConfigException if the class map's file cannot be used
     */
    public static EvalResult evaluate(
            CvtImageClassifier classifier, Dataset<Row> dataset, String labelCol, EvalProtocol protocol) {
        if (!Arrays.asList(dataset.columns()).contains(labelCol)) {
            throw new IllegalArgumentException(
                    "column " + labelCol + " (labelCol): no such column among " + String.join(", ", dataset.columns()));
        }
        StructField field = dataset.schema().apply(labelCol);
        if (!field.dataType().equals(DataTypes.IntegerType)) {
            throw new IllegalArgumentException("column " + labelCol + " (labelCol): expected int, got "
                    + field.dataType().simpleString());
        }
        if (classifier.getPathCol().isEmpty()) {
            throw new IllegalArgumentException(classifier.uid() + ": evaluation needs the param pathCol");
        }
        long start = System.nanoTime();
        HadoopConf hadoop = new HadoopConf(
                new Configuration(dataset.sparkSession().sparkContext().hadoopConfiguration()));
        int numClasses = ModelSpec.experiment(classifier.getModel(), classifier.getImageSize(), hadoop)
                .model()
                .numClasses();
        List<String> classes = classNames(field, numClasses);
        EvalProtocol.Resolved plan = protocol.resolve(classes, labelCol, numClasses);
        checkLabels(dataset, labelCol, classes.size());
        if (protocol.realLabels() != null) {
            checkRealLabels(dataset, classifier.getPathCol(), protocol.realLabels());
        }
        CvtImageClassifier scoring = classifier
                .copy(ParamMap.empty())
                .setTopK(1)
                .setOutputLogits(true)
                .setOnError("record");
        Dataset<Row> classified =
                scoring.transform(dataset.select(labelCol, classifier.getPathCol(), classifier.getInputCol()));
        Broadcast<EvalProtocol.Resolved> shipped = JavaSparkContext.fromSparkContext(
                        dataset.sparkSession().sparkContext())
                .broadcast(plan);
        Dataset<Row> scored = classified
                .select(
                        functions.col(labelCol),
                        functions.col(classifier.getPathCol()),
                        functions.col("logits"),
                        functions.col("error"))
                .mapPartitions(new ImageScores(shipped), Encoders.row(ImageScores.SCHEMA))
                .persist(StorageLevel.MEMORY_AND_DISK());
        try {
            EvalMetrics metrics = EvalMetrics.of(plan);
            int total = 0;
            // Range partitions as many as the input's, each sorted: toLocalIterator runs one small job per partition.
            Column[] order = {functions.col("label"), functions.col("folder"), functions.col("name")};
            Iterator<Row> rows = scored.repartitionByRange(
                            Math.max(1, classified.rdd().getNumPartitions()), order)
                    .sortWithinPartitions(order)
                    .toLocalIterator();
            while (rows.hasNext()) {
                Row row = rows.next();
                total++;
                if (row.isNullAt(ImageScores.ERROR)) {
                    metrics.add(ImageScores.of(row));
                } else {
                    metrics.addUnreadable(row.getString(ImageScores.PATH), row.getString(ImageScores.ERROR));
                }
            }
            if (metrics.evaluated() == 0) {
                throw new DatasetException(labelCol, "none of the " + total + " images could be read", null);
            }
            return metrics.result(protocol, (System.nanoTime() - start) / 1e9);
        } finally {
            scored.unpersist();
            shipped.destroy();
        }
    }

    /** Every label is one of the {@code classes} class names: not null, in {@code [0, classes)}. */
    private static void checkLabels(Dataset<Row> dataset, String labelCol, int classes) {
        Row range = dataset.agg(
                        functions.min(labelCol),
                        functions.max(labelCol),
                        functions.count(functions.when(functions.col(labelCol).isNull(), 1)))
                .first();
        if (range.getLong(2) > 0 || !range.isNullAt(0) && (range.getInt(0) < 0 || range.getInt(1) >= classes)) {
            throw new DatasetException(
                    labelCol,
                    range.getLong(2) > 0
                            ? range.getLong(2) + " rows without a label"
                            : "labels " + range.getInt(0) + ".." + range.getInt(1) + " outside the column's " + classes
                                    + " classes 0.." + (classes - 1),
                    null);
        }
    }

    /** Every image's file name has a ReaL label set; the first one without fails, as in {@code cvt eval}. */
    private static void checkRealLabels(Dataset<Row> dataset, String pathCol, RealLabels real) {
        List<String> missing = dataset.select(pathCol)
                .as(Encoders.STRING())
                .filter((FilterFunction<String>) path -> path == null || !hasRealLabels(real, path))
                .limit(1)
                .collectAsList();
        if (!missing.isEmpty()) {
            if (missing.get(0) == null) {
                throw new DatasetException(
                        pathCol, "a row without a path (ReaL labels are matched by file name)", null);
            }
            real.labelsOf(missing.get(0));
        }
    }

    private static boolean hasRealLabels(RealLabels real, String path) {
        try {
            real.labelsOf(path);
            return true;
        } catch (DatasetException e) {
            return false;
        }
    }

    /** The class names of a label column: its nominal attribute's values, else the indices. */
    private static List<String> classNames(StructField field, int numClasses) {
        Attribute attribute = Attribute.fromStructField(field);
        if (attribute instanceof NominalAttribute nominal && nominal.values().isDefined()) {
            return List.of(nominal.values().get());
        }
        List<String> names = new ArrayList<>(numClasses);
        for (int i = 0; i < numClasses; i++) {
            names.add(Integer.toString(i));
        }
        return names;
    }
}
