package dev.cvt4j.inference;

import dev.cvt4j.config.ConfigException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Class names: the 1000 ImageNet-1k names shipped with cvt4j (one per line, class-index order,
 * index 0 = tench) and their WordNet ids, names read from a label file (a training run's
 * {@code labels.txt}), or {@code class_<i>} for other class counts.
 */
public final class Labels {
    private static final String IMAGENET = "imagenet-1k-labels.txt";
    private static final String IMAGENET_WNIDS = "imagenet-1k-wnids.txt";

    private Labels() {}

    /** The ImageNet-1k class names, index 0 = tench. */
    public static List<String> imagenet1k() {
        return resource(IMAGENET);
    }

    /**
     * The ImageNet-1k WordNet ids in class-index order (index 0 = {@code n01440764}, tench): the
     * folder names of the ImageNet train and validation trees, sorted, and of ImageNet-R, ImageNet-A
     * and other subsets.
     */
    public static List<String> imagenet1kWordNetIds() {
        return resource(IMAGENET_WNIDS);
    }

    private static List<String> resource(String name) {
        try (InputStream in = Labels.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " missing from the cvt4j-core jar");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            return List.copyOf(reader.lines().toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads class names from a text file, one per line in class-index order (e.g. a training run's
     * {@code labels.txt}); blank lines at the end are ignored.
     *
     * @param file the label file
     * @param numClasses the model's class count, which the file must match
     * @return the names
     * @throws dev.cvt4j.config.ConfigException naming the file when it cannot be read or its line count
     *     is not {@code numClasses}
     */
    public static List<String> read(Path file, int numClasses) {
        List<String> names;
        try {
            names = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read the labels (" + e.getMessage() + ")", e);
        }
        while (!names.isEmpty() && names.get(names.size() - 1).isBlank()) {
            names.remove(names.size() - 1);
        }
        if (names.size() != numClasses) {
            throw new ConfigException(file + ": " + names.size() + " labels for a model of " + numClasses
                    + " classes (one name per line, in class-index order)");
        }
        return List.copyOf(names);
    }

    /**
     * @param numClasses the model's class count
     * @return ImageNet-1k names for 1000 classes, else {@code class_0 ... class_<n-1>}
     */
    public static List<String> forClasses(int numClasses) {
        if (numClasses == 1000) {
            return imagenet1k();
        }
        List<String> names = new ArrayList<>(numClasses);
        for (int i = 0; i < numClasses; i++) {
            names.add("class_" + i);
        }
        return names;
    }
}
