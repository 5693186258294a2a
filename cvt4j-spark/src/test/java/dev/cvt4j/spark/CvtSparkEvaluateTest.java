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
        NominalAttribute label = (NominalAttribute) Attribute.fromStructField(data.schema().apply(CvtSpark.LABEL));
        assertEquals(List.of("class_0", "class_1", "class_2", "class_3", "class_4", "class_5", "class_6", "class_7",
                "class_8", "class_9"), List.of(label.values().get()));
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
        CvtCliRun.stdout(0, "eval", "--model", Tiny.SPEC, "--weights", Tiny.WEIGHTS, "--data", root.toString(),
                "--batch-size", "1", "--workers", "2", "--quiet", "--output", report.toString());
        JsonNode expected = new ObjectMapper().readTree(Files.readString(report));

        SparkSession spark = LocalSpark.session();
        EvalResult r = CvtSpark.evaluate(Tiny.classifier().setBatchSize(1),
                CvtSpark.imageFolder(spark, root.toString()).repartition(8), CvtSpark.LABEL);

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
        Path names = Files.write(dir.resolve("classes.txt"),
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
        CvtCliRun.stdout(0, "eval", "--model", Tiny.SPEC, "--weights", Tiny.WEIGHTS, "--data", subset.toString(),
                "--class-map", spec, "--restrict-logits", "--batch-size", "1", "--workers", "2", "--quiet",
                "--output", report.toString());
        JsonNode expected = new ObjectMapper().readTree(Files.readString(report));

        EvalProtocol protocol = new EvalProtocol(ClassMap.parse(spec), true, null);
        EvalResult r = CvtSpark.evaluate(Tiny.classifier().setBatchSize(1),
                CvtSpark.imageFolder(LocalSpark.session(), subset.toString()).repartition(4), CvtSpark.LABEL, protocol);

        assertEquals(new EvalResult.Protocol(spec, true, 3, null), r.protocol());
        assertEquals(expected.get("protocol").get("scored_classes").asInt(), r.protocol().scoredClasses());
        assertEquals(3, r.classes().size());
        assertEquals(map.equals("names") ? List.of(2, 4, 7) : List.of(2, 5, 7),
                r.classes().stream().map(EvalResult.ClassResult::index).toList());
        assertSameReport(expected, r);
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
            assertEquals(e.get("file").asText(), CvtCliRun.local(r.unreadable().get(i).file()).toString());
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
        IllegalArgumentException type = assertThrows(IllegalArgumentException.class, () -> CvtSpark.evaluate(
                Tiny.classifier(), data.withColumn("label", data.col("label").cast("string")), "label"));
        assertEquals("column label (labelCol): expected int, got string", type.getMessage());
        DatasetException count = assertThrows(DatasetException.class, () -> CvtSpark.evaluate(Tiny.classifier(),
                CvtSpark.imageFolder(LocalSpark.session(), root.resolve("class_1").toString()), "label"));
        assertTrue(count.getMessage().startsWith("label: 1 class folders, but the model has 10 classes"),
                count.getMessage());
        Dataset<Row> plain = data.select(data.col("path"), data.col("content"), data.col("label").plus(3).as("label"));
        DatasetException range = assertThrows(DatasetException.class,
                () -> CvtSpark.evaluate(Tiny.classifier(), plain, "label"));
        assertEquals("label: labels 3..12 outside the column's 10 classes 0..9", range.getMessage());
    }
}
