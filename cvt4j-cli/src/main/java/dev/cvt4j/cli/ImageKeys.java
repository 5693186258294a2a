package dev.cvt4j.cli;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * How the commands that write one safetensors file for many images ({@code cvt preprocess},
 * {@code cvt features}) name each image's tensors: by file stem ({@code photo.jpg} becomes
 * {@code photo}); images whose stem another input shares are named by their path as given instead.
 */
final class ImageKeys {
    private ImageKeys() {}

    /**
     * @param images the IMAGE arguments
     * @param commandLine the command, for the usage error
     * @return every image's key
     * @throws ParameterException (exit 2) when an image is given twice
     */
    static Map<Path, String> of(List<Path> images, CommandLine commandLine) {
        Set<Path> seen = new HashSet<>();
        Map<String, Integer> stems = new HashMap<>();
        for (Path image : images) {
            if (!seen.add(image)) {
                throw new ParameterException(commandLine, "IMAGE given twice: " + image);
            }
            stems.merge(stem(image), 1, Integer::sum);
        }
        Map<Path, String> keys = new HashMap<>();
        for (Path image : images) {
            keys.put(image, stems.get(stem(image)) == 1 ? stem(image) : image.toString());
        }
        return keys;
    }

    private static String stem(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
