package dev.cvt4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cvt4j.eval.DatasetException;
import dev.cvt4j.eval.EvalResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.ml.attribute.Attribute;
import org.apache.spark.ml.attribute.NominalAttribute;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

        assertEquals(expected.get("images").asInt(), r.images());
        assertEquals(expected.get("evaluated").asInt(), r.evaluated());
        assertEquals(expected.get("top_k").asInt(), r.topK());
        assertEquals(expected.get("top1").asDouble(), r.top1(), 0);
        assertEquals(expected.get("top5").asDouble(), r.top5(), 0);
        assertEquals(expected.get("loss").asDouble(), r.loss(), 0);
        for (EvalResult.ClassResult c : r.classes()) {
            JsonNode e = expected.get("classes").get(c.index());
            assertEquals(e.get("name").asText(), c.name());
            assertEquals(e.get("label").asText(), c.label());
            assertEquals(e.get("count").asInt(), c.count(), c.name());
            assertEquals(e.get("correct").asInt(), c.correct(), c.name());
        }
        assertEquals(ImageTree.BROKEN.size(), r.unreadable().size());
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
        assertEquals("label: labels 3..12 outside the model's classes 0..9", range.getMessage());
    }
}
