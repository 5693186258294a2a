package dev.cvt4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvt4j.checkpoint.Safetensors;
import dev.cvt4j.checkpoint.SafetensorsFile;
import dev.cvt4j.checkpoint.StateDict;
import dev.cvt4j.checkpoint.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cvt preprocess} against the torchvision 0.14 / Pillow 9.4 tensors in the preprocess fixtures. */
class PreprocessCliTest {
    private static final Path PREPROCESS = CvtProcess.fixtures().resolve("preprocess");
    private static final List<String> NAMES = List.of("landscape", "portrait", "gray", "rgba", "tiny");
    private static final double[] STD = {0.229, 0.224, 0.225};

    @TempDir
    Path dir;

    private static String image(String name) {
        return PREPROCESS
                .resolve(name.equals("landscape") ? "landscape.jpg" : name + ".png")
                .toString();
    }

    /** Asserts every value within one 8-bit level, {@code 1/255/std[c]}, and prints the max |diff|. */
    private static void assertWithinOneLevel(Tensor expected, Tensor actual, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what);
        float[] e = expected.toFloatArray();
        float[] a = actual.toFloatArray();
        int plane = e.length / 3;
        double max = 0;
        for (int i = 0; i < e.length; i++) {
            double diff = Math.abs(e[i] - a[i]);
            assertTrue(diff <= 1 / 255.0 / STD[i / plane] + 1e-6, what + "[" + i + "]: " + e[i] + " vs " + a[i]);
            max = Math.max(max, diff);
        }
        System.out.printf("preprocess %-28s max|diff| %.3e%n", what, max);
    }

    @Test
    void defaultSettingsMatchTorchvisionOnEveryFixture() throws Exception {
        Path out = dir.resolve("out.safetensors");
        List<String> args = new ArrayList<>(List.of("preprocess", "--output", out.toString()));
        NAMES.forEach(n -> args.add(image(n)));
        CvtProcess.Result r = CvtProcess.run(args.toArray(String[]::new));
        assertEquals(0, r.exit(), r.toString());
        StateDict expected = Safetensors.read(PREPROCESS.resolve("expected.safetensors"));
        SafetensorsFile written = Safetensors.readFile(out);
        assertEquals(NAMES, List.copyOf(written.stateDict().keys()));
        for (String name : NAMES) {
            assertWithinOneLevel(
                    expected.get(name + ".tensor"), written.stateDict().get(name), name);
            assertEquals(image(name), written.metadata().get("source." + name));
        }
        assertEquals("224x224", written.metadata().get("image_size"));
        assertEquals("3", written.metadata().get("interpolation"));
    }

    @Test
    void modelSettingsAndSizeAreApplied() throws Exception {
        Path crop = dir.resolve("crop384.safetensors");
        CvtProcess.Result r = CvtProcess.run(
                "preprocess",
                "--model",
                "cvt-13",
                "--image-size",
                "384",
                "--output",
                crop.toString(),
                image("landscape"));
        assertEquals(0, r.exit(), r.toString());
        assertWithinOneLevel(
                Safetensors.read(PREPROCESS.resolve("expected.safetensors")).get("landscape.tensor384"),
                Safetensors.read(crop).get("landscape"),
                "landscape@384");

        Path noCrop = dir.resolve("nocrop384.safetensors");
        CvtProcess.Result w24 =
                CvtProcess.run("preprocess", "--model", "cvt-w24", "--output", noCrop.toString(), image("landscape"));
        assertEquals(0, w24.exit(), w24.toString());
        assertWithinOneLevel(
                Safetensors.read(PREPROCESS.resolve("extras.safetensors")).get("landscape.tensor384_nocrop"),
                Safetensors.read(noCrop).get("landscape"),
                "landscape@384_nocrop");
    }

    @Test
    void unreadableImagesAreReportedAndTheOthersWritten() throws Exception {
        Path broken = dir.resolve("broken.jpg");
        Files.write(broken, new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0, 1, 2, 3});
        Path out = dir.resolve("out.safetensors");
        CvtProcess.Result r = CvtProcess.run(
                "preprocess",
                "--output",
                out.toString(),
                broken.toString(),
                image("tiny"),
                dir.resolve("absent.png").toString());
        assertEquals(1, r.exit(), r.toString());
        assertTrue(r.err().contains(broken.toString()) && r.err().contains("absent.png"), r.toString());
        assertFalse(r.err().contains("\tat "), r.toString());
        assertEquals(List.of("tiny"), List.copyOf(Safetensors.read(out).keys()));
    }

    @Test
    void duplicateStemsAreKeyedByPath() throws Exception {
        Path a = dir.resolve("a/x.png");
        Path b = dir.resolve("b/x.png");
        for (Path p : List.of(a, b)) {
            Files.createDirectories(p.getParent());
            Files.copy(Path.of(image("tiny")), p);
        }
        Path out = dir.resolve("out.safetensors");
        CvtProcess.Result r = CvtProcess.run(
                "preprocess",
                "--image-size",
                "32",
                "--output",
                out.toString(),
                a.toString(),
                b.toString(),
                image("gray"));
        assertEquals(0, r.exit(), r.toString());
        StateDict written = Safetensors.read(out);
        assertEquals(List.of(a.toString(), b.toString(), "gray"), List.copyOf(written.keys()));
        assertArrayEquals(new long[] {3, 32, 32}, written.get("gray").shape());
        assertEquals(written.get(a.toString()), written.get(b.toString()));
    }

    @Test
    void sameImageTwiceIsAUsageError() throws Exception {
        Path out = dir.resolve("out.safetensors");
        CvtProcess.Result r = CvtProcess.run("preprocess", "--output", out.toString(), image("tiny"), image("tiny"));
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("given twice"), r.toString());
        assertFalse(Files.exists(out));
    }
}
