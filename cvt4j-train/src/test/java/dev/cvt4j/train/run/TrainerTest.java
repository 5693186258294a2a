package dev.cvt4j.train.run;

import static dev.cvt4j.checkpoint.StateDictAssertions.assertWithin;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvt4j.checkpoint.StateDict;
import dev.cvt4j.config.ConfigException;
import dev.cvt4j.train.data.ShapesDataset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The training loop end to end on a small procedural dataset (3 shapes, 16 training and 4 validation
 * images each) with the quickstart's model and recipe: what a run writes, that a run stopped in the
 * middle of an epoch and resumed ends with exactly the weights and optimizer state of a run never
 * stopped, the NaN stop, the refusals that protect a run directory, and fine-tuning.
 */
class TrainerTest {
    private static final String QUICKSTART = "/dev/cvt4j/train/config/quickstart-64.yaml";
    /** 48 images in batches of 8: 6 optimizer steps per epoch. */
    private static final int STEPS_PER_EPOCH = 6;

    @TempDir
    static Path data;

    @TempDir
    Path runs;

    @BeforeAll
    static void shapes() {
        write(data, 3);
    }

    private static void write(Path root, int classes) {
        new ShapesDataset(classes, 16, 32, 7, "train").write(root.resolve("train"), 2);
        new ShapesDataset(classes, 4, 32, 7, "val").write(root.resolve("val"), 2);
    }

    /** The quickstart experiment without its {@code NUM_CLASSES: 10}, so that the data sets the class count. */
    private static RunConfig config(String... overrides) {
        String yaml = RunConfig.ofResource(QUICKSTART, List.of()).yaml();
        assertTrue(yaml.contains("  NUM_CLASSES: 10\n"));
        List<String> all = new ArrayList<>(
                List.of("TRAIN.END_EPOCH=2", "TRAIN.BATCH_SIZE_PER_GPU=8", "TRAIN.LR_SCHEDULER.ARGS.warmup_epochs=1"));
        all.addAll(List.of(overrides));
        return new RunConfig(null, yaml.replace("  NUM_CLASSES: 10\n", ""), "quickstart without NUM_CLASSES", all);
    }

    private static TrainOptions fresh(Path data, Path run) {
        return new TrainOptions(data, run, 3, 2, Optional.empty(), Optional.empty(), List.of());
    }

    private static TrainOptions resume(Path run) {
        return new TrainOptions(data, run, 3, 2, Optional.of(run.resolve(Trainer.LAST)), Optional.empty(), List.of());
    }

    @Test
    void aRunWritesCheckpointsMetricsAndPlots() throws Exception {
        Path run = runs.resolve("run");
        List<String> saved = new ArrayList<>();
        TrainListener listener = new TrainListener() {
            @Override
            public void checkpointSaved(Path file, RunState state) {
                saved.add(file.getFileName() + "@" + state.epoch());
            }
        };
        RunResult result = new Trainer(fresh(data, run), listener).run(config());

        assertTrue(result.completed());
        assertEquals(2, result.epochs().size());
        assertEquals(2, result.state().epoch());
        assertEquals(2 * STEPS_PER_EPOCH, result.state().optimizerSteps());
        List<String> lines = Files.readAllLines(run.resolve(Trainer.METRICS));
        assertEquals(2, lines.size());
        assertTrue(lines.get(0).startsWith("{\"epoch\":0,\"steps\":6,"), lines.get(0));
        assertTrue(lines.get(1).startsWith("{\"epoch\":1,\"steps\":12,"), lines.get(1));
        for (String file : List.of(Trainer.CONFIG, "loss.png", "accuracy.png", "lr.png")) {
            assertTrue(Files.size(run.resolve(file)) > 0, file);
        }
        assertTrue(Files.readString(run.resolve(Trainer.CONFIG)).contains("TRAIN.END_EPOCH=2"));
        assertEquals("circle\nsquare\ntriangle\n", Files.readString(run.resolve(Trainer.LABELS)));
        assertTrue(saved.containsAll(List.of(Trainer.LAST + "@1", Trainer.LAST + "@2")), saved.toString());
        assertEquals(run.resolve(Trainer.LAST), result.last());

        TrainCheckpoint last = TrainCheckpoint.load(run.resolve(Trainer.LAST));
        assertEquals(result.state(), last.state());
        double bestTop1 = result.epochs().stream()
                .mapToDouble(EpochMetrics::valTop1)
                .max()
                .orElseThrow();
        assertEquals(bestTop1, last.state().bestTop1());
        TrainCheckpoint best = TrainCheckpoint.load(run.resolve(Trainer.BEST));
        assertEquals(bestTop1, best.state().bestTop1());
        assertTrue(
                last.optimizer().keys().contains("exp_avg.head.weight"),
                last.optimizer().keys().toString());
        assertTrue(last.model().keys().contains("stage2.cls_token"));

        Provenance p = last.provenance();
        assertEquals(List.of("circle", "square", "triangle"), p.classes());
        assertEquals(3, p.seed());
        try (Stream<Path> train = Files.walk(data.resolve("train"))) {
            assertEquals(train.filter(Files::isRegularFile).count(), p.images());
        }
        assertTrue(p.dataSha256().matches("[0-9a-f]{64}"), p.dataSha256());
        assertTrue(p.cvt4jCommit().matches("[0-9a-f]{40}(-dirty)?|unknown"), p.cvt4jCommit());
        assertEquals("2.7.1", p.pytorchVersion());
        assertEquals("0.35.1", p.djlVersion());
        assertTrue(p.intraOpThreads() >= 1 && p.interOpThreads() >= 1, p.toString());
        assertEquals(null, p.finetune());
        assertTrue(p.started().compareTo(p.saved()) <= 0, p.toString());
        assertEquals(p.dataSha256(), best.provenance().dataSha256(), "one listing per run");
    }

    @Test
    void aRunStoppedMidEpochAndResumedEndsExactlyAsAnUninterruptedOne() throws Exception {
        Path straight = runs.resolve("straight");
        assertTrue(new Trainer(fresh(data, straight), TrainListener.NONE)
                .run(config())
                .completed());

        Path interrupted = runs.resolve("interrupted");
        int stopAfter = STEPS_PER_EPOCH + 2; // in the middle of the second epoch
        Trainer[] first = new Trainer[1];
        first[0] = new Trainer(fresh(data, interrupted), new TrainListener() {
            @Override
            public void stepDone(StepProgress p) {
                if (p.totalSteps() == stopAfter) {
                    first[0].requestStop();
                }
            }
        });
        RunResult stopped = first[0].run(config());
        assertFalse(stopped.completed());
        assertEquals(
                new RunState(1, 2, stopAfter, 3, stopped.state().bestTop1(), config(), List.of()), stopped.state());
        assertEquals(
                stopped.state(),
                TrainCheckpoint.load(interrupted.resolve(Trainer.LAST)).state());

        RunResult resumed = new Trainer(resume(interrupted), TrainListener.NONE).run(null);
        assertTrue(resumed.completed());
        TrainCheckpoint a = TrainCheckpoint.load(straight.resolve(Trainer.LAST));
        TrainCheckpoint b = TrainCheckpoint.load(interrupted.resolve(Trainer.LAST));
        assertEquals(a.state(), b.state());
        assertWithin(a.model(), b.model(), 1e-6);
        assertWithin(a.optimizer(), b.optimizer(), 1e-6);
        assertEquals(2, Files.readAllLines(interrupted.resolve(Trainer.METRICS)).size());
    }

    @Test
    void aNonFiniteLossStopsTheRunNamingTheStepAndKeepsTheLastGoodCheckpoint() throws Exception {
        Path run = runs.resolve("diverged");
        // A learning rate of 1e38 takes every weight to ~1e38 in one step: the next forward overflows.
        RunConfig exploding =
                config("TRAIN.LR=1e38", "TRAIN.LR_SCHEDULER.ARGS.warmup_epochs=0", "CVT4J.CHECKPOINT_STEPS=1");
        DivergedException e = assertThrows(
                DivergedException.class, () -> new Trainer(fresh(data, run), TrainListener.NONE).run(exploding));
        TrainCheckpoint last = TrainCheckpoint.load(run.resolve(Trainer.LAST));
        long good = last.state().optimizerSteps();
        assertTrue(good >= 1, "a checkpoint after each good step");
        assertTrue(e.getMessage().contains("(epoch 0, batch " + good + ")"), e.getMessage());
        assertTrue(e.getMessage().endsWith("the last good checkpoint is " + run.resolve(Trainer.LAST)), e.getMessage());
        assertFalse(
                Files.exists(run.resolve(Trainer.METRICS))
                        && !Files.readString(run.resolve(Trainer.METRICS)).isEmpty(),
                "no epoch finished");
    }

    @Test
    void aRunDirectoryIsNeverTakenOverOrResumedWithAnotherConfiguration() throws Exception {
        Path run = runs.resolve("taken");
        new Trainer(fresh(data, run), TrainListener.NONE).run(config("TRAIN.END_EPOCH=1"));
        byte[] before = Files.readAllBytes(run.resolve(Trainer.LAST));

        IllegalStateException taken = assertThrows(
                IllegalStateException.class, () -> new Trainer(fresh(data, run), TrainListener.NONE).run(config()));
        assertTrue(
                taken.getMessage().startsWith(run.resolve(Trainer.LAST) + ": the run directory already holds a run"),
                taken.getMessage());
        ConfigException other = assertThrows(
                ConfigException.class, () -> new Trainer(resume(run), TrainListener.NONE).run(config("TRAIN.LR=0.1")));
        assertTrue(other.getMessage().contains("the run was started with another configuration"), other.getMessage());
        assertArrayEquals(before, Files.readAllBytes(run.resolve(Trainer.LAST)));
    }

    @Test
    void fineTuningReplacesTheHeadFreezesLayersAndTrainsAtANewResolution(@TempDir Path fourClasses) throws Exception {
        Path pretrained = runs.resolve("pretrained");
        new Trainer(fresh(data, pretrained), TrainListener.NONE).run(config("TRAIN.END_EPOCH=1"));
        write(fourClasses, 4);

        Path run = runs.resolve("finetuned");
        List<String> messages = new ArrayList<>();
        TrainListener listener = new TrainListener() {
            @Override
            public void message(String line) {
                messages.add(line);
            }
        };
        TrainOptions options = new TrainOptions(
                fourClasses,
                run,
                3,
                2,
                Optional.empty(),
                Optional.of(pretrained.resolve(Trainer.LAST)),
                List.of("stage0."));
        RunResult result = new Trainer(options, listener).run(config("TRAIN.END_EPOCH=1", "TRAIN.IMAGE_SIZE=[48, 48]"));

        assertTrue(result.completed());
        assertTrue(messages.get(0).contains("except its classifier head"), messages.toString());
        assertTrue(messages.get(1).startsWith("froze "), messages.toString());
        StateDict before =
                TrainCheckpoint.load(pretrained.resolve(Trainer.LAST)).model();
        StateDict after = TrainCheckpoint.load(run.resolve(Trainer.LAST)).model();
        assertArrayEquals(new long[] {4, 128}, after.get("head.weight").shape());
        assertEquals(
                before.get("stage0.patch_embed.proj.weight"), after.get("stage0.patch_embed.proj.weight"), "frozen");
        assertNotEquals(
                before.get("stage1.patch_embed.proj.weight"), after.get("stage1.patch_embed.proj.weight"), "trained");
        assertEquals(List.of("stage0."), result.state().frozen());
        assertNotEquals(-1.0, result.state().bestTop1());
    }

    @Test
    void missingDataIsADatasetErrorNamingTheFolder() throws IOException {
        Path empty = Files.createDirectories(runs.resolve("nodata"));
        Exception e = assertThrows(
                dev.cvt4j.eval.DatasetException.class,
                () -> new Trainer(fresh(empty, runs.resolve("r")), TrainListener.NONE).run(config()));
        assertTrue(e.getMessage().startsWith(empty.resolve("train").toString()), e.getMessage());
    }
}
