package dev.cvt4j.train.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The procedural shapes task: determinism, labels, folder layout. */
class ShapesDatasetTest {
    @TempDir
    Path dir;

    @Test
    void classesAreTheFirstShapesSortedByName() {
        ShapesDataset d = new ShapesDataset(10, 3, 32, 0, "train");
        assertEquals(
                List.of(
                        "arrow",
                        "circle",
                        "cross",
                        "diamond",
                        "ellipse",
                        "hexagon",
                        "ring",
                        "square",
                        "star",
                        "triangle"),
                d.classes());
        assertEquals(30, d.size());
        assertEquals(0, d.label(2));
        assertEquals(9, d.label(29));
    }

    @Test
    void imagesArePureFunctionsOfSeedSplitAndIndex() {
        ShapesDataset a = new ShapesDataset(4, 5, 40, 7, "train");
        assertEquals(a.image(13), new ShapesDataset(4, 5, 40, 7, "train").image(13));
        assertNotEquals(a.image(13), new ShapesDataset(4, 5, 40, 8, "train").image(13));
        assertNotEquals(a.image(13), new ShapesDataset(4, 5, 40, 7, "val").image(13));
        assertNotEquals(a.image(13), a.image(12));
        assertEquals(40, a.image(0).width());
    }

    @Test
    void writtenFoldersAreByteIdenticalForAnyThreadCount() throws IOException {
        ShapesDataset d = new ShapesDataset(3, 4, 32, 1, "train");
        d.write(dir.resolve("one"), 1);
        d.write(dir.resolve("three"), 3);
        List<Path> files = list(dir.resolve("one"));
        assertEquals(12, files.size());
        assertEquals(files, list(dir.resolve("three")));
        for (Path f : files) {
            assertArrayEquals(
                    Files.readAllBytes(dir.resolve("one").resolve(f)),
                    Files.readAllBytes(dir.resolve("three").resolve(f)),
                    f.toString());
        }
        assertEquals(Path.of("circle", "00000.png"), files.get(0));
        assertEquals(Path.of("triangle", "00003.png"), files.get(11));
    }

    @Test
    void imageFolderReadsBackTheSameSamplesInTheSameOrder() {
        ShapesDataset d = new ShapesDataset(3, 2, 24, 5, "val");
        d.write(dir, 2);
        ImageFolderDataset folder = ImageFolderDataset.open(dir);
        assertEquals(d.classes(), folder.classes());
        for (int i = 0; i < d.size(); i++) {
            assertEquals(d.label(i), folder.label(i));
            assertEquals(d.image(i), folder.image(i), "sample " + i);
        }
    }

    @Test
    void outOfRangeArgumentsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ShapesDataset(13, 1, 32, 0, "train"));
        assertThrows(IllegalArgumentException.class, () -> new ShapesDataset(2, 1, 8, 0, "train"));
        assertThrows(IndexOutOfBoundsException.class, () -> new ShapesDataset(2, 1, 32, 0, "train").image(2));
    }

    private static List<Path> list(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).map(root::relativize).sorted().toList();
        }
    }
}
