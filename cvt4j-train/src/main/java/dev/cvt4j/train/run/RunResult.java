package dev.cvt4j.train.run;

import java.nio.file.Path;
import java.util.List;

/**
 * How a training run ended.
 *
 * @param completed true when every epoch ran; false when a stop was requested (Ctrl-C) and the run
 *     saved its position to {@code last} to be resumed
 * @param state where the run stands
 * @param epochs the metrics of every epoch so far, in order
 * @param last the last checkpoint written, or {@code null} when none was
 */
public record RunResult(boolean completed, RunState state, List<EpochMetrics> epochs, Path last) {}
