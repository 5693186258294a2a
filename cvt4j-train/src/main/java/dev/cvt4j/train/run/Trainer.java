package dev.cvt4j.train.run;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.cvt4j.checkpoint.AtomicFile;
import dev.cvt4j.config.ConfigException;
import dev.cvt4j.config.ExperimentConfig;
import dev.cvt4j.eval.EvalListener;
import dev.cvt4j.eval.EvalResult;
import dev.cvt4j.eval.Evaluator;
import dev.cvt4j.inference.Preprocessing;
import dev.cvt4j.model.CvtModel;
import dev.cvt4j.model.WeightLoader;
import dev.cvt4j.train.NonFiniteLossException;
import dev.cvt4j.train.StepResult;
import dev.cvt4j.train.TrainStep;
import dev.cvt4j.train.config.TrainConfig;
import dev.cvt4j.train.data.Batch;
import dev.cvt4j.train.data.DataLoader;
import dev.cvt4j.train.data.Mixup;
import dev.cvt4j.train.data.Seeds;
import dev.cvt4j.train.optim.LrSchedule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The training loop of the official {@code tools/train.py} ({@code train_one_epoch} and {@code test}
 * of {@code lib/core/function.py}): for each epoch from {@code TRAIN.BEGIN_EPOCH} to {@code END_EPOCH},
 * the epoch's learning rate (timm's cosine schedule, per epoch), a pass over the shuffled training
 * batches with the recipe's augmentation and Mixup/CutMix, a {@link TrainStep} per batch (per
 * {@code CVT4J.GRAD_ACCUM_STEPS} batches), then validation with the evaluation transform, a line in
 * {@code metrics.jsonl}, the plots and the checkpoints.
 *
 * <p><b>Checkpoints.</b> {@value #LAST} every {@code CVT4J.CHECKPOINT_FREQ} epochs, at the last epoch,
 * every {@code CVT4J.CHECKPOINT_STEPS} optimizer steps when set, and when a stop is requested;
 * {@value #BEST} whenever validation top-1 improves. Each is a {@link TrainCheckpoint} written atomically,
 * so a crash at any moment leaves the previous one intact, with the run's {@link Provenance} (a resumed
 * run keeps the provenance it started with).
 *
 * <p><b>Determinism.</b> The initial weights derive from the seed (the engine's generator is seeded
 * before the model is built), each batch's content from {@code (seed, epoch, batch)} and each
 * micro-batch's drop-path masks from the same position (the engine's generator is reseeded before its
 * forward pass). A run killed at any point and resumed from its last checkpoint therefore takes the same
 * steps as a run never interrupted, given the same thread settings.
 *
 * <p>Not thread-safe, except {@link #requestStop()}; one trainer at a time per JVM (DJL's PyTorch engine
 * has one gradient collector).
 */
public final class Trainer {
    /** The checkpoint of the run's current position. */
    public static final String LAST = "last.safetensors";
    /** The checkpoint with the best validation top-1. */
    public static final String BEST = "best.safetensors";
    /** The run's configuration, as given (experiment text, with the overrides in a header comment). */
    public static final String CONFIG = "config.yaml";
    /** One JSON line per epoch. */
    public static final String METRICS = "metrics.jsonl";
    /** The class names (the training folders), one per line in class-index order: {@code cvt classify --labels}. */
    public static final String LABELS = "labels.txt";

    private final TrainOptions options;
    private final TrainListener listener;
    private volatile boolean stopRequested;
    private Path lastSaved;
    private Provenance provenance;

    /**
     * @param options data, run directory, seed, resume and fine-tuning settings
     * @param listener told about progress
     */
    public Trainer(TrainOptions options, TrainListener listener) {
        this.options = options;
        this.listener = listener;
    }

    /**
     * Asks the run to stop after the optimizer step in progress, save its position to {@value #LAST} and
     * return (the Ctrl-C path). Safe to call from any thread.
     */
    public void requestStop() {
        stopRequested = true;
    }

    /**
     * Runs training to {@code TRAIN.END_EPOCH}, or until {@link #requestStop()}.
     *
     * @param requested the configuration of a new run; when resuming, {@code null} or equal to the run's own
     * @return how the run ended
     * @throws ConfigException when the configuration is invalid, or differs from the resumed run's
     * @throws IllegalStateException when a new run would overwrite another run's checkpoint
     * @throws DivergedException when a loss is NaN or infinite
     * @throws dev.cvt4j.checkpoint.CheckpointException naming the file when a checkpoint cannot be read or written
     * @throws dev.cvt4j.eval.DatasetException naming the file when the data cannot be read
     * @throws InterruptedException when the thread is interrupted
     */
    public RunResult run(RunConfig requested) throws InterruptedException {
        TrainCheckpoint resumed =
                options.resumeFrom().map(TrainCheckpoint::load).orElse(null);
        RunConfig config = resumed != null ? resumed.state().config() : requested;
        if (config == null) {
            throw new IllegalArgumentException("a new run needs a configuration");
        }
        if (resumed != null && requested != null && !requested.equals(config)) {
            throw new ConfigException(options.resumeFrom().get() + ": the run was started with another configuration ("
                    + config.name() + ", overrides " + config.overrides() + "); resume it without --config, --model"
                    + " and overrides, or start a new run in another directory");
        }
        Path last = options.lastCheckpoint();
        if (resumed == null && Files.exists(last)) {
            throw new IllegalStateException(last + ": the run directory already holds a run; continue it with"
                    + " --resume auto, or choose another output directory");
        }
        TrainConfig recipe = config.recipe();
        RunData data = RunData.open(options.data(), recipe);
        ExperimentConfig experiment = config.experiment(data.numClasses());
        RunState state = resumed != null
                ? resumed.state()
                : RunState.start(recipe.train().beginEpoch(), options.seed(), config, options.freeze());
        Provenance started = Provenance.start(
                state.seed(),
                options.finetune(),
                options.data(),
                data.train().classes(),
                data.train().samples(),
                data.val().samples());
        provenance = resumed != null && resumed.provenance() != null ? resumed.provenance() : started;
        createRunDir(config, resumed == null);
        AtomicFile.write(
                options.runDir().resolve(LABELS),
                (String.join("\n", data.train().classes()) + "\n").getBytes(StandardCharsets.UTF_8));
        Engine.getInstance().setRandomSeed(engineSeed(Seeds.derive(state.seed(), Seeds.INIT)));
        try (CvtModel model = CvtModel.create(experiment.model())) {
            if (resumed != null) {
                WeightLoader.load(model, resumed.model(), options.resumeFrom().get(), true);
                listener.message("resumed " + options.resumeFrom().get() + " at epoch " + state.epoch() + ", batch "
                        + state.batch() + " (" + state.optimizerSteps() + " optimizer steps done)");
            } else if (options.finetune().isPresent()) {
                listener.message(FineTuning.load(model, options.finetune().get()));
            }
            if (!state.frozen().isEmpty()) {
                listener.message("froze " + FineTuning.freeze(model, state.frozen()) + " parameter tensors under "
                        + state.frozen());
            }
            try (TrainStep step = TrainStep.official(model, recipe);
                    DataLoader loader = data.loader(recipe, state.seed(), options.workers())) {
                if (resumed != null) {
                    step.optimizer().loadStateDict(resumed.optimizer());
                }
                lastSaved = resumed != null ? options.resumeFrom().get() : null;
                Evaluator evaluator = new Evaluator(
                        model,
                        Preprocessing.evalTransform(experiment),
                        recipe.train().batchSizePerGpu(),
                        options.workers());
                return new Run(model, step, loader, data, evaluator, recipe).epochs(state);
            }
        }
    }

    /**
     * One run's working set: the model, its training step, the data and the evaluator, built once by
     * {@link #run} and used by every epoch and checkpoint of the run.
     */
    private final class Run {
        private final CvtModel model;
        private final TrainStep step;
        private final DataLoader loader;
        private final RunData data;
        private final Evaluator evaluator;
        private final TrainConfig recipe;

        Run(CvtModel model, TrainStep step, DataLoader loader, RunData data, Evaluator evaluator, TrainConfig recipe) {
            this.model = model;
            this.step = step;
            this.loader = loader;
            this.data = data;
            this.evaluator = evaluator;
            this.recipe = recipe;
        }

        /** Trains from {@code start} to {@code TRAIN.END_EPOCH} or a stop request. */
        private RunResult epochs(RunState start) throws InterruptedException {
            LrSchedule schedule = LrSchedule.of(recipe.train(), 1);
            MetricsLog log = MetricsLog.open(options.runDir().resolve(METRICS), start.epoch());
            int endEpoch = recipe.train().endEpoch();
            int stepsPerEpoch = loader.batchesPerEpoch() / step.accumulationSteps();
            if (stepsPerEpoch == 0) {
                throw new ConfigException(recipe.source() + ": an epoch of "
                        + loader.data().size() + " images makes no"
                        + " optimizer step of " + recipe.train().batchSizePerGpu() + " x " + step.accumulationSteps()
                        + " images; lower TRAIN.BATCH_SIZE_PER_GPU or CVT4J.GRAD_ACCUM_STEPS");
            }
            RunState state = start;
            while (state.epoch() < endEpoch) {
                long began = System.nanoTime();
                double lr = schedule.lr(state.epoch());
                listener.epochStarted(
                        state.epoch(), endEpoch, state.batch() / step.accumulationSteps(), stepsPerEpoch, lr);
                EpochLoss loss = new EpochLoss();
                state = trainEpoch(state, lr, stepsPerEpoch, loss);
                if (stopRequested) {
                    save(options.lastCheckpoint(), state);
                    return new RunResult(false, state, log.epochs(), lastSaved);
                }
                double trainSeconds = (System.nanoTime() - began) / 1e9;
                listener.validationStarted();
                EvalResult val = evaluator.evaluate(data.val(), EvalListener.NONE);
                EpochMetrics metrics = new EpochMetrics(
                        state.epoch(),
                        state.optimizerSteps(),
                        lr,
                        loss.mean(),
                        val.loss(),
                        val.top1(),
                        val.top5(),
                        loss.images() / trainSeconds,
                        (System.nanoTime() - began) / 1e9);
                log.append(metrics);
                TrainingPlots.draw(options.runDir(), log.epochs());
                listener.epochDone(metrics);
                boolean best = val.top1() > state.bestTop1();
                state = state.nextEpoch(val.top1());
                int done = state.epoch() - recipe.train().beginEpoch();
                if (done % recipe.cvt4j().checkpointFreq() == 0 || state.epoch() == endEpoch) {
                    save(options.lastCheckpoint(), state);
                }
                if (best) {
                    save(options.runDir().resolve(BEST), state);
                }
            }
            return new RunResult(true, state, log.epochs(), lastSaved);
        }

        /** Trains the rest of the epoch {@code state.epoch()}, or up to a stop request; returns the new position. */
        private RunState trainEpoch(RunState start, double lr, int stepsPerEpoch, EpochLoss loss) {
            int accumulation = step.accumulationSteps();
            int usable = stepsPerEpoch * accumulation;
            int checkpointSteps = recipe.cvt4j().checkpointSteps();
            long began = System.nanoTime();
            RunState state = start;
            try (DataLoader.Epoch batches = loader.epoch(state.epoch(), state.batch())) {
                while (batches.nextIndex() < usable && !stopRequested) {
                    Batch batch = batches.next();
                    try (NDManager manager = model.manager().newSubManager()) {
                        NDArray targets = targets(manager, batch, data.mixup()); // mixes batch.images() in place
                        NDArray images = manager.create(
                                batch.images(), new Shape(batch.size(), 3, batch.height(), batch.width()));
                        Engine.getInstance()
                                .setRandomSeed(engineSeed(
                                        Seeds.derive(state.seed(), Seeds.DROP, batch.epoch(), batch.index())));
                        step.accumulate(images, targets);
                    } catch (NonFiniteLossException e) {
                        throw diverged(e, batch);
                    }
                    loss.images += batch.size();
                    if ((batch.index() + 1) % accumulation == 0) {
                        StepResult result = step.apply(lr);
                        state = state.afterStep(batch.index() + 1);
                        loss.add(result.loss());
                        double seconds = (System.nanoTime() - began) / 1e9;
                        listener.stepDone(new StepProgress(
                                state.epoch(),
                                state.batch() / accumulation,
                                stepsPerEpoch,
                                state.optimizerSteps(),
                                result.loss(),
                                lr,
                                loss.images / seconds));
                        if (checkpointSteps > 0 && state.optimizerSteps() % checkpointSteps == 0) {
                            save(options.lastCheckpoint(), state);
                        }
                    }
                }
            }
            return state;
        }

        private static NDArray targets(NDManager manager, Batch batch, Optional<Mixup> mixup) {
            if (mixup.isPresent()) {
                Mixup.Mixed mixed = mixup.get()
                        .apply(
                                batch.images(),
                                batch.labels(),
                                batch.height(),
                                batch.width(),
                                new SplittableRandom(batch.mixSeed()));
                return manager.create(
                        mixed.targets(), new Shape(batch.size(), mixup.get().numClasses()));
            }
            return manager.create(Arrays.stream(batch.labels()).asLongStream().toArray());
        }

        private DivergedException diverged(NonFiniteLossException e, Batch batch) {
            String saved =
                    lastSaved == null ? "no checkpoint was written yet" : "the last good checkpoint is " + lastSaved;
            return new DivergedException(
                    e.getMessage() + " (epoch " + batch.epoch() + ", batch " + batch.index() + "); " + saved, e);
        }

        private void save(Path file, RunState state) {
            new TrainCheckpoint(
                            WeightLoader.export(model),
                            step.optimizer().stateDict(),
                            state,
                            provenance.savedAt(Instant.now()))
                    .save(file);
            if (file.equals(options.lastCheckpoint())) {
                lastSaved = file;
            }
            listener.checkpointSaved(file, state);
        }
    }

    private void createRunDir(RunConfig config, boolean fresh) {
        try {
            Files.createDirectories(options.runDir());
        } catch (IOException e) {
            throw new UncheckedIOException(
                    options.runDir() + ": cannot create the run directory (" + e.getMessage() + ")", e);
        }
        if (fresh) {
            String header = "# " + config.name()
                    + (config.overrides().isEmpty() ? "" : ", with overrides: " + String.join(" ", config.overrides()))
                    + "\n";
            AtomicFile.write(
                    options.runDir().resolve(CONFIG), (header + config.yaml()).getBytes(StandardCharsets.UTF_8));
        }
    }

    /** The engine's generator takes an int seed: fold the 64-bit one. */
    private static int engineSeed(long seed) {
        return (int) (seed ^ (seed >>> 32));
    }

    /** Running mean of the step losses and the image count of an epoch. */
    private static final class EpochLoss {
        private double sum;
        private int steps;
        private long images;

        void add(double loss) {
            sum += loss;
            steps++;
        }

        double mean() {
            return steps == 0 ? Double.NaN : sum / steps;
        }

        long images() {
            return images;
        }
    }
}
