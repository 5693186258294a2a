package dev.cvt4j.train.data;

import dev.cvt4j.image.ImageDecoder;
import dev.cvt4j.image.RgbImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * torchvision 0.14's {@code datasets.ImageFolder} (the dataset of the official {@code
 * build_dataset}): {@code root/<class>/.../<image>}. Classes are the sub-folders of {@code root}
 * sorted by name (class index = position); the samples of a class are all files below its folder,
 * links followed, whose name ends (case-insensitively) with one of {@link #IMG_EXTENSIONS}, in the
 * order of {@code sorted(os.walk(class_dir))} then sorted file names. Images are decoded with
 * {@link ImageDecoder} (PIL's {@code convert("RGB")} semantics); PPM, PGM and TIFF files are
 * listed, as torchvision lists them, but fail to decode.
 */
public final class ImageFolder implements LabeledImages {
    /** torchvision's {@code IMG_EXTENSIONS}. */
    public static final List<String> IMG_EXTENSIONS =
            List.of(".jpg", ".jpeg", ".png", ".ppm", ".bmp", ".pgm", ".tif", ".tiff", ".webp");

    private final Path root;
    private final List<String> classes;
    private final List<Sample> samples;

    /**
     * One image file and its class.
     *
     * @param path the file
     * @param classIndex index into {@link #classes()}
     */
    public record Sample(Path path, int classIndex) {}

    private ImageFolder(Path root, List<String> classes, List<Sample> samples) {
        this.root = root;
        this.classes = List.copyOf(classes);
        this.samples = List.copyOf(samples);
    }

    /**
     * Scans a folder tree.
     *
     * @param root the dataset folder, holding one sub-folder per class
     * @return the dataset
     * @throws DatasetException if {@code root} is not a folder, has no class folders, or a class
     *     folder holds no image file
     */
    public static ImageFolder open(Path root) {
        if (!Files.isDirectory(root)) {
            throw new DatasetException(root + ": no such dataset folder");
        }
        try {
            List<String> classes;
            try (Stream<Path> entries = Files.list(root)) {
                classes = entries.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
            }
            if (classes.isEmpty()) {
                throw new DatasetException(root + ": no class folders (expected " + root + "/<class>/<image>)");
            }
            List<Sample> samples = new ArrayList<>();
            List<String> empty = new ArrayList<>();
            for (int c = 0; c < classes.size(); c++) {
                List<Path> files = imageFiles(root.resolve(classes.get(c)));
                if (files.isEmpty()) {
                    empty.add(classes.get(c));
                }
                for (Path file : files) {
                    samples.add(new Sample(file, c));
                }
            }
            if (!empty.isEmpty()) {
                throw new DatasetException(root + ": no image file in class folder(s) " + String.join(", ", empty)
                        + " (extensions " + String.join(" ", IMG_EXTENSIONS) + ")");
            }
            return new ImageFolder(root, classes, samples);
        } catch (IOException | UncheckedIOException e) {
            throw new DatasetException(root + ": cannot list the dataset folder (" + e.getMessage() + ")", e);
        }
    }

    /** The image files below a class folder in {@code sorted(os.walk(dir))} order. */
    private static List<Path> imageFiles(Path classDir) throws IOException {
        Map<String, List<Path>> byFolder = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(classDir, FileVisitOption.FOLLOW_LINKS)) {
            walk.filter(Files::isRegularFile).filter(ImageFolder::hasImageExtension)
                    .forEach(p -> byFolder.computeIfAbsent(p.getParent().toString(), k -> new ArrayList<>()).add(p));
        }
        List<Path> files = new ArrayList<>();
        for (List<Path> folder : byFolder.values()) {
            folder.stream().sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()))
                    .forEach(files::add);
        }
        return files;
    }

    private static boolean hasImageExtension(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return IMG_EXTENSIONS.stream().anyMatch(name::endsWith);
    }

    /** @return the dataset folder */
    public Path root() {
        return root;
    }

    /** @return the samples in torchvision's order */
    public List<Sample> samples() {
        return samples;
    }

    @Override
    public List<String> classes() {
        return classes;
    }

    @Override
    public int size() {
        return samples.size();
    }

    @Override
    public int label(int index) {
        return samples.get(index).classIndex();
    }

    /**
     * Decodes one image.
     *
     * @param index sample index
     * @return the image
     * @throws dev.cvt4j.image.ImageDecodeException naming the file when it cannot be decoded
     */
    @Override
    public RgbImage image(int index) {
        return ImageDecoder.decode(samples.get(index).path());
    }

    @Override
    public String describe(int index) {
        return samples.get(index).path().toString();
    }
}
