package dev.cvt4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cvt4j.eval.ClassMap;
import dev.cvt4j.eval.DatasetException;
import dev.cvt4j.eval.EvalProtocol;
import dev.cvt4j.eval.EvalResult;
import dev.cvt4j.eval.RealLabels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.spark.ml.attribute.Attribute;
import org.apache.spark.ml.attribute.NominalAttribute;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link CvtSpark#evaluate} and {@link CvtSpark#imageFolder} in local[2] Spark against {@code cvt eval}. */
class CvtSparkEvaluateTest {
    @TempDir
    static Path dir;

    static Path root;

    @BeforeAll
    static void writeTree() {
        root = dir.resolve("tree");
        ImageTree.write(root);
    }

    /** The tree as a labelled dataset: every file, the class indices of cvt eval, the class names as metadata. */
    @Test
    void imageFolderLabelsAsCvtEval() {
        Dataset<Row> data = CvtSpark.imageFolder(LocalSpark.session(), root.toString());
        NominalAttribute label =
                (NominalAttribute) Attribute.fromStructField(data.schema().apply(CvtSpark.LABEL));
        assertEquals(
                List.of(
                        "class_0", "class_1", "class_2", "class_3", "class_4", "class_5", "class_6", "class_7",
                        "class_8", "class_9"),
                List.of(label.values().get()));
        List<Row> rows = data.select("path", CvtSpark.LABEL).collectAsList();
        assertEquals(29, rows.size());
        for (Row row : rows) {
            String relative = root.relativize(CvtCliRun.local(row.getString(0))).toString();
            assertEquals("class_" + row.getInt(1), relative.substring(0, relative.indexOf('/')), relative);
        }
    }

    /**
     * Top-1, top-5, loss, per-class counts and unreadable files equal cvt eval's report; with single-image
     * batches on both sides (the same computations, added up in the same order), to the last bit.
     */
    @Test
    void evaluateEqualsCvtEval() throws Exception {
        Path report = dir.resolve("report.json");
        CvtCliRun.stdout(
                0,
                "eval",
                "--model",
                Tiny.SPEC,
                "--weights",
                Tiny.WEIGHTS,
                "--data",
                root.toString(),
                "--batch-size",
                "1",
                "--workers",
                "2",
                "--quiet",
                "--output",
                report.toString());
        JsonNode expected = new ObjectMapper().readTree(Files.readString(report));

        SparkSession spark = LocalSpark.session();
        EvalResult r = CvtSpark.evaluate(
                Tiny.classifier().setBatchSize(1),
                CvtSpark.imageFolder(spark, root.toString()).repartition(8),
                CvtSpark.LABEL);

        assertEquals(ImageTree.BROKEN.size(), r.unreadable().size());
        assertSameReport(expected, r);
    }

    /**
     * With a class map (a names file, numeric folders) and logits restricted to the classes present, on a tree
     * of 3 of the 10 classes, evaluate equals cvt eval --class-map ... --restrict-logits, to the last bit.
     */
    @ParameterizedTest(name = "--class-map {0}")
    @ValueSource(strings = {"names", "numeric"})
    void aProtocolEvaluatesAsCvtEval(String map) throws Exception {
        Path names = Files.write(
                dir.resolve("classes.txt"),
                IntStream.range(0, 10).mapToObj(i -> "class_" + (9 - i)).toList());
        Path subset = dir.resolve("subset-" + map);
        for (int c : new int[] {2, 5, 7}) {
            Path from = root.resolve("class_" + c);
            Path to = subset.resolve(map.equals("names") ? "class_" + c : Integer.toString(c));
            Files.createDirectories(to);
            try (Stream<Path> files = Files.list(from)) {
                for (Path file : files.toList()) {
                    Files.copy(file, to.resolve(file.getFileName()));
                }
            }
        }
        String spec = map.equals("names") ? names.toString() : "numeric";
        Path report = dir.resolve("report-" + map + ".json");
        CvtCliRun.stdout(
                0,
                "eval",
                "--model",
                Tiny.SPEC,
                "--weights",
                Tiny.WEIGHTS,
                "--data",
                subset.toString(),
                "--class-map",
                spec,
                "--restrict-logits",
                "--batch-size",
                "1",
                "--workers",
                "2",
                "--quiet",
                "--output",
                report.toString());
        JsonNode expected = new ObjectMapper().readTree(Files.readString(report));

        EvalProtocol protocol = new EvalProtocol(ClassMap.parse(spec), true, null);
        EvalResult r = CvtSpark.evaluate(
                Tiny.classifier().setBatchSize(1),
                CvtSpark.imageFolder(LocalSpark.session(), subset.toString()).repartition(4),
                CvtSpark.LABEL,
                protocol);

        assertEquals(new EvalResult.Protocol(spec, true, 3, null), r.protocol());
        assertEquals(
                expected.get("protocol").get("scored_classes").asInt(),
                r.protocol().scoredClasses());
        assertEquals(3, r.classes().size());
        assertEquals(
                map.equals("names") ? List.of(2, 4, 7) : List.of(2, 5, 7),
                r.classes().stream().map(EvalResult.ClassResult::index).toList());
        assertSameReport(expected, r);
    }

    /**
     * ReaL labels (cvt eval --real-labels), matched by the validation number in each file name, score as in cvt
     * eval, empty sets left out; an image without a number fails on the driver, naming it.
     */
    @Test
    void realLabelsScoreAsCvtEval() throws Exception {
        Path tree = dir.resolve("real");
        int number = 0;
        for (int c : new int[] {1, 5}) {
            Files.createDirectories(tree.resolve(Integer.toString(c)));
            try (Stream<Path> files = Files.walk(root.resolve("class_" + c))) {
                for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                    String name = file.getFileName().toString();
                    Files.copy(
                            file,
                            tree.resolve(c + "/" + String.format("ILSVRC2012_val_%08d", ++number)
                                    + name.substring(name.lastIndexOf('.'))));
                }
            }
        }
        StringBuilder sets = new StringBuilder("[[]");
        for (int i = 1; i < number; i++) {
            sets.append(", [")
                    .append(i % 10)
                    .append(i % 3 == 0 ? ", " + (9 - i % 10) : "")
                    .append("]");
        }
        Path json = Files.writeString(dir.resolve("real.json"), sets.append("]").toString());
        Path report = dir.resolve("report-real.json");
        CvtCliRun.stdout(
                0,
                "eval",
                "--model",
                Tiny.SPEC,
                "--weights",
                Tiny.WEIGHTS,
                "--data",
                tree.toString(),
                "--class-map",
                "numeric",
                "--real-labels",
                json.toString(),
                "--batch-size",
                "1",
                "--workers",
                "2",
                "--quiet",
                "--output",
                report.toString());
        JsonNode expected = new ObjectMapper().readTree(Files.readString(report));

        EvalProtocol protocol = new EvalProtocol(ClassMap.numeric(), false, RealLabels.read(json));
        Dataset<Row> data =
                CvtSpark.imageFolder(LocalSpark.session(), tree.toString()).repartition(3);
        EvalResult r = CvtSpark.evaluate(Tiny.classifier().setBatchSize(1), data, CvtSpark.LABEL, protocol);

        assertSameReport(expected, r);
        JsonNode real = expected.get("real");
        assertEquals(
                new EvalResult.Real(
                        real.get("evaluated").asInt(),
                        real.get("unlabelled").asInt(),
                        real.get("top1").asDouble(),
                        real.get("top5").asDouble()),
                r.real());
        assertEquals(1, r.real().unlabelled());
        assertEquals(json.toString(), r.protocol().realLabels());

        Files.writeString(tree.resolve("5/photo.png"), "never read: the driver refuses the name first");
        DatasetException unnamed = assertThrows(
                DatasetException.class,
                () -> CvtSpark.evaluate(
                        Tiny.classifier(),
                        CvtSpark.imageFolder(LocalSpark.session(), tree.toString()),
                        CvtSpark.LABEL,
                        protocol));
        assertTrue(
                unnamed.getMessage()
                        .endsWith(
                                "5/photo.png: no validation number in the file name"
                                        + " (--real-labels matches images by their name, ILSVRC2012_val_00000001 to ILSVRC2012_val_00050000)"),
                unnamed.getMessage());
    }

    /** Top-1, top-5, loss, per-class results and unreadable files of {@code r} equal cvt eval's report. */
    private static void assertSameReport(JsonNode expected, EvalResult r) {
        assertEquals(expected.get("images").asInt(), r.images());
        assertEquals(expected.get("evaluated").asInt(), r.evaluated());
        assertEquals(expected.get("top_k").asInt(), r.topK());
        assertEquals(expected.get("top1").asDouble(), r.top1(), 0);
        assertEquals(expected.get("top5").asDouble(), r.top5(), 0);
        assertEquals(expected.get("loss").asDouble(), r.loss(), 0);
        assertEquals(expected.get("classes").size(), r.classes().size());
        for (int i = 0; i < r.classes().size(); i++) {
            EvalResult.ClassResult c = r.classes().get(i);
            JsonNode e = expected.get("classes").get(i);
            assertEquals(e.get("index").asInt(), c.index());
            assertEquals(e.get("name").asText(), c.name());
            assertEquals(e.get("label").asText(), c.label());
            assertEquals(e.get("count").asInt(), c.count(), c.name());
            assertEquals(e.get("correct").asInt(), c.correct(), c.name());
        }
        assertEquals(expected.get("unreadable").size(), r.unreadable().size());
        for (int i = 0; i < r.unreadable().size(); i++) {
            JsonNode e = expected.get("unreadable").get(i);
            assertEquals(
                    e.get("file").asText(),
                    CvtCliRun.local(r.unreadable().get(i).file()).toString());
            assertEquals(e.get("reason").asText(), r.unreadable().get(i).reason());
        }
    }

    /**
     * A label column that is not an integer, class names that are not the model's count, or labels outside the
     * model's classes fail on the driver, naming the column.
     */
    @Test
    void badLabelsFailNamingTheColumn() {
        Dataset<Row> data = CvtSpark.imageFolder(LocalSpark.session(), root.toString());
        IllegalArgumentException type = assertThrows(
                IllegalArgumentException.class,
                () -> CvtSpark.evaluate(
                        Tiny.classifier(),
                        data.withColumn("label", data.col("label").cast("string")),
                        "label"));
        assertEquals("column label (labelCol): expected int, got string", type.getMessage());
        DatasetException count = assertThrows(
                DatasetException.class,
                () -> CvtSpark.evaluate(
                        Tiny.classifier(),
                        CvtSpark.imageFolder(
                                LocalSpark.session(), root.resolve("class_1").toString()),
                        "label"));
        assertTrue(
                count.getMessage().startsWith("label: 1 class folders, but the model has 10 classes"),
                count.getMessage());
        Dataset<Row> plain = data.select(
                data.col("path"), data.col("content"), data.col("label").plus(3).as("label"));
        DatasetException range =
                assertThrows(DatasetException.class, () -> CvtSpark.evaluate(Tiny.classifier(), plain, "label"));
        assertEquals("label: labels 3..12 outside the column's 10 classes 0..9", range.getMessage());
    }
}
