package dev.cvt4j.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ReaL label files: reading, matching images by validation number, and every way they can be wrong. */
class RealLabelsTest {
    @TempDir
    Path dir;

    private Path json(String text) throws IOException {
        return Files.writeString(dir.resolve("real.json"), text);
    }

    private static ImageFolderListing.Sample sample(String name) {
        return new ImageFolderListing.Sample(Path.of("val", "n01440764", name), 0);
    }

    @Test
    void setsAreMatchedByTheValidationNumberInTheFileName() throws IOException {
        RealLabels real = RealLabels.read(json("[[0], [], [3, 1],\n [2]]"));
        assertEquals(4, real.size());
        ImageFolderListing.Sample third = sample("ILSVRC2012_val_00000003.JPEG");
        ImageFolderListing.Sample second = sample("ILSVRC2012_val_00000002.png");
        Map<ImageFolderListing.Sample, int[]> sets = real.labelsOf(List.of(third, second), 4);
        assertArrayEquals(new int[] {3, 1}, sets.get(third));
        assertArrayEquals(new int[] {}, sets.get(second));
    }

    @Test
    void aFileNameWithoutValidationNumberIsAnErrorNamingTheImage() throws IOException {
        RealLabels real = RealLabels.read(json("[[0]]"));
        for (String name : List.of("photo.jpg", "ILSVRC2012_val_00000000.JPEG", "ILSVRC2012_val_123.JPEG")) {
            DatasetException e = assertThrows(DatasetException.class, () -> real.labelsOf(List.of(sample(name)), 10));
            assertEquals(
                    sample(name).file() + ": no validation number in the file name (--real-labels matches images"
                            + " by their name, ILSVRC2012_val_00000001 to ILSVRC2012_val_00050000)",
                    e.getMessage());
        }
    }

    @Test
    void anImageBeyondTheFileIsAnErrorNamingTheFile() throws IOException {
        Path file = json("[[0], [1]]");
        DatasetException e = assertThrows(
                DatasetException.class,
                () -> RealLabels.read(file).labelsOf(List.of(sample("ILSVRC2012_val_00000003.JPEG")), 10));
        assertEquals(
                file + ": holds 2 label sets, none for image 3 (ILSVRC2012_val_00000003.JPEG); the ImageNet"
                        + " validation set has 50,000",
                e.getMessage());
    }

    @Test
    void aClassOutsideTheModelIsAnError() throws IOException {
        Path file = json("[[0], [12]]");
        DatasetException e = assertThrows(
                DatasetException.class,
                () -> RealLabels.read(file).labelsOf(List.of(sample("ILSVRC2012_val_00000001.JPEG")), 10));
        assertEquals(file + ": class index 12 is outside the model's 10 classes", e.getMessage());
    }

    @Test
    void aFileThatIsNotJsonOrNotListsOfIndicesIsAnError() throws IOException {
        Path file = dir.resolve("real.json");
        DatasetException truncated = assertThrows(DatasetException.class, () -> RealLabels.read(json("[[0], [1")));
        assertTrue(truncated.getMessage().startsWith(file + ": not JSON ("), truncated.getMessage());
        assertTrue(truncated.getMessage().lines().count() == 1, truncated.getMessage());
        DatasetException text = assertThrows(DatasetException.class, () -> RealLabels.read(json("tench\n")));
        assertTrue(text.getMessage().startsWith(file + ": not JSON ("), text.getMessage());
        String shape = " (ReaL labels: a JSON list of lists of class indices)";
        assertEquals(
                file + ": the top level is not a list" + shape,
                assertThrows(DatasetException.class, () -> RealLabels.read(json("{\"a\": 1}")))
                        .getMessage());
        assertEquals(
                file + ": entry 2 is not a list" + shape,
                assertThrows(DatasetException.class, () -> RealLabels.read(json("[[0], 1]")))
                        .getMessage());
        assertEquals(
                file + ": entry 1 holds -1, not a class index" + shape,
                assertThrows(DatasetException.class, () -> RealLabels.read(json("[[-1]]")))
                        .getMessage());
        assertEquals(
                file + ": entry 1 holds 1.5, not a class index" + shape,
                assertThrows(DatasetException.class, () -> RealLabels.read(json("[[1.5]]")))
                        .getMessage());
        assertEquals(
                file + ": text after the list" + shape,
                assertThrows(DatasetException.class, () -> RealLabels.read(json("[[1]] [[2]]")))
                        .getMessage());
        Path missing = dir.resolve("absent.json");
        DatasetException absent = assertThrows(DatasetException.class, () -> RealLabels.read(missing));
        assertTrue(absent.getMessage().startsWith(missing + ": cannot read the ReaL labels"), absent.getMessage());
    }
}
