package dev.cvt4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cvt4j.eval.EvalResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The shaded jar on a real multi-process cluster ({@link SparkSubmitProcess}: spark-submit, a master, two
 * workers, an executor JVM each): classify, embed and evaluate the test tree and compare with the same work
 * done in this JVM's local[2] Spark, which the other tests compare with cvt. This catches what local[2]
 * hides: serialization of the tasks, the application class loader (services, ImageIO plugins), the
 * relocations against Spark's own older libraries, and the PyTorch natives extracted by each executor from
 * the application jar.
 */
class ClusterIT {
    @TempDir
    static Path dir;

    static Path root;
    static Path cache;

    @BeforeAll
    static void writeTree() {
        root = dir.resolve("tree");
        ImageTree.write(root);
        cache = dir.resolve("engine-cache");
    }

    private static String[] job(String command, String... more) {
        return Stream.concat(
                        Stream.of(
                                command,
                                "--model",
                                Tiny.SPEC,
                                "--weights",
                                Tiny.WEIGHTS,
                                "--batch-size",
                                "1",
                                "--engine-cache-dir",
                                cache.toString()),
                        Stream.of(more))
                .toArray(String[]::new);
    }

    /** The JSON rows a job wrote, by path. */
    private static Map<String, JsonNode> rows(Path output) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        Map<String, JsonNode> rows = new HashMap<>();
        try (Stream<Path> parts = Files.list(output)) {
            for (Path part : parts.filter(p -> p.getFileName().toString().endsWith(".json"))
                    .toList()) {
                for (String line : Files.readAllLines(part)) {
                    JsonNode row = mapper.readTree(line);
                    rows.put(row.get("path").asText(), row);
                }
            }
        }
        return rows;
    }

    /** Each executor of the application logged exactly one model load. */
    private static void assertOneLoadPerExecutor(String output) throws IOException {
        Path work = SparkSubmitProcess.sparkHome().resolve("work");
        String app = output.lines().filter(l -> l.contains("app-")).findFirst().orElse("");
        List<Path> executors = new ArrayList<>();
        try (Stream<Path> apps = Files.list(work)) {
            Path latest = apps.max((a, b) ->
                            a.getFileName().toString().compareTo(b.getFileName().toString()))
                    .orElseThrow();
            try (Stream<Path> dirs = Files.list(latest)) {
                executors.addAll(dirs.toList());
            }
        }
        assertEquals(2, executors.size(), app + executors);
        for (Path executor : executors) {
            long loads = Files.readAllLines(executor.resolve("stderr")).stream()
                    .filter(l -> l.contains("cvt4j: loaded"))
                    .count();
            assertEquals(1, loads, executor + "/stderr");
        }
    }

    /**
     * On either engine; onnxruntime also shows that the shaded jar's relocated protobuf-java 3.25 (which writes
     * the ONNX graph) works on executors whose class path starts with Spark's protobuf-java 3.19.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"pytorch, 0", "onnxruntime, 1e-6"})
    void classifyEqualsTheSingleJvmResults(String engine, double tolerance) throws Exception {
        Path output = dir.resolve("classify-" + engine);
        SparkSubmitProcess.Result r = SparkSubmitProcess.submit(job(
                "classify",
                "--engine",
                engine,
                "--input",
                root.toString(),
                "--output",
                output.toString(),
                "--format",
                "json",
                "--top",
                "3",
                "--logits"));
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("29 images"), r.toString());
        assertOneLoadPerExecutor(r.err());
        if (engine.equals("pytorch")) {
            try (Stream<Path> natives = Files.walk(cache)) {
                assertTrue(
                        natives.anyMatch(p -> p.getFileName().toString().equals("libtorch_cpu.so")),
                        "the executors extract the natives into --engine-cache-dir " + cache);
            }
        }
        Map<String, JsonNode> cluster = rows(output);

        List<Row> local = Tiny.classifier()
                .setEngine(engine)
                .setBatchSize(1)
                .setOutputLogits(true)
                .transform(CvtImageClassifierTest.images(root, 2))
                .collectAsList();
        assertEquals(local.size(), cluster.size());
        for (Row row : local) {
            JsonNode c = cluster.get(row.<String>getAs("path"));
            assertNotNull(c, row.<String>getAs("path"));
            if (row.getAs("error") != null) {
                assertEquals(row.<String>getAs("error"), c.get("error").asText());
                continue;
            }
            List<Row> top = row.getList(row.fieldIndex("top_k"));
            for (int k = 0; k < top.size(); k++) {
                JsonNode p = c.get("top_k").get(k);
                assertEquals(top.get(k).getInt(0), p.get("index").asInt());
                assertEquals(top.get(k).getString(1), p.get("label").asText());
                assertEquals(top.get(k).getDouble(2), p.get("probability").asDouble(), tolerance);
            }
            List<Float> logits = row.getList(row.fieldIndex("logits"));
            for (int i = 0; i < logits.size(); i++) {
                assertEquals(logits.get(i), (float) c.get("logits").get(i).asDouble(), 10 * tolerance);
            }
        }
    }

    @Test
    void embedEqualsTheSingleJvmResults() throws Exception {
        Path output = dir.resolve("embed");
        SparkSubmitProcess.Result r = SparkSubmitProcess.submit(
                job("embed", "--input", root.toString(), "--output", output.toString(), "--format", "json"));
        assertEquals(0, r.exit(), r.toString());
        Map<String, JsonNode> cluster = rows(output);
        List<Row> local = new CvtImageEmbedder()
                .setModel(Tiny.SPEC)
                .setWeights(Tiny.WEIGHTS)
                .setBatchSize(1)
                .transform(CvtImageClassifierTest.images(root, 2))
                .where("error IS NULL")
                .collectAsList();
        assertEquals(local.size() + ImageTree.BROKEN.size(), cluster.size());
        for (Row row : local) {
            List<Float> expected = row.getList(row.fieldIndex("embedding"));
            JsonNode actual = cluster.get(row.<String>getAs("path")).get("embedding");
            assertEquals(expected.size(), actual.size());
            for (int i = 0; i < expected.size(); i++) {
                assertEquals(expected.get(i), (float) actual.get(i).asDouble(), 0);
            }
        }
    }

    @Test
    void evalEqualsTheSingleJvmResult() throws Exception {
        Path report = dir.resolve("report.json");
        SparkSubmitProcess.Result r =
                SparkSubmitProcess.submit(job("eval", "--data", root.toString(), "--output", report.toString()));
        assertEquals(0, r.exit(), r.toString());
        JsonNode cluster = new ObjectMapper().readTree(Files.readString(report));
        EvalResult local = CvtSpark.evaluate(
                Tiny.classifier().setBatchSize(1),
                CvtSpark.imageFolder(LocalSpark.session(), root.toString()),
                CvtSpark.LABEL);
        assertEquals(local.evaluated(), cluster.get("evaluated").asInt());
        assertEquals(local.top1(), cluster.get("top1").asDouble(), 0);
        assertEquals(local.top5(), cluster.get("top5").asDouble(), 0);
        assertEquals(local.loss(), cluster.get("loss").asDouble(), 0);
        for (EvalResult.ClassResult c : local.classes()) {
            assertEquals(
                    c.correct(),
                    cluster.get("classes").get(c.index()).get("correct").asInt(),
                    c.name());
        }
        assertEquals(local.unreadable().size(), cluster.get("unreadable").size());
    }

    @Test
    void missingWeightsFailOnTheDriverWithOneLine() throws Exception {
        Path missing = dir.resolve("missing.pth");
        SparkSubmitProcess.Result r = SparkSubmitProcess.submit(
                "classify",
                "--model",
                Tiny.SPEC,
                "--weights",
                missing.toString(),
                "--input",
                root.toString(),
                "--output",
                dir.resolve("never").toString());
        assertEquals(1, r.exit(), r.toString());
        assertTrue(r.err().contains("cvt4j-spark: " + missing + ": no such file (param weights)\n"), r.toString());
        assertTrue(Files.notExists(dir.resolve("never")), r.toString());
    }
}
