package dev.cvt4j.cli;

import static dev.cvt4j.checkpoint.StateDictAssertions.assertWithin;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvt4j.train.data.ShapesDataset;
import dev.cvt4j.train.run.RunConfig;
import dev.cvt4j.train.run.RunState;
import dev.cvt4j.train.run.TrainCheckpoint;
import dev.cvt4j.train.run.Trainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cvt train} as a user runs it, in real processes: a run killed with SIGKILL in the middle of
 * an epoch and resumed with {@code --resume auto} ends with the weights of a run never interrupted;
 * Ctrl-C (SIGINT) saves and exits; a diverging run stops naming the step; the official CvT-13
 * experiment file trains its first steps and checkpoints; bad input is one line on stderr.
 */
class TrainCliTest {
    /** 3 shapes, 16 training images each, batches of 8: 6 optimizer steps per epoch. */
    private static final int STEPS_PER_EPOCH = 6;

    private static final String OFFICIAL_CVT13 =
            "../cvt4j-train/src/main/resources/dev/cvt4j/train/config/cvt-13-224x224.yaml";

    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    private static Path data;
    private static Path tiny;

    @BeforeAll
    static void prepare() throws IOException {
        data = shared.resolve("data");
        new ShapesDataset(3, 16, 32, 5, "train").write(data.resolve("train"), 2);
        new ShapesDataset(3, 4, 32, 5, "val").write(data.resolve("val"), 2);
        // The quickstart's experiment without NUM_CLASSES: the data's 3 classes set the head.
        String yaml = RunConfig.ofResource(QuickstartCommand.CONFIG, List.of()).yaml();
        assertTrue(yaml.contains("  NUM_CLASSES: 10\n"));
        tiny = Files.writeString(shared.resolve("tiny.yaml"), yaml.replace("  NUM_CLASSES: 10\n", ""));
    }

    /** The arguments of a 2-epoch run of the tiny experiment into {@code run}, with {@code extra} appended. */
    private static String[] train(Path run, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "train",
                "--config",
                tiny.toString(),
                "--data",
                data.toString(),
                "--output",
                run.toString(),
                "--seed",
                "5",
                "--workers",
                "2",
                "--quiet",
                "TRAIN.END_EPOCH=2",
                "TRAIN.BATCH_SIZE_PER_GPU=8"));
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    /** Waits until the process's stderr contains {@code text}; fails if it exits first. */
    private static void awaitErr(CvtProcess.Running p, String text) throws Exception {
        long deadline = System.nanoTime() + 240_000_000_000L;
        while (!p.errSoFar().contains(text)) {
            assertTrue(p.process().isAlive(), "exited before printing '" + text + "':\n" + p.errSoFar());
            assertTrue(System.nanoTime() < deadline, "no '" + text + "' in 4 minutes:\n" + p.errSoFar());
            Thread.sleep(20);
        }
    }

    @Test
    void aRunKilledMidEpochAndResumedEndsWithTheWeightsOfAnUninterruptedRun() throws Exception {
        Path straight = dir.resolve("straight");
        CvtProcess.Result whole = CvtProcess.run(train(straight, "CVT4J.CHECKPOINT_STEPS=1"));
        assertEquals(0, whole.exit(), whole.toString());

        Path killed = dir.resolve("killed");
        int killAfter = STEPS_PER_EPOCH + 2;
        try (CvtProcess.Running p = CvtProcess.start(train(killed, "CVT4J.CHECKPOINT_STEPS=1"))) {
            awaitErr(p, ", " + killAfter + " optimizer steps");
            p.process().destroyForcibly(); // SIGKILL
            assertEquals(137, p.process().waitFor());
        }
        RunState atKill = TrainCheckpoint.load(killed.resolve(Trainer.LAST)).state();
        assertEquals(1, atKill.epoch(), "killed in the second epoch: " + atKill);
        assertTrue(atKill.batch() > 0 && atKill.batch() < STEPS_PER_EPOCH, "in the middle of the epoch: " + atKill);

        CvtProcess.Result resumed = CvtProcess.run(
                "train",
                "--data",
                data.toString(),
                "--output",
                killed.toString(),
                "--resume",
                "auto",
                "--workers",
                "2",
                "--quiet");
        assertEquals(0, resumed.exit(), resumed.toString());
        assertTrue(
                resumed.err()
                        .contains("resumed " + killed.resolve(Trainer.LAST) + " at epoch 1, batch " + atKill.batch()),
                resumed.err());

        TrainCheckpoint a = TrainCheckpoint.load(straight.resolve(Trainer.LAST));
        TrainCheckpoint b = TrainCheckpoint.load(killed.resolve(Trainer.LAST));
        assertEquals(a.state(), b.state());
        assertWithin(a.model(), b.model(), 1e-6);
        assertWithin(a.optimizer(), b.optimizer(), 1e-6);
        assertEquals(
                Files.readAllLines(straight.resolve(Trainer.METRICS)).size(),
                Files.readAllLines(killed.resolve(Trainer.METRICS)).size());
    }

    @Test
    void ctrlCSavesThePositionAndExits() throws Exception {
        Path run = dir.resolve("interrupted");
        try (CvtProcess.Running p = CvtProcess.start(train(run, "TRAIN.END_EPOCH=200", "CVT4J.CHECKPOINT_STEPS=1"))) {
            awaitErr(p, ", 2 optimizer steps");
            Process kill =
                    new ProcessBuilder("kill", "-INT", Long.toString(p.process().pid())).start();
            assertEquals(0, kill.waitFor());
            CvtProcess.Result r = p.await(2);
            assertEquals(130, r.exit(), r.toString());
            assertTrue(r.err().contains("stopped: saved " + run.resolve(Trainer.LAST)), r.toString());
            assertTrue(r.err().contains("--resume auto"), r.toString());
            assertFalse(r.err().contains("\tat "), r.toString());
        }
        RunState saved = TrainCheckpoint.load(run.resolve(Trainer.LAST)).state();
        assertTrue(saved.optimizerSteps() >= 2 && saved.epoch() < 200, saved.toString());
    }

    @Test
    void aDivergingRunStopsNamingTheStepAndKeepsTheLastGoodCheckpoint() throws Exception {
        Path run = dir.resolve("diverged");
        CvtProcess.Result r = CvtProcess.run(
                train(run, "TRAIN.LR=1e38", "TRAIN.LR_SCHEDULER.ARGS.warmup_epochs=0", "CVT4J.CHECKPOINT_STEPS=1"));
        assertEquals(1, r.exit(), r.toString());
        long good = TrainCheckpoint.load(run.resolve(Trainer.LAST)).state().optimizerSteps();
        String last = r.err().lines().reduce((x, y) -> y).orElseThrow();
        assertTrue(
                last.contains("the loss is")
                        && last.contains("(epoch 0, batch " + good + ")")
                        && last.endsWith("the last good checkpoint is " + run.resolve(Trainer.LAST)),
                r.toString());
        assertFalse(r.err().contains("\tat "), r.toString());
    }

    @Test
    void theOfficialCvt13ExperimentTrainsItsFirstStepsAndCheckpoints() throws Exception {
        Path run = dir.resolve("cvt13");
        // 6 images of 3 classes: 3 optimizer steps of 2 images at 224x224, then validation on 3 images.
        Path small = dir.resolve("small");
        new ShapesDataset(3, 2, 64, 1, "train").write(small.resolve("train"), 2);
        new ShapesDataset(3, 1, 64, 1, "val").write(small.resolve("val"), 2);
        CvtProcess.Result r = CvtProcess.run(
                "train",
                "--config",
                OFFICIAL_CVT13,
                "--data",
                small.toString(),
                "--output",
                run.toString(),
                "--quiet",
                "TRAIN.END_EPOCH=1",
                "TRAIN.BATCH_SIZE_PER_GPU=2",
                "CVT4J.CHECKPOINT_STEPS=1");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(
                r.err().contains("checkpoint " + run.resolve(Trainer.LAST) + ": epoch 0, batch 1, 1 optimizer steps"),
                r.toString());
        assertTrue(r.out().startsWith("epoch 1: train loss "), r.toString());
        TrainCheckpoint last = TrainCheckpoint.load(run.resolve(Trainer.LAST));
        assertEquals(3, last.state().optimizerSteps());
        assertArrayEquals(new long[] {3, 384}, last.model().get("head.weight").shape());
        assertTrue(last.model().contains("stage2.blocks.9.attn.conv_proj_q.conv.weight"), "CvT-13: 10 blocks");
        assertFalse(last.model().contains("stage2.blocks.10.attn.conv_proj_q.conv.weight"), "CvT-13: 10 blocks");
        assertTrue(Files.readString(run.resolve(Trainer.CONFIG)).contains("DIM_EMBED: [64, 192, 384]"));

        CvtProcess.Result inspect =
                CvtProcess.run("inspect", run.resolve(Trainer.LAST).toString());
        assertEquals(0, inspect.exit(), inspect.toString());
        List<String> lines = inspect.out().lines().map(String::strip).toList();
        assertTrue(lines.contains("layout:      official (cvt4j training checkpoint)"), inspect.out());
        assertTrue(inspect.out().contains("fits --model cvt-13 with its NUM_CLASSES set to 3"), inspect.out());
        assertTrue(
                lines.contains("run:         epoch 1, batch 0, 3 optimizer steps, best top-1 "
                        + last.state().bestTop1()),
                inspect.out());
        for (String field : List.of(
                "cvt4jVersion",
                "cvt4jCommit",
                "djlVersion 0.35.1",
                "pytorchVersion 2.7.1",
                "intraOpThreads",
                "interOpThreads",
                "seed",
                "finetune",
                "classes [\"circle\"",
                "images 6",
                "dataSha256",
                "started",
                "saved")) {
            assertTrue(
                    lines.stream().anyMatch(l -> l.replaceAll(" +", " ").startsWith(field)),
                    field + "\n" + inspect.out());
        }
    }

    @Test
    void badInputIsOneLineOnStderr() throws Exception {
        Path run = dir.resolve("bad");
        assertFails(
                CvtProcess.run("train", "--data", data.toString(), "--output", run.toString()),
                2,
                "give --config FILE.yaml or --model PRESET");
        assertFails(CvtProcess.run(train(run, "TRAIN.NO_SUCH_KEY=1")), 1, "TRAIN.NO_SUCH_KEY");
        assertFails(
                CvtProcess.run(
                        "train",
                        "--config",
                        dir.resolve("missing.yaml").toString(),
                        "--data",
                        data.toString(),
                        "--output",
                        run.toString()),
                1,
                dir.resolve("missing.yaml") + ": cannot read");
        assertFails(
                CvtProcess.run("train", "--model", "cvt-99", "--data", data.toString(), "--output", run.toString()),
                1,
                "cvt-99: not a preset");
        assertFails(
                CvtProcess.run(train(
                        run, "--resume", dir.resolve("nothing.safetensors").toString())),
                2,
                "no such checkpoint");
        assertFails(
                CvtProcess.run(
                        "train",
                        "--model",
                        "cvt-13",
                        "--data",
                        dir.resolve("nodata").toString(),
                        "--output",
                        run.toString()),
                1,
                dir.resolve("nodata").resolve("train").toString());
        Path notACheckpoint = Files.writeString(dir.resolve("not.safetensors"), "not a checkpoint");
        assertFails(CvtProcess.run(train(run, "--finetune", notACheckpoint.toString())), 1, notACheckpoint.toString());
        assertFalse(Files.exists(run.resolve(Trainer.LAST)), "nothing was trained");
    }

    private static void assertFails(CvtProcess.Result r, int exit, String message) {
        assertEquals(exit, r.exit(), r.toString());
        assertTrue(r.err().contains(message), r.toString());
        assertFalse(r.err().contains("\tat "), r.toString());
    }
}
