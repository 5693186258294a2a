package dev.cvt4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cvt4j.Parity;
import dev.cvt4j.checkpoint.Safetensors;
import dev.cvt4j.checkpoint.StateDict;
import dev.cvt4j.checkpoint.Tensor;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cvt export} and {@code --engine onnxruntime}, through the packaged jar. */
class OnnxCliTest {
    @TempDir
    Path dir;

    private static final Path ROOT = CvtProcess.fixtures();
    private static final String TINY_SPEC = ROOT.resolve("cvt-tiny/spec.yaml").toString();
    private static final Path TINY_PTH = ROOT.resolve("cvt-tiny/official.pth");
    private static final Path IO = ROOT.resolve("cvt-tiny/io.safetensors");

    private static void assertOneLineError(CvtProcess.Result r, String fragment) {
        assertEquals(1, r.exit(), r.toString());
        assertEquals(1, r.err().lines().count(), r.toString());
        assertTrue(r.err().contains(fragment), "stderr should contain '" + fragment + "':\n" + r);
    }

    @Test
    void theExportedFileRunsInAPlainSessionAndGivesTheLogitsOfCvtLogits() throws Exception {
        Path model = dir.resolve("tiny.onnx");
        Path labels = dir.resolve("labels.txt");
        Files.write(labels, List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j"));
        CvtProcess.Result r = CvtProcess.run(
                "export",
                "--model",
                TINY_SPEC,
                "--weights",
                TINY_PTH.toString(),
                "--output",
                model.toString(),
                "--features",
                "--labels",
                labels.toString());
        assertEquals(0, r.exit(), r.toString());
        Path logits = dir.resolve("logits.safetensors");
        r = CvtProcess.run(
                "logits",
                "--model",
                TINY_SPEC,
                "--weights",
                TINY_PTH.toString(),
                "--input",
                IO.toString(),
                "--output",
                logits.toString());
        assertEquals(0, r.exit(), r.toString());
        Tensor cvtLogits = Safetensors.read(logits).get("logits");
        StateDict io = Safetensors.read(IO);
        Tensor input = io.get("input");

        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
                OrtSession session = env.createSession(model.toString(), options);
                OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(input.toFloatArray()), input.shape());
                OrtSession.Result out = session.run(Map.of("images", x))) {
            assertEquals(
                    Set.of("logits", "stage0", "stage1", "stage2", "cls_token", "embedding"), session.getOutputNames());
            Parity.assertClose("exported logits vs cvt logits", cvtLogits, tensor(out, "logits"));
            for (String key : List.of("logits", "stage0", "stage1", "stage2", "cls_token")) {
                Parity.assertClose("exported " + key + " vs official", io.get(key), tensor(out, key));
            }
            assertArrayEquals(new long[] {2, 96}, tensor(out, "embedding").shape());
            Map<String, String> meta = session.getMetadata().getCustomMetadata();
            assertEquals(TINY_SPEC, meta.get("model"));
            assertEquals("64", meta.get("image_width"));
            assertEquals("64", meta.get("image_height"));
            assertEquals("73", meta.get("resize_shorter_side"));
            assertEquals("true", meta.get("center_crop"));
            assertEquals("bilinear", meta.get("interpolation")); // the official TEST.INTERPOLATION default, 2
            assertEquals("0.485,0.456,0.406", meta.get("mean"));
            assertEquals("0.229,0.224,0.225", meta.get("std"));
            assertEquals("10", meta.get("num_classes"));
            assertEquals("labels.txt", meta.get("labels"));
            assertEquals("official.pth", meta.get("checkpoint"));
            assertEquals(
                    HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(TINY_PTH))),
                    meta.get("checkpoint_sha256"));
            JsonNode config = new ObjectMapper().readTree(meta.get("config"));
            assertEquals(3, config.get("stages").size());
            assertTrue(meta.containsKey("cvt4j_version") && meta.containsKey("resize"), meta.toString());
        }
    }

    private static Tensor tensor(OrtSession.Result out, String name) throws Exception {
        OnnxTensor t = (OnnxTensor) out.get(name).orElseThrow();
        FloatBuffer b = t.getFloatBuffer();
        float[] values = new float[b.remaining()];
        b.get(values);
        return Tensor.ofFloats(t.getInfo().getShape(), values);
    }

    @Test
    void exportNeverLeavesAHalfWrittenFile() throws Exception {
        Path model = dir.resolve("kept.onnx");
        Files.writeString(model, "old");
        CvtProcess.Result r = CvtProcess.run(
                "export", "--model", "cvt-13", "--weights", TINY_PTH.toString(), "--output", model.toString());
        assertOneLineError(r, TINY_PTH + ": does not fit the model: ");
        assertEquals("old", Files.readString(model));
        r = CvtProcess.run(
                "export",
                "--model",
                TINY_SPEC,
                "--weights",
                TINY_PTH.toString(),
                "--output",
                dir.resolve("missing/dir/tiny.onnx").toString());
        assertOneLineError(r, "does not exist");
        try (var files = Files.list(dir)) {
            assertEquals(List.of(model), files.toList());
        }
    }

    @Test
    void theOnnxRuntimeEngineMatchesTheOfficialOutputsAndFailsLikePyTorch() throws Exception {
        Path out = dir.resolve("out.safetensors");
        CvtProcess.Result r = CvtProcess.run(
                "logits",
                "--engine",
                "onnxruntime",
                "--model",
                TINY_SPEC,
                "--weights",
                ROOT.resolve("cvt-tiny/hf.safetensors").toString(),
                "--input",
                IO.toString(),
                "--output",
                out.toString(),
                "--features");
        assertEquals(0, r.exit(), r.toString());
        StateDict expected = Safetensors.read(IO);
        StateDict actual = Safetensors.read(out);
        for (String key : List.of("logits", "stage0", "stage1", "stage2", "cls_token")) {
            Parity.assertClose("cvt logits --engine onnxruntime " + key, expected.get(key), actual.get(key));
        }
        String image = ROOT.resolve("preprocess/tiny.png").toString();
        CvtProcess.Result torch = CvtProcess.run(
                "classify",
                "--model",
                TINY_SPEC,
                "--weights",
                TINY_PTH.toString(),
                "--engine",
                "pytorch",
                "--top",
                "3",
                image);
        CvtProcess.Result ort = CvtProcess.run(
                "classify",
                "--model",
                TINY_SPEC,
                "--weights",
                TINY_PTH.toString(),
                "--engine",
                "onnxruntime",
                "--top",
                "3",
                image);
        assertEquals(0, ort.exit(), ort.toString());
        assertEquals(torch.out(), ort.out());

        CvtProcess.Result usage = CvtProcess.run(
                "classify", "--engine", "tensorflow", "--model", TINY_SPEC, "--weights", TINY_PTH.toString(), image);
        assertEquals(2, usage.exit(), usage.toString());
        assertTrue(
                usage.err()
                        .startsWith("cvt: Invalid value for option '--engine': unknown engine 'tensorflow'"
                                + " (expected one of pytorch, onnxruntime)"),
                usage.toString());
        CvtProcess.Result misfitTorch = CvtProcess.run(
                "classify", "--engine", "pytorch", "--model", "cvt-13", "--weights", TINY_PTH.toString(), image);
        CvtProcess.Result misfitOrt = CvtProcess.run(
                "classify", "--engine", "onnxruntime", "--model", "cvt-13", "--weights", TINY_PTH.toString(), image);
        assertOneLineError(misfitOrt, TINY_PTH + ": does not fit the model: ");
        assertEquals(misfitTorch.err(), misfitOrt.err());
    }

    @Test
    void benchNamesTheOnnxRuntimeEngine() throws Exception {
        CvtProcess.Result r = CvtProcess.run(
                "bench",
                "--engine",
                "onnxruntime",
                "--model",
                TINY_SPEC,
                "--batch-size",
                "1,2",
                "--seconds",
                "0.2",
                "--threads",
                "1",
                "--soak",
                "4",
                "--json");
        assertEquals(0, r.exit(), r.toString());
        List<String> lines = r.out().lines().toList();
        assertEquals(2 + 4, lines.size(), r.out()); // two batch sizes, then the soak read after each of 4 runs
        for (String line : lines) {
            JsonNode n = new ObjectMapper().readTree(line);
            assertEquals("onnxruntime", n.get("engine").asText());
            assertEquals("1.29.0", n.get("engine_version").asText());
            assertEquals(1, n.get("threads").asInt());
            assertEquals(1, n.get("interop_threads").asInt());
            assertEquals("0", n.get("ort_spinning").asText());
        }
        assertFalse(r.err().contains("\tat "), r.toString());
    }
}
