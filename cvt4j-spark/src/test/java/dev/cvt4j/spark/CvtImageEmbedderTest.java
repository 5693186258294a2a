package dev.cvt4j.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.cvt4j.checkpoint.Safetensors;
import dev.cvt4j.checkpoint.SafetensorsFile;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link CvtImageEmbedder} in local[2] Spark against {@code cvt features} on the same files. */
class CvtImageEmbedderTest {
    @TempDir
    static Path dir;

    static Path root;
    static Map<Path, float[]> features;

    /** cvt features on every readable file of the tree: KEY/embedding, with __metadata__ source.KEY = file. */
    @BeforeAll
    static void runCvtFeatures() {
        root = dir.resolve("tree");
        List<String> readable = ImageTree.write(root).stream()
                .filter(CvtImageEmbedderTest::readable)
                .map(Path::toString)
                .toList();
        Path out = dir.resolve("features.safetensors");
        CvtCliRun.stdout(
                0,
                Stream.concat(
                                Stream.of(
                                        "features",
                                        "--model",
                                        Tiny.SPEC,
                                        "--weights",
                                        Tiny.WEIGHTS,
                                        "--output",
                                        out.toString()),
                                readable.stream())
                        .toArray(String[]::new));
        SafetensorsFile file = Safetensors.readFile(out);
        features = new HashMap<>();
        file.metadata().forEach((key, source) -> {
            if (key.startsWith("source.")) {
                features.put(
                        Path.of(source),
                        file.stateDict().get(key.substring(7) + "/embedding").toFloatArray());
            }
        });
        assertEquals(readable.size(), features.size());
    }

    private static boolean readable(Path file) {
        return !ImageTree.BROKEN.contains(root.relativize(file).toString());
    }

    /** cvt features runs one image per forward pass; so does the embedder at batch size 1: bit-identical. */
    @Test
    void embeddingsEqualCvtFeatures() {
        List<Row> rows = new CvtImageEmbedder()
                .setModel(Tiny.SPEC)
                .setWeights(Tiny.WEIGHTS)
                .setBatchSize(1)
                .transform(CvtImageClassifierTest.images(root, 8))
                .collectAsList();
        int compared = 0;
        for (Row row : rows) {
            Path file = CvtCliRun.local(row.getAs("path"));
            float[] expected = features.get(file);
            if (expected == null) {
                assertNotNull(row.getAs("error"), file.toString());
                continue;
            }
            assertNull(row.getAs("error"), file.toString());
            List<Float> actual = row.getList(row.fieldIndex("embedding"));
            float[] values = new float[actual.size()];
            for (int c = 0; c < values.length; c++) {
                values[c] = actual.get(c);
            }
            assertArrayEquals(expected, values, file.toString());
            compared++;
        }
        assertEquals(features.size(), compared);
    }

    /** As Spark ML vectors (doubles), in batches of 4: the float32 values within float rounding. */
    @Test
    void vectorsInBatchesMatchCvtFeatures() {
        List<Row> rows = new CvtImageEmbedder()
                .setModel(Tiny.SPEC)
                .setWeights(Tiny.WEIGHTS)
                .setBatchSize(4)
                .setEmbeddingType("vector")
                .transform(CvtImageClassifierTest.images(root, 3))
                .where("error IS NULL")
                .collectAsList();
        assertEquals(features.size(), rows.size());
        for (Row row : rows) {
            float[] expected = features.get(CvtCliRun.local(row.getAs("path")));
            double[] actual = ((Vector) row.getAs("embedding")).toArray();
            assertEquals(96, actual.length);
            for (int c = 0; c < actual.length; c++) {
                assertEquals(expected[c], actual[c], 1e-5 * Math.max(1, Math.abs(expected[c])));
            }
        }
    }
}
