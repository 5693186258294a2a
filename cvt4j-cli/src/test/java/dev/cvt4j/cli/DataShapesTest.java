package dev.cvt4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cvt data shapes} as a user runs it. */
class DataShapesTest {
    @TempDir
    Path dir;

    private static List<Path> files(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).map(root::relativize).sorted().toList();
        }
    }

    @Test
    void writesAnImageFolderTreeWithTheSameBytesEveryRun() throws Exception {
        CvtProcess.Result first = shapes(dir.resolve("a"), 1);
        assertEquals(0, first.exit(), first.toString());
        assertTrue(
                first.out()
                        .contains("wrote 12 training and 6 validation images of 3 classes (circle, square,"
                                + " triangle)"),
                first.out());
        List<Path> files = files(dir.resolve("a"));
        assertEquals(18, files.size());
        assertTrue(files.contains(Path.of("train", "circle", "00003.png")), files.toString());
        assertTrue(files.contains(Path.of("val", "triangle", "00001.png")), files.toString());
        CvtProcess.Result second = shapes(dir.resolve("b"), 3);
        assertEquals(0, second.exit(), second.toString());
        assertEquals(files, files(dir.resolve("b")));
        for (Path f : files) {
            assertArrayEquals(
                    Files.readAllBytes(dir.resolve("a").resolve(f)),
                    Files.readAllBytes(dir.resolve("b").resolve(f)),
                    f.toString());
        }
    }

    @Test
    void refusesANonEmptyOutput() throws Exception {
        Files.createDirectories(dir.resolve("train/old"));
        CvtProcess.Result r =
                CvtProcess.run("data", "shapes", "--output", dir.toString(), "--train", "1", "--val", "1");
        assertEquals(1, r.exit(), r.toString());
        assertTrue(r.err().contains(dir.resolve("train") + ": already exists and is not empty"), r.toString());
        assertFalse(r.err().contains("\tat "), r.toString());
    }

    @Test
    void tooManyClassesIsAUsageError() throws Exception {
        CvtProcess.Result r = CvtProcess.run("data", "shapes", "--output", dir.toString(), "--classes", "13");
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("--classes must be 2..12"), r.toString());
    }

    private static CvtProcess.Result shapes(Path output, int workers) throws IOException, InterruptedException {
        return CvtProcess.run(
                "data",
                "shapes",
                "--output",
                output.toString(),
                "--workers",
                String.valueOf(workers),
                "--classes",
                "3",
                "--train",
                "4",
                "--val",
                "2",
                "--image-size",
                "32",
                "--seed",
                "5");
    }
}
