package dev.cvt4j.cli;

import dev.cvt4j.train.run.RunConfig;
import dev.cvt4j.train.run.RunResult;
import dev.cvt4j.train.run.TrainOptions;
import dev.cvt4j.train.run.Trainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code cvt train}: the official training recipe ({@code tools/train.py}) on ImageFolder trees
 * {@code DATA/train} and {@code DATA/val}, with checkpoints, metrics and plots in the run directory,
 * resumable with {@code --resume auto}. See {@link Trainer}.
 */
@Command(name = "train", description = "Train or fine-tune a CvT with the official recipe (resumable).")
final class TrainCommand implements Callable<Integer> {
    @ArgGroup(exclusive = true)
    Source source;

    static final class Source {
        @Option(
                names = "--config",
                paramLabel = "FILE.yaml",
                description = "An official experiment file (MODEL, TRAIN, AUG, LOSS, TEST), read as it is.")
        Path config;

        @Option(
                names = "--model",
                paramLabel = "PRESET",
                description = "A preset (cvt-13, cvt-21, cvt-w24), trained with the paper's recipe (the official"
                        + " CvT-13 experiment's TRAIN, AUG and LOSS sections).")
        String model;
    }

    @Option(
            names = "--data",
            required = true,
            paramLabel = "DIR",
            description = "Data root with ImageFolder trees DIR/train and DIR/val (same class folders).")
    Path data;

    @Option(
            names = "--output",
            defaultValue = "runs/train",
            paramLabel = "RUN_DIR",
            description = "Run directory: checkpoints, config.yaml, metrics.jsonl, loss/accuracy/lr plots"
                    + " (default ${DEFAULT-VALUE}).")
    Path output;

    @Option(
            names = "--resume",
            paramLabel = "auto|CHECKPOINT",
            description = "Continue a run: 'auto' from RUN_DIR/last.safetensors (a new run when there is none),"
                    + " or from the given checkpoint.")
    String resume;

    @Option(
            names = "--finetune",
            paramLabel = "WEIGHTS",
            description = "Start from trained weights (official, HuggingFace or cvt4j); the classifier head is"
                    + " replaced when the class count differs.")
    Path finetune;

    @Option(
            names = "--freeze",
            split = ",",
            paramLabel = "PREFIX",
            description =
                    "Freeze the parameters whose official names start with these prefixes (e.g. stage0.,stage1.).")
    List<String> freeze = new ArrayList<>();

    @Option(
            names = "--seed",
            defaultValue = "0",
            paramLabel = "N",
            description = "Seed of weights, data order and augmentation (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--workers",
            paramLabel = "N",
            description = "Data loading threads (default: available processors).")
    Integer workers;

    @Option(names = "--quiet", description = "No progress bar.")
    boolean quiet;

    @Parameters(paramLabel = "KEY=VALUE", description = "Recipe overrides, e.g. TRAIN.END_EPOCH=10 TRAIN.LR=0.001.")
    List<String> overrides = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        Optional<Path> resumeFrom = resumeFrom();
        RunConfig config = config(resumeFrom.isPresent());
        if (workers != null && workers < 1) {
            throw new ParameterException(spec.commandLine(), "--workers must be at least 1, got " + workers);
        }
        if (resumeFrom.isPresent() && (finetune != null || !freeze.isEmpty())) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--finetune and --freeze start a new run; a resumed run keeps its own weights and frozen layers");
        }
        TrainOptions options = new TrainOptions(
                data,
                output,
                seed,
                workers != null ? workers : Runtime.getRuntime().availableProcessors(),
                resumeFrom,
                Optional.ofNullable(finetune),
                freeze);
        TrainConsole console = new TrainConsole(
                spec.commandLine().getOut(), spec.commandLine().getErr(), !quiet && Terminal.stderrIsTerminal());
        RunResult result = console.run(new Trainer(options, console), config, output);
        return result.completed() ? 0 : 130;
    }

    private Optional<Path> resumeFrom() {
        if (resume == null) {
            return Optional.empty();
        }
        Path last = output.resolve(Trainer.LAST);
        if (resume.equals("auto")) {
            return Files.exists(last) ? Optional.of(last) : Optional.empty();
        }
        Path file = Path.of(resume);
        if (!Files.isRegularFile(file)) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--resume " + resume + ": no such checkpoint (use 'auto'" + " to continue " + last + ")");
        }
        return Optional.of(file);
    }

    /** The requested configuration; {@code null} when resuming without one (the run's own is used). */
    private RunConfig config(boolean resuming) {
        if (source == null) {
            if (resuming && overrides.isEmpty()) {
                return null;
            }
            throw new ParameterException(
                    spec.commandLine(),
                    resuming
                            ? "overrides need the run's --config or --model too (a resumed run keeps its configuration)"
                            : "give --config FILE.yaml or --model PRESET");
        }
        return source.config != null
                ? RunConfig.ofFile(source.config, overrides)
                : RunConfig.ofPreset(source.model, overrides);
    }
}
