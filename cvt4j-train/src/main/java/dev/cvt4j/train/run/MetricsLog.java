package dev.cvt4j.train.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cvt4j.checkpoint.AtomicFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The run's {@code metrics.jsonl}: one JSON object per finished epoch, appended as epochs end. On
 * resume the log is cut back to the epochs before the resumed one (an epoch that finished after
 * the last checkpoint is run again and logged again, not twice). Rewrites are atomic ({@link AtomicFile});
 * appends add one whole line.
 */
public final class MetricsLog {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path file;
    private final List<EpochMetrics> epochs;

    private MetricsLog(Path file, List<EpochMetrics> epochs) {
        this.file = file;
        this.epochs = epochs;
    }

    /**
     * Opens the log of a run, keeping the epochs before {@code firstEpoch}.
     *
     * @param file {@code RUN/metrics.jsonl}; created if absent
     * @param firstEpoch the epoch the run continues with (0 for a new run)
     * @return the log
     * @throws UncheckedIOException when the file cannot be read or rewritten, or holds a malformed line
     */
    public static MetricsLog open(Path file, int firstEpoch) {
        List<EpochMetrics> kept = new ArrayList<>();
        try {
            if (Files.exists(file)) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    if (!line.isBlank()) {
                        EpochMetrics m = JSON.readValue(line, EpochMetrics.class);
                        if (m.epoch() < firstEpoch) {
                            kept.add(m);
                        }
                    }
                }
            }
            MetricsLog log = new MetricsLog(file, kept);
            log.rewrite();
            return log;
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read the metrics log (" + e.getMessage() + ")", e);
        }
    }

    private void rewrite() throws IOException {
        StringBuilder text = new StringBuilder();
        for (EpochMetrics m : epochs) {
            text.append(JSON.writeValueAsString(m)).append('\n');
        }
        AtomicFile.write(file, text.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Appends one epoch's line.
     *
     * @param m the epoch's figures
     * @throws UncheckedIOException when the file cannot be written
     */
    public void append(EpochMetrics m) {
        try {
            Files.writeString(
                    file,
                    JSON.writeValueAsString(m) + "\n",
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            epochs.add(m);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot append metrics (" + e.getMessage() + ")", e);
        }
    }

    /** The epochs logged so far, in order. */
    public List<EpochMetrics> epochs() {
        return Collections.unmodifiableList(epochs);
    }
}
