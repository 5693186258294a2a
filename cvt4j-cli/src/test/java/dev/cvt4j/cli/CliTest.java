package dev.cvt4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cvt4j.checkpoint.Checkpoints;
import dev.cvt4j.checkpoint.Safetensors;
import dev.cvt4j.checkpoint.StateDict;
import dev.cvt4j.checkpoint.Tensor;
import dev.cvt4j.inference.InferenceEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code cvt} command as a user runs it: the packaged jar in its own JVM, on real files. */
class CliTest {
    @TempDir
    Path dir;

    private static final Path ROOT = CvtProcess.fixtures();
    private static final String TINY_SPEC = ROOT.resolve("cvt-tiny/spec.yaml").toString();
    private static final String TINY_PTH = ROOT.resolve("cvt-tiny/official.pth").toString();

    private static void assertOneLineError(CvtProcess.Result r, int exit, String... fragments) {
        assertEquals(exit, r.exit(), r.toString());
        assertFalse(r.err().contains("\tat "), "no stack trace without --verbose:\n" + r);
        for (String f : fragments) {
            assertTrue(r.err().contains(f), "stderr should contain '" + f + "':\n" + r);
        }
    }

    @Test
    void infoTableAndJson() throws Exception {
        CvtProcess.Result table = CvtProcess.run("info", "--model", "cvt-13");
        assertEquals(0, table.exit(), table.toString());
        assertTrue(table.out().contains("19,997,480 parameters, 4.566 GMACs"), table.out());
        assertTrue(table.out().contains("14x14+cls"), table.out());
        CvtProcess.Result json = CvtProcess.run("info", "--model", "cvt-13", "--image-size", "384", "--json");
        JsonNode n = new ObjectMapper().readTree(json.out());
        assertEquals(19_997_480, n.get("total").get("params").asLong());
        assertEquals(16.269, Math.round(n.get("total").get("macs").asLong() / 1e6) / 1e3, 1e-9);
        assertEquals(24, n.get("stages").get(2).get("grid").get(0).asInt());
    }

    @Test
    void classifyOfficialCheckpointOnRealJpeg() throws Exception {
        String jpeg = ROOT.resolve("preprocess/landscape.jpg").toString();
        CvtProcess.Result r = CvtProcess.run(
                "classify",
                "--model",
                "cvt-13",
                "--weights",
                ROOT.resolve("cvt-13/official.pth").toString(),
                jpeg);
        assertEquals(0, r.exit(), r.toString());
        List<String> lines = r.out().lines().toList();
        assertEquals(jpeg, lines.get(0));
        assertEquals(6, lines.size(), r.out());
        for (String line : lines.subList(1, 6)) {
            assertTrue(line.matches("  0\\.\\d{4}  .+ \\(\\d+\\)"), line);
        }
    }

    @Test
    void classifyReportsUnreadableImagesAndKeepsGoing() throws Exception {
        Path broken = dir.resolve("broken.jpg");
        Files.write(broken, new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0, 1, 2, 3});
        String png = ROOT.resolve("preprocess/gray.png").toString();
        CvtProcess.Result r = CvtProcess.run(
                "classify",
                "--model",
                TINY_SPEC,
                "--weights",
                TINY_PTH,
                "--top",
                "3",
                "--json",
                broken.toString(),
                png,
                dir.resolve("absent.png").toString());
        assertOneLineError(r, 1, broken.toString(), "absent.png");
        JsonNode n = new ObjectMapper().readTree(r.out());
        assertEquals(3, n.size());
        assertTrue(n.get(0).has("error"));
        assertEquals(3, n.get(1).get("predictions").size());
        assertTrue(n.get(1).get("predictions").get(0).get("label").asText().startsWith("class_"));
        assertTrue(n.get(2).has("error"));
    }

    @Test
    void logitsMatchTheOfficialOutputs() throws Exception {
        Path out = dir.resolve("out.safetensors");
        Path io = ROOT.resolve("cvt-tiny/io.safetensors");
        CvtProcess.Result r = CvtProcess.run(
                "logits",
                "--model",
                TINY_SPEC,
                "--weights",
                ROOT.resolve("cvt-tiny/hf.safetensors").toString(),
                "--input",
                io.toString(),
                "--output",
                out.toString(),
                "--features");
        assertEquals(0, r.exit(), r.toString());
        StateDict expected = Safetensors.read(io);
        StateDict actual = Safetensors.read(out);
        for (String key : List.of("logits", "stage0", "stage1", "stage2", "cls_token")) {
            assertClose(expected.get(key), actual.get(key), key);
        }
    }

    @Test
    void convertOfficialToHfAndBack() throws Exception {
        Path hf = dir.resolve("hf.safetensors");
        CvtProcess.Result r = CvtProcess.run(
                "convert", "--model", TINY_SPEC, "--weights", TINY_PTH, "--to", "hf", "--output", hf.toString());
        assertEquals(0, r.exit(), r.toString());
        StateDict reference = Safetensors.read(ROOT.resolve("cvt-tiny/hf.safetensors"));
        StateDict converted = Safetensors.read(hf);
        assertEquals(List.copyOf(reference.keys()), List.copyOf(converted.keys()));
        for (String key : reference.keys()) {
            assertEquals(reference.get(key), converted.get(key), key);
        }
        Path pth = dir.resolve("back.pth");
        CvtProcess.Result back = CvtProcess.run(
                "convert",
                "--model",
                TINY_SPEC,
                "--weights",
                hf.toString(),
                "--to",
                "official",
                "--output",
                pth.toString());
        assertEquals(0, back.exit(), back.toString());
        StateDict original = Checkpoints.read(ROOT.resolve("cvt-tiny/official.pth"));
        StateDict roundTrip = Checkpoints.read(pth);
        assertEquals(List.copyOf(original.keys()), List.copyOf(roundTrip.keys()));
        for (String key : original.keys()) {
            assertEquals(original.get(key), roundTrip.get(key), key);
        }
    }

    @Test
    void wrongArchitectureFailsWithTheReport() throws Exception {
        CvtProcess.Result r = CvtProcess.run(
                "classify",
                "--model",
                "cvt-13",
                "--weights",
                TINY_PTH,
                ROOT.resolve("preprocess/tiny.png").toString());
        assertOneLineError(r, 1, TINY_PTH, "does not fit the model", "missing", "mismatched");
    }

    @Test
    void corruptCheckpointBadConfigAndBadFlags() throws Exception {
        Path truncated = dir.resolve("truncated.pth");
        byte[] bytes = Files.readAllBytes(Path.of(TINY_PTH));
        Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        assertOneLineError(
                CvtProcess.run(
                        "logits",
                        "--model",
                        TINY_SPEC,
                        "--weights",
                        truncated.toString(),
                        "--input",
                        ROOT.resolve("cvt-tiny/io.safetensors").toString(),
                        "--output",
                        dir.resolve("o.safetensors").toString()),
                1,
                truncated.toString());
        assertFalse(Files.exists(dir.resolve("o.safetensors")), "nothing written on failure");

        Path yaml = dir.resolve("bad.yaml");
        Files.writeString(
                yaml, Files.readString(Path.of(TINY_SPEC)).replace("NUM_HEADS: [1, 2, 3]", "NUM_HEADS: [1, 5, 3]"));
        assertOneLineError(
                CvtProcess.run("info", "--model", yaml.toString()), 1, "bad.yaml", "MODEL.SPEC.NUM_HEADS[1]");

        assertOneLineError(CvtProcess.run("info", "--model", "cvt-13", "--bogus"), 2, "--bogus");
        assertOneLineError(CvtProcess.run("info", "--model", "cvt-13", "--image-size", "0"), 2, "--image-size");
        assertOneLineError(
                CvtProcess.run(
                        "convert",
                        "--model",
                        TINY_SPEC,
                        "--weights",
                        TINY_PTH,
                        "--to",
                        "onnx",
                        "--output",
                        dir.resolve("x.safetensors").toString()),
                2,
                "onnx");
    }

    @Test
    void benchPrintsJsonLinesForInferenceTrainingAndSoak() throws Exception {
        CvtProcess.Result r = CvtProcess.run(
                "bench",
                "--model",
                TINY_SPEC,
                "--batch-size",
                "1,2",
                "--seconds",
                "0.2",
                "--threads",
                "1",
                "--train-batch-size",
                "12",
                "--soak",
                "20",
                "--json");
        assertEquals(0, r.exit(), r.toString());
        List<JsonNode> lines = new ArrayList<>();
        for (String line : r.out().lines().toList()) {
            lines.add(new ObjectMapper().readTree(line));
        }
        assertEquals(2 + 11 + 1, lines.size(), r.out());
        for (JsonNode n : lines) {
            assertEquals(64, n.get("size").asInt());
            assertEquals(InferenceEngine.DEFAULT.engineName(), n.get("engine").asText());
            assertEquals(1, n.get("threads").asInt());
            assertEquals(1, n.get("interop_threads").asInt());
            assertTrue(n.get("rss_mb").asDouble() > 0, n.toString());
            assertTrue(n.get("rss_peak_mb").asDouble() >= n.get("rss_mb").asDouble(), n.toString());
            assertTrue(n.get("heap_mb").asDouble() > 0, n.toString());
        }
        for (int i = 0; i < 2; i++) {
            assertTimed(lines.get(i), "infer", i + 1);
        }
        for (int i = 0; i < 11; i++) {
            JsonNode n = lines.get(2 + i);
            assertEquals("soak-infer", n.get("mode").asText());
            assertEquals(i == 0 ? 1 : 2 * i, n.get("iters").asInt());
        }
        assertTimed(lines.get(13), "train", 12); // more images than the tiny model's 10 classes
    }

    private static void assertTimed(JsonNode n, String mode, int batch) {
        assertEquals(mode, n.get("mode").asText());
        assertEquals(batch, n.get("batch").asInt());
        assertEquals(
                batch * 1000 / n.get("ms_median").asDouble(),
                n.get("images_per_s").asDouble(),
                1e-9);
        assertTrue(n.get("ms_p99").asDouble() >= n.get("ms_p90").asDouble(), n.toString());
        assertTrue(n.get("ms_p90").asDouble() >= n.get("ms_median").asDouble(), n.toString());
        assertTrue(n.get("iters").asInt() >= 3, n.toString());
    }

    @Test
    void benchPrintsATableWithTheSettings() throws Exception {
        CvtProcess.Result r = CvtProcess.run(
                "bench", "--model", TINY_SPEC, "--batch-size", "1", "--seconds", "0.1", "--threads", "1");
        assertEquals(0, r.exit(), r.toString());
        List<String> lines = r.out().lines().toList();
        assertEquals(3, lines.size(), r.out());
        assertTrue(
                lines.get(0).contains("engine=" + InferenceEngine.DEFAULT.engineName())
                        && lines.get(0).contains("threads=1"),
                lines.get(0));
        assertTrue(lines.get(1).startsWith("mode") && lines.get(1).contains("images/s"), lines.get(1));
        assertTrue(lines.get(2).matches("infer +1 +[0-9.]+ .*"), lines.get(2));
    }

    @Test
    void benchRejectsBadSettingsInOneLine() throws Exception {
        assertOneLineError(CvtProcess.run("bench", "--model", TINY_SPEC, "--batch-size", "0"), 2, "--batch-size");
        assertOneLineError(
                CvtProcess.run("bench", "--model", TINY_SPEC, "--train-batch-size", "-1"), 2, "--train-batch-size");
        assertOneLineError(CvtProcess.run("bench", "--model", TINY_SPEC, "--soak-train", "5"), 2, "--soak-train");
        assertOneLineError(CvtProcess.run("bench", "--model", TINY_SPEC, "--seconds", "x"), 2, "--seconds");
    }

    @Test
    void verboseAddsTheStackTrace() throws Exception {
        CvtProcess.Result r = CvtProcess.run(
                "classify",
                "--verbose",
                "--model",
                TINY_SPEC,
                "--weights",
                dir.resolve("none.pth").toString(),
                ROOT.resolve("preprocess/tiny.png").toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("\tat "), r.toString());
    }

    private static void assertClose(Tensor expected, Tensor actual, String key) {
        float[] e = expected.toFloatArray();
        float[] a = actual.toFloatArray();
        assertEquals(e.length, a.length, key);
        double maxRef = 0;
        double maxDiff = 0;
        for (int i = 0; i < e.length; i++) {
            maxRef = Math.max(maxRef, Math.abs(e[i]));
            maxDiff = Math.max(maxDiff, Math.abs(e[i] - a[i]));
        }
        assertTrue(maxDiff <= 1e-4 * Math.max(1, maxRef), key + ": " + maxDiff);
    }
}
