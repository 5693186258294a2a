package dev.cvt4j.train.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvt4j.image.ImageDecodeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** torchvision's ImageFolder: class and file order, extensions, errors. */
class ImageFolderTest {
    @TempDir
    Path root;

    private Path touch(String relative) throws IOException {
        Path p = root.resolve(relative);
        Files.createDirectories(p.getParent());
        return Files.write(p, new byte[] {1});
    }

    @Test
    void classesAndFilesInTorchvisionOrder() throws IOException {
        touch("dog/b.png");
        touch("dog/a.JPG");
        touch("dog/sub/c.webp");
        touch("dog/sub dir/d.jpeg");
        touch("dog/sub/deeper/e.png");
        touch("dog/notes.txt");
        touch("Cat/x.Png");
        touch("bird/y.bmp");
        touch("bird/z.tiff");
        ImageFolder folder = ImageFolder.open(root);
        assertEquals(List.of("Cat", "bird", "dog"), folder.classes());
        List<String> names = folder.samples().stream().map(s -> root.relativize(s.path()).toString()).toList();
        // sorted(os.walk()) orders folders as path strings: "dog/sub" < "dog/sub dir" < "dog/sub/deeper"
        // (' ' sorts before '/'), which is not depth-first
        assertEquals(List.of("Cat/x.Png", "bird/y.bmp", "bird/z.tiff", "dog/a.JPG", "dog/b.png", "dog/sub/c.webp",
                "dog/sub dir/d.jpeg", "dog/sub/deeper/e.png"), names);
        assertEquals(List.of(0, 1, 1, 2, 2, 2, 2, 2),
                folder.samples().stream().map(ImageFolder.Sample::classIndex).toList());
        assertEquals(8, folder.size());
        assertEquals(2, folder.label(7));
    }

    @Test
    void decodesRealImagesAndNamesBrokenOnes() throws IOException {
        new ShapesDataset(2, 1, 32, 0, "val").write(root, 1);
        ImageFolder folder = ImageFolder.open(root);
        assertEquals(new ShapesDataset(2, 1, 32, 0, "val").image(1), folder.image(1));
        Path broken = touch("circle/zz.jpg");
        ImageFolder withBroken = ImageFolder.open(root);
        ImageDecodeException e = assertThrows(ImageDecodeException.class, () -> withBroken.image(1));
        assertTrue(e.getMessage().startsWith(broken.toString()), e.getMessage());
    }

    @Test
    void missingRootIsReported() {
        DatasetException e = assertThrows(DatasetException.class, () -> ImageFolder.open(root.resolve("nope")));
        assertTrue(e.getMessage().contains("nope: no such dataset folder"), e.getMessage());
    }

    @Test
    void rootWithoutClassFoldersIsReported() throws IOException {
        touch("loose.png");
        DatasetException e = assertThrows(DatasetException.class, () -> ImageFolder.open(root));
        assertTrue(e.getMessage().contains("no class folders"), e.getMessage());
    }

    @Test
    void classWithoutImagesIsReportedByName() throws IOException {
        touch("dog/a.png");
        touch("cat/readme.md");
        Files.createDirectories(root.resolve("fish"));
        DatasetException e = assertThrows(DatasetException.class, () -> ImageFolder.open(root));
        assertTrue(e.getMessage().contains("no image file in class folder(s) cat, fish"), e.getMessage());
    }
}
