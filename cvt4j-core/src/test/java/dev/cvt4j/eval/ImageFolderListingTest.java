package dev.cvt4j.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Listing order and failures of {@link ImageFolderListing}, checked against torchvision 0.14's rules. */
class ImageFolderListingTest {
    @TempDir
    Path root;

    private void touch(String... relative) throws IOException {
        for (String r : relative) {
            Path file = root.resolve(r);
            Files.createDirectories(file.getParent());
            Files.write(file, new byte[] {1});
        }
    }

    private List<String> relativeFiles(ImageFolderListing data) {
        return data.samples().stream()
                .map(s -> root.relativize(s.file()).toString())
                .toList();
    }

    @Test
    void classesAndFilesAreSortedLikeTorchvision() throws IOException {
        touch(
                "b/z.png",
                "b/a.JPG",
                "b/sub/c.jpeg",
                "b/sub-x/d.webp",
                "b/sub/deep/e.png",
                "b/notes.txt",
                "b/anim.gif",
                "a/x.Tiff",
                "a/y.ppm",
                "a/q.pgm",
                "a/r.bmp",
                "a/s.tif",
                "Z/k.png",
                "_u/m.png",
                ".hidden/h.png");
        Files.write(root.resolve("top-level.png"), new byte[] {1});
        ImageFolderListing data = ImageFolderListing.scan(root);
        // Python's sorted(): '.' (0x2E) < 'Z' (0x5A) < '_' (0x5F) < 'a' < 'b'; top-level files are not classes.
        assertEquals(List.of(".hidden", "Z", "_u", "a", "b"), data.classes());
        // Per class: sorted(os.walk()) orders folders by path string ("b" < "b/sub" < "b/sub-x" < "b/sub/deep",
        // since '-' < '/'), then files by name;
        // .txt and .gif are not in IMG_EXTENSIONS, extensions match in any case.
        assertEquals(
                List.of(
                        ".hidden/h.png",
                        "Z/k.png",
                        "_u/m.png",
                        "a/q.pgm",
                        "a/r.bmp",
                        "a/s.tif",
                        "a/x.Tiff",
                        "a/y.ppm",
                        "b/a.JPG",
                        "b/z.png",
                        "b/sub/c.jpeg",
                        "b/sub-x/d.webp",
                        "b/sub/deep/e.png"),
                relativeFiles(data));
        assertEquals(
                List.of(0, 1, 2, 3, 3, 3, 3, 3, 4, 4, 4, 4, 4),
                data.samples().stream().map(ImageFolderListing.Sample::target).toList());
    }

    @Test
    void stringOrderIsByCodePointAsInPython() {
        // U+FB01 (a BMP character above the surrogates) sorts before U+1F600 in Python; String.compareTo says the
        // opposite.
        String ligature = "\uFB01";
        String emoji = new String(Character.toChars(0x1F600));
        assertTrue(ligature.compareTo(emoji) > 0);
        assertTrue(ImageFolderListing.CODE_POINT_ORDER.compare(ligature, emoji) < 0);
        assertTrue(ImageFolderListing.CODE_POINT_ORDER.compare("n01", "n01a") < 0);
        assertEquals(0, ImageFolderListing.CODE_POINT_ORDER.compare("n02", "n02"));
        assertTrue(ImageFolderListing.CODE_POINT_ORDER.compare("B", "a") < 0);
    }

    @Test
    void missingFolderFails() {
        DatasetException e =
                assertThrows(DatasetException.class, () -> ImageFolderListing.scan(root.resolve("absent")));
        assertEquals(root.resolve("absent") + ": no such directory", e.getMessage());
    }

    @Test
    void fileInsteadOfFolderFails() throws IOException {
        touch("file.png");
        DatasetException e =
                assertThrows(DatasetException.class, () -> ImageFolderListing.scan(root.resolve("file.png")));
        assertEquals("not a directory", e.reason());
    }

    @Test
    void treeWithoutClassFoldersFails() throws IOException {
        Files.write(root.resolve("loose.jpg"), new byte[] {1});
        DatasetException e = assertThrows(DatasetException.class, () -> ImageFolderListing.scan(root));
        assertTrue(e.getMessage().startsWith(root + ": no class folders"), e.getMessage());
    }

    @Test
    void classFolderWithoutImagesFails() throws IOException {
        touch("cat/a.png", "dog/readme.txt");
        Files.createDirectories(root.resolve("emu"));
        DatasetException e = assertThrows(DatasetException.class, () -> ImageFolderListing.scan(root));
        assertTrue(e.reason().startsWith("no images in 2 of 3 class folders (dog, emu)"), e.getMessage());
    }

    @Test
    void classCountMustMatchTheModel() throws IOException {
        touch("a/1.png", "b/1.png", "c/1.png");
        ImageFolderListing data = ImageFolderListing.scan(root);
        data.requireClasses(3);
        DatasetException e = assertThrows(DatasetException.class, () -> data.requireClasses(10));
        assertTrue(e.reason().startsWith("3 class folders, but the model has 10 classes"), e.getMessage());
    }

    @Test
    void evenlySpacedSubsetCoversEveryClass() {
        List<ImageFolderListing.Sample> samples = new ArrayList<>();
        IntStream.range(0, 20)
                .forEach(i -> samples.add(new ImageFolderListing.Sample(root.resolve(i + ".png"), i / 5)));
        ImageFolderListing data = new ImageFolderListing(root, List.of("a", "b", "c", "d"), samples);
        ImageFolderListing four = data.evenlySpaced(4);
        assertEquals(
                List.of(0, 1, 2, 3),
                four.samples().stream().map(ImageFolderListing.Sample::target).toList());
        assertEquals(
                List.of(samples.get(0), samples.get(6), samples.get(13)),
                data.evenlySpaced(3).samples());
        assertSame(data, data.evenlySpaced(20));
        assertThrows(IllegalArgumentException.class, () -> data.evenlySpaced(0));
    }
}
