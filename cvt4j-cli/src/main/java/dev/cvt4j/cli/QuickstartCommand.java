package dev.cvt4j.cli;

import dev.cvt4j.eval.ImageFolderListing;
import dev.cvt4j.inference.CvtClassifier;
import dev.cvt4j.inference.Prediction;
import dev.cvt4j.train.data.ShapesDataset;
import dev.cvt4j.train.run.EpochMetrics;
import dev.cvt4j.train.run.RunConfig;
import dev.cvt4j.train.run.RunResult;
import dev.cvt4j.train.run.TrainOptions;
import dev.cvt4j.train.run.Trainer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code cvt quickstart}: the project's main job on a fresh machine, with nothing to download. It
 * writes the procedural shapes task ({@code cvt data shapes}: 10 classes, 500 training and 100
 * validation images each, 64x64), trains the small CvT of {@link #CONFIG} on it with the official
 * recipe ({@code cvt train}), and classifies a handful of validation images with the best checkpoint.
 */
@Command(
        name = "quickstart",
        description = "Generate a shapes dataset, train a small CvT on it, evaluate and classify.")
final class QuickstartCommand implements Callable<Integer> {
    /** The quickstart's experiment file, a class-path resource of cvt4j-train. */
    static final String CONFIG = "/dev/cvt4j/train/config/quickstart-64.yaml";

    private static final int CLASSES = 10;
    private static final int TRAIN_PER_CLASS = 500;
    private static final int VAL_PER_CLASS = 100;
    private static final int SIZE = 64;
    private static final int SHOWN = 8;

    @Option(
            names = "--output",
            defaultValue = "runs/quickstart",
            paramLabel = "DIR",
            description = "Where to write data/ and run/; must not exist yet or be empty (default ${DEFAULT-VALUE}).")
    Path output;

    @Option(
            names = "--seed",
            defaultValue = "0",
            paramLabel = "N",
            description = "Seed of the data, the weights and the augmentation (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--workers", paramLabel = "N", description = "Data threads (default: available processors).")
    Integer workers;

    @Option(names = "--quiet", description = "No progress bar.")
    boolean quiet;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (workers != null && workers < 1) {
            throw new ParameterException(spec.commandLine(), "--workers must be at least 1, got " + workers);
        }
        ShapesCommand.requireEmpty(output);
        int threads = workers != null ? workers : Runtime.getRuntime().availableProcessors();
        PrintWriter out = spec.commandLine().getOut();
        long began = System.nanoTime();
        Path data = output.resolve("data");
        new ShapesDataset(CLASSES, TRAIN_PER_CLASS, SIZE, seed, "train").write(data.resolve("train"), threads);
        new ShapesDataset(CLASSES, VAL_PER_CLASS, SIZE, seed, "val").write(data.resolve("val"), threads);
        out.printf(
                "data: %d training and %d validation images of %d shapes in %s (%.1f s)%n",
                CLASSES * TRAIN_PER_CLASS, CLASSES * VAL_PER_CLASS, CLASSES, data, seconds(began));
        out.flush();

        Path run = output.resolve("run");
        TrainConsole console =
                new TrainConsole(out, spec.commandLine().getErr(), !quiet && Terminal.stderrIsTerminal());
        TrainOptions options =
                new TrainOptions(data, run, seed, threads, Optional.empty(), Optional.empty(), List.of());
        RunResult result = console.run(new Trainer(options, console), RunConfig.ofResource(CONFIG, List.of()), run);
        if (!result.completed()) {
            return 130;
        }
        EpochMetrics last = result.epochs().get(result.epochs().size() - 1);
        Path best = run.resolve(Trainer.BEST);
        out.printf(
                "trained in %.1f s: validation top-1 %.2f%% (best %.2f%%), top-5 %.2f%%%n",
                seconds(began), last.valTop1(), result.state().bestTop1(), last.valTop5());
        showPredictions(out, data.resolve("val"), best, RunConfig.ofResource(CONFIG, List.of()));
        out.printf(
                "run directory %s: %s, %s, %s, %s, %s, loss.png, accuracy.png, lr.png%n",
                run, Trainer.LAST, Trainer.BEST, Trainer.CONFIG, Trainer.LABELS, Trainer.METRICS);
        out.printf(
                "next: cvt classify --model %s --weights %s --labels %s IMAGE%n",
                run.resolve(Trainer.CONFIG), best, run.resolve(Trainer.LABELS));
        out.printf("total %.1f s%n", seconds(began));
        out.flush();
        return 0;
    }

    /** Classifies evenly spaced validation images with the best checkpoint and prints them with their folders' labels. */
    private static void showPredictions(PrintWriter out, Path val, Path weights, RunConfig config) {
        ImageFolderListing tree = ImageFolderListing.scan(val).evenlySpaced(SHOWN);
        try (CvtClassifier classifier =
                CvtClassifier.load(config.experiment(tree.classes().size()), weights)) {
            List<Path> files =
                    tree.samples().stream().map(ImageFolderListing.Sample::file).toList();
            List<List<Prediction>> predictions = classifier.classify(files, 1);
            for (int i = 0; i < files.size(); i++) {
                Prediction p = predictions.get(i).get(0);
                String truth = tree.classes().get(tree.samples().get(i).target());
                String guess = tree.classes().get(p.index());
                out.printf(
                        "  %-28s %-10s -> %-10s %5.1f%% %s%n",
                        val.relativize(files.get(i)),
                        truth,
                        guess,
                        100 * p.probability(),
                        guess.equals(truth) ? "ok" : "WRONG");
            }
        }
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
