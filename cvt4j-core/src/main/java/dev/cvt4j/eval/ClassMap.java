package dev.cvt4j.eval;

import dev.cvt4j.inference.Labels;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How the class folders of an {@link ImageFolderListing} tree become the model's class indices: timm's
 * {@code validate.py --class-map} ({@code timm/data/readers/class_map.py}: a text file of class
 * names, one per line, the line number being the class index), plus the two maps ImageNet
 * evaluations need.
 *
 * <ul>
 *   <li>{@link #sortedPosition()} (no {@code --class-map}): a folder's index is its position in the
 *       sorted folder list, as torchvision's {@code ImageFolder} assigns it; the tree must hold one
 *       folder per class of the model. Right for the ImageNet-1k validation set and for trees a model
 *       was trained on with {@code cvt train}.
 *   <li>{@link #names(Path)} and {@link #imagenet1k()}: a folder's index is the line of its name in
 *       a file of the model's class names in class-index order (for ImageNet-1k, the shipped WordNet
 *       ids, {@link Labels#imagenet1kWordNetIds()}); the tree may hold any subset of the classes
 *       (ImageNet-R, ImageNet-A, 100-class subsets).
 *   <li>{@link #numeric()}: a folder's name is its class index ({@code 0} to {@code 999} in
 *       ImageNet-V2), whatever the sorted order.
 * </ul>
 */
public final class ClassMap {
    private static final Pattern WORDNET_ID = Pattern.compile("n\\d{8}");
    private static final Pattern INTEGER = Pattern.compile("0|[1-9]\\d{0,8}");
    private static final String IMAGENET_1K = "imagenet-1k";
    private static final String NUMERIC = "numeric";

    private enum Kind {
        SORTED_POSITION,
        NAMES,
        NUMERIC
    }

    private final Kind kind;
    private final String description;
    private final Path file;

    private ClassMap(Kind kind, String description, Path file) {
        this.kind = kind;
        this.description = description;
        this.file = file;
    }

    /** @return torchvision's assignment: the position of the folder in sorted order (the default) */
    public static ClassMap sortedPosition() {
        return new ClassMap(Kind.SORTED_POSITION, "sorted-position", null);
    }

    /** @return the shipped ImageNet-1k WordNet ids: folder {@code n01440764} is class 0 */
    public static ClassMap imagenet1k() {
        return new ClassMap(Kind.NAMES, IMAGENET_1K, null);
    }

    /** @return folder names read as class indices: folder {@code 10} is class 10 */
    public static ClassMap numeric() {
        return new ClassMap(Kind.NUMERIC, NUMERIC, null);
    }

    /**
     * A map file, read when the map is applied (its line count must be the model's class count).
     *
     * @param file the model's class names, one per line in class-index order (e.g. a training run's
     *     {@code labels.txt}); blank lines at the end are ignored, names are stripped of spaces
     * @return the map
     */
    public static ClassMap names(Path file) {
        return new ClassMap(Kind.NAMES, file.toString(), file);
    }

    /**
     * The value of {@code cvt eval --class-map}.
     *
     * @param spec {@code imagenet-1k}, {@code numeric}, or the path of a map file
     * @return the map
     */
    public static ClassMap parse(String spec) {
        return switch (spec) {
            case IMAGENET_1K -> imagenet1k();
            case NUMERIC -> numeric();
            default -> names(Path.of(spec));
        };
    }

    /**
     * @return {@code sorted-position}, {@code imagenet-1k}, {@code numeric} or the map file's path, as
     *     the evaluation report records it
     */
    public String description() {
        return description;
    }

    /**
     * The model class index of every class folder of {@code tree}.
     *
     * @param tree the tree
     * @param numClasses the model's {@code NUM_CLASSES}
     * @return the index of each folder, by the folder's position in {@link ImageFolderListing#classes()};
     *     distinct values in {@code [0, numClasses)}
     * @throws DatasetException naming the tree when, by sorted position, the folder count is not
     *     {@code numClasses}, or when a folder is not in the map or (numeric) is not a class number
     *     below {@code numClasses}; naming the map when it names a class twice, or (imagenet-1k) the
     *     model does not have 1000 classes
     * @throws dev.cvt4j.config.ConfigException naming the map file when it cannot be read or its line
     *     count is not {@code numClasses}
     */
    public int[] indices(ImageFolderListing tree, int numClasses) {
        return indices(tree.classes(), tree.root().toString(), numClasses);
    }

    /**
     * The model class index of every class of a labelled collection (the folders of a tree, the class
     * names of a Spark label column).
     *
     * @param folders the class names, in label order (label {@code i} is {@code folders.get(i)})
     * @param subject what messages name: the tree's root, a column
     * @param numClasses the model's {@code NUM_CLASSES}
     * @return the index of each class, by its position in {@code folders}; distinct values in
     *     {@code [0, numClasses)}
     * @throws DatasetException and {@link dev.cvt4j.config.ConfigException} as {@link #indices(ImageFolderListing, int)},
     *     naming {@code subject} instead of the tree
     */
    public int[] indices(List<String> folders, String subject, int numClasses) {
        int[] indices = new int[folders.size()];
        switch (kind) {
            case SORTED_POSITION -> {
                ImageFolderListing.requireClasses(subject, folders.size(), numClasses);
                for (int i = 0; i < indices.length; i++) {
                    indices[i] = i;
                }
            }
            case NUMERIC -> {
                for (int i = 0; i < indices.length; i++) {
                    String name = folders.get(i);
                    if (!INTEGER.matcher(name).matches() || Integer.parseInt(name) >= numClasses) {
                        throw new DatasetException(
                                subject,
                                "folder " + name + " is not a class number from 0 to " + (numClasses - 1)
                                        + " (--class-map numeric reads folder names as class indices)",
                                null);
                    }
                    indices[i] = Integer.parseInt(name);
                }
            }
            case NAMES -> {
                Map<String, Integer> byName = byName(numClasses);
                for (int i = 0; i < indices.length; i++) {
                    Integer index = byName.get(folders.get(i));
                    if (index == null) {
                        throw new DatasetException(
                                subject, "folder " + folders.get(i) + " is not in the class map " + description, null);
                    }
                    indices[i] = index;
                }
            }
        }
        return indices;
    }

    /**
     * Tells whether a tree listed by sorted position looks like one that needs a map: all folders are
     * class numbers whose sorted position is not their value ({@code 0, 1, 10, 100, ...}, as in
     * ImageNet-V2), or, for a 1000-class model, all folders are WordNet ids whose sorted position is
     * not their ImageNet-1k index (a subset such as ImageNet-R or ImageNet-A).
     *
     * @param tree the tree
     * @param numClasses the model's {@code NUM_CLASSES}
     * @return a one-line warning naming the flag to use, or empty when sorted position is plausible
     */
    public static Optional<String> sortedPositionWarning(ImageFolderListing tree, int numClasses) {
        List<String> folders = tree.classes();
        if (folders.stream().allMatch(f -> INTEGER.matcher(f).matches())) {
            for (int i = 0; i < folders.size(); i++) {
                if (Integer.parseInt(folders.get(i)) != i) {
                    return Optional.of(warning(folders.get(i), i, "class number " + folders.get(i), NUMERIC));
                }
            }
        } else if (numClasses == 1000
                && folders.stream().allMatch(f -> WORDNET_ID.matcher(f).matches())) {
            List<String> wnids = Labels.imagenet1kWordNetIds();
            for (int i = 0; i < folders.size(); i++) {
                int index = wnids.indexOf(folders.get(i));
                if (index != i) {
                    String meant = index < 0 ? "a WordNet id outside ImageNet-1k" : "ImageNet-1k class " + index;
                    return Optional.of(warning(folders.get(i), i, meant, IMAGENET_1K));
                }
            }
        }
        return Optional.empty();
    }

    private static String warning(String folder, int position, String meant, String flag) {
        return "the class folders are listed by sorted position, so folder " + folder + " is class " + position
                + ", not " + meant + ": use --class-map " + flag + " to map folders by name";
    }

    private Map<String, Integer> byName(int numClasses) {
        List<String> names = file == null ? Labels.imagenet1kWordNetIds() : Labels.read(file, numClasses);
        if (names.size() != numClasses) {
            throw new DatasetException(
                    description,
                    "the map holds " + names.size() + " classes, but the model has " + numClasses
                            + " (MODEL.NUM_CLASSES)",
                    null);
        }
        Map<String, Integer> byName = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            Integer previous = byName.put(names.get(i).strip(), i);
            if (previous != null) {
                throw new DatasetException(
                        description, names.get(i).strip() + " is on lines " + (previous + 1) + " and " + (i + 1), null);
            }
        }
        return byName;
    }
}
