package dev.cvt4j.cli;

import dev.cvt4j.train.run.EpochMetrics;
import dev.cvt4j.train.run.RunConfig;
import dev.cvt4j.train.run.RunResult;
import dev.cvt4j.train.run.RunState;
import dev.cvt4j.train.run.StepProgress;
import dev.cvt4j.train.run.TrainListener;
import dev.cvt4j.train.run.Trainer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/**
 * Runs a {@link Trainer} from the command line: a progress bar per epoch on stderr when it is a
 * terminal (step, loss, lr, images/s, ETA), one summary line per epoch on stdout, checkpoint and
 * other messages on stderr, and Ctrl-C (SIGINT, or SIGTERM) turned into a clean stop: the run saves
 * its position to {@code last.safetensors} after the step in progress and the process exits.
 */
final class TrainConsole implements TrainListener {
    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean bars;
    private ProgressBar bar;

    /**
     * @param out where epoch summaries go
     * @param err where messages and the progress bar go
     * @param bars whether to draw progress bars (stderr is a terminal and not {@code --quiet})
     */
    TrainConsole(PrintWriter out, PrintWriter err, boolean bars) {
        this.out = out;
        this.err = err;
        this.bars = bars;
    }

    /**
     * Runs the trainer with a shutdown hook that stops it cleanly; returns the exit code.
     *
     * @param trainer the trainer, built with this console as its listener
     * @param config the configuration of a new run, or {@code null} to resume with the run's own
     * @param runDir the run directory, for the closing message
     * @return the run's result
     * @throws InterruptedException when the thread is interrupted
     */
    RunResult run(Trainer trainer, RunConfig config, Path runDir) throws InterruptedException {
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(
                () -> {
                    trainer.requestStop();
                    try {
                        finished.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "cvt-train-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            RunResult result = trainer.run(config);
            closeBar();
            if (!result.completed()) {
                RunState s = result.state();
                err.printf(
                        "stopped: saved %s at epoch %d, batch %d (%d optimizer steps); continue with"
                                + " cvt train --data DIR --output %s --resume auto%n",
                        result.last(), s.epoch(), s.batch(), s.optimizerSteps(), runDir);
                err.flush();
            }
            return result;
        } finally {
            closeBar();
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: the JVM exits once it returns
            }
        }
    }

    @Override
    public void message(String line) {
        err.println(line);
        err.flush();
    }

    @Override
    public void epochStarted(int epoch, int endEpoch, int firstStep, int stepsPerEpoch, double lr) {
        if (bars) {
            bar = new ProgressBarBuilder()
                    .setTaskName(String.format("epoch %d/%d", epoch + 1, endEpoch))
                    .setInitialMax(stepsPerEpoch)
                    .setUpdateIntervalMillis(500)
                    .startsFrom(firstStep, Duration.ZERO)
                    .build();
        }
    }

    @Override
    public void stepDone(StepProgress p) {
        if (bar != null) {
            bar.stepTo(p.step());
            bar.setExtraMessage(String.format(" loss %.4f lr %.2e %.0f img/s", p.loss(), p.lr(), p.imagesPerSecond()));
        }
    }

    @Override
    public void validationStarted() {
        if (bar != null) {
            bar.setExtraMessage(" validating");
        }
    }

    @Override
    public void epochDone(EpochMetrics m) {
        closeBar();
        out.printf(
                "epoch %d: train loss %.4f, val loss %.4f, top-1 %.2f%%, top-5 %.2f%%, lr %.3e, %.0f img/s, %.1f s%n",
                m.epoch() + 1,
                m.trainLoss(),
                m.valLoss(),
                m.valTop1(),
                m.valTop5(),
                m.lr(),
                m.imagesPerSecond(),
                m.seconds());
        out.flush();
    }

    @Override
    public void checkpointSaved(Path file, RunState s) {
        if (bar == null) {
            err.printf(
                    "checkpoint %s: epoch %d, batch %d, %d optimizer steps%n",
                    file, s.epoch(), s.batch(), s.optimizerSteps());
            err.flush();
        }
    }

    private void closeBar() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
