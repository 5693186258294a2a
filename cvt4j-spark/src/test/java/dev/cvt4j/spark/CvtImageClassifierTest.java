package dev.cvt4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cvt4j.Fixtures;
import dev.cvt4j.inference.Prediction;
import dev.cvt4j.inference.TopK;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.SparkException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link CvtImageClassifier} in local[2] Spark against {@code cvt classify --json} on the same files. */
class CvtImageClassifierTest {
    @TempDir
    static Path dir;

    static Path root;
    static List<Path> files;

    @BeforeAll
    static void writeTree() {
        root = dir.resolve("tree");
        files = ImageTree.write(root);
    }

    static Dataset<Row> images(Path folder, int partitions) {
        return LocalSpark.session()
                .read()
                .format("binaryFile")
                .option("recursiveFileLookup", "true")
                .load(folder.toString())
                .repartition(partitions);
    }

    /**
     * Every row's top-k equals cvt classify --json for its file: index and label exactly; the probability
     * bit for bit when both run single-image batches, else within float rounding (the last bits of a CPU
     * forward pass depend on the other images of its batch, and Spark's batches are not cvt classify's). On
     * either engine, against {@code cvt classify --engine} of the same engine.
     */
    @ParameterizedTest(name = "{0}, batch size {1}")
    @CsvSource({"pytorch, 1, 0", "pytorch, 4, 1e-6", "onnxruntime, 4, 1e-6"})
    void topKEqualsCvtClassifyForEveryRow(String engine, int batchSize, double tolerance) throws Exception {
        String[] args = Stream.concat(
                        Stream.of(
                                "classify",
                                "--engine",
                                engine,
                                "--model",
                                Tiny.SPEC,
                                "--weights",
                                Tiny.WEIGHTS,
                                "--top",
                                "3",
                                "--batch-size",
                                Integer.toString(batchSize),
                                "--json"),
                        files.stream().map(Path::toString))
                .toArray(String[]::new);
        JsonNode cli = new ObjectMapper().readTree(CvtCliRun.stdout(1, args));
        Map<String, JsonNode> byFile = new HashMap<>();
        cli.forEach(n -> byFile.put(n.get("file").asText(), n));

        List<Row> rows = Tiny.classifier()
                .setEngine(engine)
                .setBatchSize(batchSize)
                .transform(images(root, 8))
                .collectAsList();
        assertEquals(files.size(), rows.size());
        for (Row row : rows) {
            Path file = CvtCliRun.local(row.getAs("path"));
            JsonNode expected = byFile.get(file.toString());
            assertNotNull(expected, file.toString());
            String error = row.getAs("error");
            if (expected.has("error")) {
                assertEquals(expected.get("error").asText(), file + ": " + error);
                assertNull(row.getAs("top_k"));
                continue;
            }
            assertNull(error, file.toString());
            List<Row> top = row.getList(row.fieldIndex("top_k"));
            assertEquals(3, top.size());
            for (int k = 0; k < 3; k++) {
                JsonNode p = expected.get("predictions").get(k);
                assertEquals(p.get("index").asInt(), top.get(k).getInt(0), file + " rank " + k);
                assertEquals(p.get("label").asText(), top.get(k).getString(1), file + " rank " + k);
                assertEquals(p.get("probability").asDouble(), top.get(k).getDouble(2), tolerance, file + " rank " + k);
            }
        }
    }

    /** The files that cannot be decoded land in error, with the reason; the others classify; the job completes. */
    @Test
    void brokenFilesAreRecordedAndTheJobCompletes() {
        Map<String, String> errors = new HashMap<>();
        for (Row row : Tiny.classifier().transform(images(root, 3)).collectAsList()) {
            String error = row.getAs("error");
            if (error != null) {
                errors.put(root.relativize(CvtCliRun.local(row.getAs("path"))).toString(), error);
            }
        }
        assertEquals(
                ImageTree.BROKEN.stream().sorted().toList(),
                errors.keySet().stream().sorted().toList());
        assertTrue(errors.get("class_8/bomb.png").contains("20000 x 20000"), errors.toString());
        assertTrue(errors.values().stream().noneMatch(e -> e.isBlank() || e.contains("\n")), errors.toString());
    }

    /** With onError=fail, an undecodable file fails the job with its path and reason. */
    @Test
    void onErrorFailNamesTheFile() {
        SparkException e = assertThrows(
                SparkException.class,
                () -> Tiny.classifier()
                        .setOnError("fail")
                        .transform(images(root.resolve("class_0"), 1))
                        .collectAsList());
        assertTrue(e.getMessage().contains(root.resolve("class_0/truncated.png") + ": "), e.getMessage());
    }

    /** The logits column holds the scores the top-k was taken from. */
    @Test
    void logitsGiveTheTopK() {
        for (Row row : Tiny.classifier()
                .setOutputLogits(true)
                .setTopK(10)
                .transform(images(root, 2))
                .where("error IS NULL")
                .collectAsList()) {
            List<Float> values = row.getList(row.fieldIndex("logits"));
            float[] logits = new float[values.size()];
            for (int i = 0; i < logits.length; i++) {
                logits[i] = values.get(i);
            }
            List<Prediction> expected = TopK.of(logits, 10, dev.cvt4j.inference.Labels.forClasses(10));
            List<Row> top = row.getList(row.fieldIndex("top_k"));
            for (int k = 0; k < 10; k++) {
                assertEquals(expected.get(k).index(), top.get(k).getInt(0));
                assertEquals(expected.get(k).probability(), top.get(k).getDouble(2), 0);
            }
        }
    }

    /** One model per executor: 8 partitions on local[2] (one executor, this JVM) load it once. */
    @Test
    void modelLoadedOncePerExecutorAcrossEightPartitions() {
        CvtImageClassifier hf = Tiny.classifier()
                .setWeights(Fixtures.path("cvt-tiny", "hf.safetensors").toString());
        Dataset<Row> images = images(root, 8);
        assertEquals(8, images.rdd().getNumPartitions());
        int before = ExecutorModels.loads();
        assertEquals(files.size(), hf.transform(images).collectAsList().size());
        assertEquals(files.size(), hf.transform(images).count());
        assertEquals(before + 1, ExecutorModels.loads());
    }

    /** The classifier saves and loads with its params (MLWritable), as a Pipeline stage does. */
    @Test
    void savesAndLoads() throws Exception {
        CvtImageClassifier original =
                Tiny.classifier().setOutputLogits(true).setOnError("fail").setPathCol("");
        Path saved = dir.resolve("saved-classifier");
        original.save(saved.toString());
        CvtImageClassifier loaded = CvtImageClassifier.load(saved.toString());
        assertEquals(original.uid(), loaded.uid());
        assertEquals(
                original.extractParamMap().toString(), loaded.extractParamMap().toString());
        assertTrue(loaded.getPathCol().isEmpty());
    }
}
