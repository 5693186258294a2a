package dev.cvt4j.cli;

import dev.cvt4j.train.data.ShapesDataset;
import dev.cvt4j.train.data.ShapesGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code cvt data shapes}: writes the procedural shapes task ({@link ShapesDataset}) as two image
 * folders, {@code OUTPUT/train/<class>/*.png} and {@code OUTPUT/val/<class>/*.png}, the same bytes
 * for the same options on every run.
 */
@Command(name = "shapes", description = "Write a procedural shape-classification dataset (ImageFolder layout).")
final class ShapesCommand implements Callable<Integer> {
    @Option(
            names = "--output",
            required = true,
            paramLabel = "DIR",
            description = "Folder to create train/ and val/ in; they must not exist yet or be empty.")
    Path output;

    @Option(
            names = "--classes",
            defaultValue = "10",
            paramLabel = "N",
            description = "Number of shape classes, 2..12 (default ${DEFAULT-VALUE}).")
    int classes;

    @Option(
            names = "--train",
            defaultValue = "500",
            paramLabel = "N",
            description = "Training images per class (default ${DEFAULT-VALUE}).")
    int train;

    @Option(
            names = "--val",
            defaultValue = "100",
            paramLabel = "N",
            description = "Validation images per class (default ${DEFAULT-VALUE}).")
    int val;

    @Option(
            names = "--image-size",
            defaultValue = "64",
            paramLabel = "N",
            description = "Image width and height in pixels, >= 16 (default ${DEFAULT-VALUE}).")
    int size;

    @Option(
            names = "--seed",
            defaultValue = "0",
            paramLabel = "N",
            description = "Generator seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--workers", paramLabel = "N", description = "Drawing threads (default: available processors).")
    Integer workers;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        int max = ShapesGenerator.SHAPES.size();
        if (classes < 2 || classes > max) {
            throw new ParameterException(spec.commandLine(), "--classes must be 2.." + max + ", got " + classes);
        }
        if (train < 1 || val < 1 || size < 16 || workers != null && workers < 1) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--train and --val must be positive, --image-size at least 16 and --workers positive");
        }
        int threads = workers != null ? workers : Runtime.getRuntime().availableProcessors();
        for (String split : new String[] {"train", "val"}) {
            requireEmpty(output.resolve(split));
        }
        new ShapesDataset(classes, train, size, seed, "train").write(output.resolve("train"), threads);
        ShapesDataset valSet = new ShapesDataset(classes, val, size, seed, "val");
        valSet.write(output.resolve("val"), threads);
        PrintWriter out = spec.commandLine().getOut();
        out.printf(
                "wrote %d training and %d validation images of %d classes (%s) to %s%n",
                classes * train, classes * val, classes, String.join(", ", valSet.classes()), output);
        out.flush();
        return 0;
    }

    /**
     * @param dir a folder to write into
     * @throws IOException naming it when it exists and is not an empty folder
     */
    static void requireEmpty(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + ": exists and is not a folder; choose a new --output folder");
        }
        boolean empty;
        try (Stream<Path> entries = Files.list(dir)) {
            empty = entries.findAny().isEmpty();
        }
        if (!empty) {
            throw new IOException(dir + ": already exists and is not empty; choose a new --output folder");
        }
    }
}
