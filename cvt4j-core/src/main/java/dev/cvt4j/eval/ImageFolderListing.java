package dev.cvt4j.eval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * A labelled image tree in torchvision's {@code ImageFolder} layout, {@code root/<class>/<image>},
 * listed exactly as torchvision 0.14 lists it ({@code torchvision/datasets/folder.py}), so that
 * class indices and sample order match PyTorch: for ImageNet, the validation set with its 1000
 * WordNet-id folders ({@code n01440764} ...) gets the standard class indices.
 *
 * <ul>
 *   <li>Classes: the names of the sub-folders of {@code root} (symbolic links followed, hidden
 *       folders included), sorted as Python's {@code sorted()} sorts strings, by Unicode code
 *       point; a class's index is its position in that order ({@code find_classes}).
 *   <li>Samples: for each class in order, every file under its folder at any depth (links
 *       followed) whose name ends, ignoring case, with one of {@link #IMG_EXTENSIONS}; ordered
 *       by containing folder path, then by file name, both by code point ({@code make_dataset}:
 *       {@code sorted(os.walk(...))}, then {@code sorted(fnames)}).
 * </ul>
 *
 * @param root the tree's root folder
 * @param classes the class folder names, index = class index
 * @param samples every image with its class index, in torchvision's order
 */
public record ImageFolderListing(Path root, List<String> classes, List<Sample> samples) {

    /** torchvision's {@code IMG_EXTENSIONS}, matched case-insensitively against the end of a file name. */
    public static final List<String> IMG_EXTENSIONS =
            List.of(".jpg", ".jpeg", ".png", ".ppm", ".bmp", ".pgm", ".tif", ".tiff", ".webp");

    /** Python's string order: by Unicode code point (Java's {@code compareTo} orders UTF-16 units). */
    public static final Comparator<String> CODE_POINT_ORDER = (a, b) -> {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    };

    /**
     * One labelled image.
     *
     * @param file the image file
     * @param target its class index
     */
    public record Sample(Path file, int target) {}

    /**
     * Copies the lists.
     *
     * @param root the tree's root folder
     * @param classes the class folder names
     * @param samples the images with their class indices
     */
    public ImageFolderListing {
        classes = List.copyOf(classes);
        samples = List.copyOf(samples);
    }

    /**
     * Lists an ImageFolder tree.
     *
     * @param root the tree's root, e.g. the ImageNet {@code val} folder
     * @return the classes and samples in torchvision's order
     * @throws DatasetException if {@code root} is missing or not a folder, has no class folders,
     *     or a class folder holds no image (torchvision raises {@code FileNotFoundError} then too),
     *     or a folder cannot be listed
     */
    public static ImageFolderListing scan(Path root) {
        if (!Files.exists(root)) {
            throw new DatasetException(root, "no such directory");
        }
        if (!Files.isDirectory(root)) {
            throw new DatasetException(root, "not a directory");
        }
        List<String> classes = classFolders(root);
        if (classes.isEmpty()) {
            throw new DatasetException(
                    root,
                    "no class folders (expected the ImageFolder layout "
                            + root.resolve("<class>").resolve("<image>") + ")");
        }
        List<Sample> samples = new ArrayList<>();
        List<String> empty = new ArrayList<>();
        for (int target = 0; target < classes.size(); target++) {
            List<Path> images = images(root.resolve(classes.get(target)));
            if (images.isEmpty()) {
                empty.add(classes.get(target));
            }
            for (Path image : images) {
                samples.add(new Sample(image, target));
            }
        }
        if (!empty.isEmpty()) {
            throw new DatasetException(
                    root,
                    "no images in " + empty.size() + " of " + classes.size() + " class folders (" + abbreviate(empty)
                            + "); extensions: " + String.join(" ", IMG_EXTENSIONS));
        }
        return new ImageFolderListing(root, classes, samples);
    }

    /**
     * Checks that the tree has one folder per class of a model.
     *
     * @param numClasses the model's {@code NUM_CLASSES}
     * @throws DatasetException naming both counts when they differ
     */
    public void requireClasses(int numClasses) {
        requireClasses(root.toString(), classes.size(), numClasses);
    }

    /** @see #requireClasses(int) */
    static void requireClasses(String subject, int classCount, int numClasses) {
        if (classCount != numClasses) {
            throw new DatasetException(
                    subject,
                    classCount + " class folders, but the model has " + numClasses
                            + " classes (MODEL.NUM_CLASSES): a tree with N classes needs a model with N classes",
                    null);
        }
    }

    /**
     * A deterministic subset spread over the whole tree, so that a partial run sees every class
     * when {@code limit} is at least the class count (the samples are sorted by class, so the
     * first {@code limit} would cover only the first classes).
     *
     * @param limit the number of samples to keep, positive
     * @return the samples at indices {@code floor(i * size / limit)} for {@code i < limit}, or
     *     this tree when it holds at most {@code limit} samples
     * @throws IllegalArgumentException if {@code limit < 1}
     */
    public ImageFolderListing evenlySpaced(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive, got " + limit);
        }
        if (limit >= samples.size()) {
            return this;
        }
        List<Sample> subset = new ArrayList<>(limit);
        for (int i = 0; i < limit; i++) {
            subset.add(samples.get((int) ((long) i * samples.size() / limit)));
        }
        return new ImageFolderListing(root, classes, subset);
    }

    /** The names of the sub-folders of {@code root}, links followed, in code-point order. */
    private static List<String> classFolders(Path root) {
        try (Stream<Path> entries = Files.list(root)) {
            return entries.filter(Files::isDirectory)
                    .map(p -> p.getFileName().toString())
                    .sorted(CODE_POINT_ORDER)
                    .toList();
        } catch (IOException | UncheckedIOException e) {
            throw cannotList(root, e);
        }
    }

    /** The image files under one class folder, at any depth, in torchvision's order. */
    private static List<Path> images(Path classDir) {
        Comparator<Path> order = Comparator.comparing((Path p) -> p.getParent().toString(), CODE_POINT_ORDER)
                .thenComparing(p -> p.getFileName().toString(), CODE_POINT_ORDER);
        try (Stream<Path> entries = Files.walk(classDir, FileVisitOption.FOLLOW_LINKS)) {
            return entries.filter(p -> !Files.isDirectory(p))
                    .filter(ImageFolderListing::isImage)
                    .sorted(order)
                    .toList();
        } catch (IOException | UncheckedIOException e) {
            throw cannotList(classDir, e);
        }
    }

    private static boolean isImage(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return IMG_EXTENSIONS.stream().anyMatch(name::endsWith);
    }

    private static DatasetException cannotList(Path dir, Exception e) {
        Throwable cause = e instanceof UncheckedIOException u ? u.getCause() : e;
        return new DatasetException(dir, "cannot list the folder (" + cause + ")", e);
    }

    private static String abbreviate(List<String> names) {
        int shown = Math.min(names.size(), 5);
        String head = String.join(", ", names.subList(0, shown));
        return shown == names.size() ? head : head + ", ... " + (names.size() - shown) + " more";
    }
}
