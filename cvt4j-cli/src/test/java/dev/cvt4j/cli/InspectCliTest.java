package dev.cvt4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cvt inspect} on the official and HuggingFace fixture files (a cvt4j training checkpoint is
 * inspected in {@link TrainCliTest}).
 */
class InspectCliTest {
    private static final Path FIXTURES = CvtProcess.fixtures();
    private static final String TINY = "3 stages, DIM_EMBED [24, 48, 96], DEPTH [1, 1, 2], PATCH_SIZE [7, 3, 3],"
            + " CLS_TOKEN [false, false, true], NUM_CLASSES 10; no preset";

    @TempDir
    Path dir;

    private static List<String> inspect(Path file) throws Exception {
        CvtProcess.Result r = CvtProcess.run("inspect", file.toString());
        assertEquals(0, r.exit(), r.toString());
        return r.out().lines().toList();
    }

    @Test
    void officialAndHuggingFaceFilesOfOneModelReadAlike() throws Exception {
        Path tiny = FIXTURES.resolve("cvt-tiny");
        for (String[] c : new String[][] {
            {"official.pth", "torch", "official"},
            {"hf.safetensors", "safetensors", "huggingface"},
            {"hf_pytorch_model.bin", "torch", "huggingface"}
        }) {
            List<String> lines = inspect(tiny.resolve(c[0]));
            assertEquals("format:      " + c[1], lines.get(1), c[0]);
            assertEquals("layout:      " + c[2], lines.get(2), c[0]);
            assertTrue(lines.get(5).startsWith("model:       " + TINY), lines.toString());
            assertTrue(lines.get(4).matches("parameters:  [0-9,]+"), lines.toString());
        }
        assertEquals(
                inspect(tiny.resolve("official.pth")).subList(3, 6),
                inspect(tiny.resolve("hf.safetensors")).subList(3, 6),
                "same tensors, parameters, model");
    }

    @Test
    void theOfficialCvt13WeightsFitTheCvt13Preset() throws Exception {
        List<String> lines = inspect(FIXTURES.resolve("cvt-13").resolve("official.pth"));
        assertTrue(lines.get(5).endsWith("; fits --model cvt-13"), lines.toString());
        assertEquals("parameters:  19,997,480", lines.get(4), "CvT-13: 20.0M (paper table 2)");
    }

    @Test
    void aFileThatIsNoCheckpointFailsWithOneLine() throws Exception {
        Path bad = dir.resolve("bad.pth");
        Files.writeString(bad, "not a checkpoint");
        CvtProcess.Result r = CvtProcess.run("inspect", bad.toString());
        assertEquals(1, r.exit(), r.toString());
        assertTrue(r.err().startsWith("cvt: " + bad), r.toString());
        assertEquals(1, r.err().lines().count(), r.toString());
    }
}
