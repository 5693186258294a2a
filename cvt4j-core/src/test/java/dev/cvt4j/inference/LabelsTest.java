package dev.cvt4j.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvt4j.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Class names: ImageNet's, {@code class_<i>}, or a label file. */
class LabelsTest {
    @TempDir
    Path dir;

    @Test
    void imagenetForAThousandClassesElseIndices() {
        assertEquals("tench", Labels.forClasses(1000).get(0));
        assertEquals(List.of("class_0", "class_1", "class_2"), Labels.forClasses(3));
    }

    @Test
    void aLabelFileGivesOneNamePerLineIgnoringTrailingBlankLines() throws IOException {
        Path file = Files.writeString(dir.resolve("labels.txt"), "circle\nsquare\ntriangle\n\n");
        assertEquals(List.of("circle", "square", "triangle"), Labels.read(file, 3));
    }

    @Test
    void aLabelFileOfAnotherCountOrMissingIsAnErrorNamingTheFile() throws IOException {
        Path file = Files.writeString(dir.resolve("labels.txt"), "circle\nsquare\n");
        ConfigException wrong = assertThrows(ConfigException.class, () -> Labels.read(file, 3));
        assertEquals(
                file + ": 2 labels for a model of 3 classes (one name per line, in class-index order)",
                wrong.getMessage());
        Path missing = dir.resolve("missing.txt");
        ConfigException absent = assertThrows(ConfigException.class, () -> Labels.read(missing, 3));
        assertTrue(absent.getMessage().startsWith(missing + ": cannot read the labels"), absent.getMessage());
    }
}
