package dev.cvt4j.train.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvt4j.eval.DatasetException;
import dev.cvt4j.image.ImageDecodeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The training view of an ImageFolder tree: exactly the listing of {@link dev.cvt4j.eval.ImageFolderListing}
 * (whose order tests hold torchvision's rules), with labels and decoded images.
 */
class ImageFolderDatasetTest {
    @TempDir
    Path root;

    private Path touch(String relative) throws IOException {
        Path p = root.resolve(relative);
        Files.createDirectories(p.getParent());
        return Files.write(p, new byte[] {1});
    }

    @Test
    void samplesAndLabelsAreTheCoreListing() throws IOException {
        for (String file : List.of(
                "dog/b.png",
                "dog/a.JPG",
                "dog/sub/c.webp",
                "dog/sub dir/d.jpeg",
                "dog/notes.txt",
                "Cat/x.Png",
                "bird/y.bmp")) {
            touch(file);
        }
        ImageFolderDataset folder = ImageFolderDataset.open(root);
        dev.cvt4j.eval.ImageFolderListing listing = dev.cvt4j.eval.ImageFolderListing.scan(root);
        assertEquals(List.of("Cat", "bird", "dog"), folder.classes());
        assertEquals(listing.samples(), folder.samples());
        assertEquals(6, folder.size());
        assertEquals(
                listing.samples().stream()
                        .map(dev.cvt4j.eval.ImageFolderListing.Sample::target)
                        .toList(),
                IntStream.range(0, folder.size()).mapToObj(folder::label).toList());
        assertEquals(root.resolve("dog/sub dir/d.jpeg").toString(), folder.describe(5));
        assertEquals(root, folder.root());
    }

    @Test
    void decodesRealImagesAndNamesBrokenOnes() throws IOException {
        new ShapesDataset(2, 1, 32, 0, "val").write(root, 1);
        ImageFolderDataset folder = ImageFolderDataset.open(root);
        assertEquals(new ShapesDataset(2, 1, 32, 0, "val").image(1), folder.image(1));
        Path broken = touch("circle/zz.jpg");
        ImageFolderDataset withBroken = ImageFolderDataset.open(root);
        ImageDecodeException e = assertThrows(ImageDecodeException.class, () -> withBroken.image(1));
        assertTrue(e.getMessage().startsWith(broken.toString()), e.getMessage());
    }

    @Test
    void unusableTreesFailAsTheCoreListingDoes() throws IOException {
        DatasetException missing =
                assertThrows(DatasetException.class, () -> ImageFolderDataset.open(root.resolve("nope")));
        assertEquals(root.resolve("nope") + ": no such directory", missing.getMessage());
        touch("dog/a.png");
        touch("cat/readme.md");
        DatasetException empty = assertThrows(DatasetException.class, () -> ImageFolderDataset.open(root));
        assertTrue(empty.reason().startsWith("no images in 1 of 2 class folders (cat)"), empty.getMessage());
    }
}
