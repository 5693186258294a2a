package dev.cvt4j.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvt4j.config.ConfigException;
import dev.cvt4j.inference.Labels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Folder names to model class indices: sorted position, WordNet ids, class numbers, map files. */
class ClassMapTest {
    private static final List<String> WNIDS = Labels.imagenet1kWordNetIds();

    @TempDir
    Path dir;

    /** A tree with these folders (sorted as {@link ImageFolderListing#scan} sorts them), no files needed. */
    private ImageFolderListing tree(String... folders) {
        return new ImageFolderListing(
                dir,
                List.of(folders).stream()
                        .sorted(ImageFolderListing.CODE_POINT_ORDER)
                        .toList(),
                List.of());
    }

    @Test
    void theShippedWordNetIdsAreTheImagenetClassesInIndexOrder() {
        assertEquals(1000, WNIDS.size());
        assertEquals("n01440764", WNIDS.get(0));
        assertEquals("n15075141", WNIDS.get(999));
        assertEquals(WNIDS.stream().sorted().toList(), WNIDS, "the standard indices are the sorted ids");
    }

    @Test
    void imagenetMapGivesTheIndexOfEachWordNetId() {
        ImageFolderListing subset = tree(WNIDS.get(999), WNIDS.get(7), WNIDS.get(300));
        assertArrayEquals(new int[] {7, 300, 999}, ClassMap.imagenet1k().indices(subset, 1000));
        assertEquals("imagenet-1k", ClassMap.parse("imagenet-1k").description());
    }

    @Test
    void numericMapReadsFolderNamesAsIndices() {
        ImageFolderListing v2 = tree("2", "10", "100");
        assertEquals(List.of("10", "100", "2"), v2.classes(), "sorted as strings");
        assertArrayEquals(new int[] {10, 100, 2}, ClassMap.parse("numeric").indices(v2, 1000));
        for (String bad : List.of("01", "x", "1000")) {
            DatasetException e = assertThrows(
                    DatasetException.class, () -> ClassMap.numeric().indices(tree("2", bad), 1000));
            assertEquals(
                    dir + ": folder " + bad + " is not a class number from 0 to 999 (--class-map numeric reads"
                            + " folder names as class indices)",
                    e.getMessage());
        }
    }

    @Test
    void aMapFileGivesLineNumbers() throws IOException {
        Path file = Files.writeString(dir.resolve("classes.txt"), "circle\r\nsquare \ntriangle\n\n");
        ClassMap map = ClassMap.parse(file.toString());
        assertEquals(file.toString(), map.description());
        assertArrayEquals(new int[] {0, 2}, map.indices(tree("triangle", "circle"), 3));
        DatasetException unknown = assertThrows(DatasetException.class, () -> map.indices(tree("circle", "star"), 3));
        assertEquals(dir + ": folder star is not in the class map " + file, unknown.getMessage());
        ConfigException count = assertThrows(ConfigException.class, () -> map.indices(tree("circle"), 4));
        assertTrue(count.getMessage().startsWith(file + ": 3 labels for a model of 4 classes"), count.getMessage());
    }

    @Test
    void aMapFileNamingAClassTwiceIsAnError() throws IOException {
        Path file = Files.writeString(dir.resolve("classes.txt"), "circle\nsquare\ncircle\n");
        DatasetException e =
                assertThrows(DatasetException.class, () -> ClassMap.names(file).indices(tree("circle"), 3));
        assertEquals(file + ": circle is on lines 1 and 3", e.getMessage());
    }

    @Test
    void theImagenetMapNeedsAThousandClassModel() {
        DatasetException e =
                assertThrows(DatasetException.class, () -> ClassMap.imagenet1k().indices(tree(WNIDS.get(0)), 10));
        assertEquals(
                "imagenet-1k: the map holds 1000 classes, but the model has 10 (MODEL.NUM_CLASSES)", e.getMessage());
    }

    @Test
    void sortedPositionNeedsOneFolderPerClass() {
        assertArrayEquals(new int[] {0, 1, 2}, ClassMap.sortedPosition().indices(tree("c", "a", "b"), 3));
        DatasetException e = assertThrows(
                DatasetException.class, () -> ClassMap.sortedPosition().indices(tree("a", "b"), 3));
        assertTrue(e.getMessage().contains("2 class folders, but the model has 3 classes"), e.getMessage());
    }

    @Test
    void sortedPositionWarnsWhenFolderNamesSayOtherClasses() {
        assertEquals(
                Optional.of("the class folders are listed by sorted position, so folder 10 is class 0, not class"
                        + " number 10: use --class-map numeric to map folders by name"),
                ClassMap.sortedPositionWarning(tree("2", "10", "100"), 1000));
        assertEquals(
                Optional.of("the class folders are listed by sorted position, so folder " + WNIDS.get(7)
                        + " is class 0, not ImageNet-1k class 7: use --class-map imagenet-1k to map folders by name"),
                ClassMap.sortedPositionWarning(tree(WNIDS.get(7), WNIDS.get(300)), 1000));
        assertEquals(
                Optional.of("the class folders are listed by sorted position, so folder n00000001 is class 0,"
                        + " not a WordNet id outside ImageNet-1k: use --class-map imagenet-1k to map folders by name"),
                ClassMap.sortedPositionWarning(tree("n00000001"), 1000));
    }

    @Test
    void noWarningWhereSortedPositionIsRight() {
        assertEquals(
                Optional.empty(),
                ClassMap.sortedPositionWarning(tree(WNIDS.toArray(String[]::new)), 1000),
                "the ImageNet-1k validation folders");
        assertEquals(Optional.empty(), ClassMap.sortedPositionWarning(tree("0", "1", "2"), 3));
        assertEquals(
                Optional.empty(),
                ClassMap.sortedPositionWarning(tree(WNIDS.get(7), WNIDS.get(300)), 2),
                "a model trained on these folders");
        assertEquals(Optional.empty(), ClassMap.sortedPositionWarning(tree("10", "2", "cat"), 3));
    }
}
