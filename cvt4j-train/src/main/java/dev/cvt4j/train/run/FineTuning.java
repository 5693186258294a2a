package dev.cvt4j.train.run;

import dev.cvt4j.checkpoint.CheckpointException;
import dev.cvt4j.checkpoint.Checkpoints;
import dev.cvt4j.checkpoint.LoadReport;
import dev.cvt4j.model.CvtModel;
import dev.cvt4j.model.OfficialNames;
import dev.cvt4j.model.StateEntry;
import dev.cvt4j.model.WeightLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starting a run from trained weights: loads an official, HuggingFace or cvt4j checkpoint into a
 * freshly built model, keeping the new classifier head ({@code head.weight}, {@code head.bias}) when
 * the checkpoint's class count differs, and freezes parameters by official-name prefix. The input
 * resolution may differ from the checkpoint's: CvT has no positional embedding to interpolate.
 */
public final class FineTuning {
    private static final List<String> HEAD = List.of("head.weight", "head.bias");

    private FineTuning() {}

    /**
     * Loads the pre-trained weights.
     *
     * @param model the freshly built model, with the class count of the new task
     * @param weights the checkpoint file
     * @return a one-line description of what was loaded, e.g. for the run's log
     * @throws CheckpointException naming the file when it cannot be read, or when anything but the
     *     head is missing, unexpected or of another shape (another architecture)
     */
    public static String load(CvtModel model, Path weights) {
        LoadReport report = WeightLoader.check(model, Checkpoints.read(weights));
        List<String> problems = new ArrayList<>();
        report.missing().stream().filter(k -> !HEAD.contains(k)).forEach(problems::add);
        report.unexpected().stream().filter(k -> !HEAD.contains(k)).forEach(problems::add);
        report.mismatched().stream()
                .filter(m -> !HEAD.contains(m.substring(0, m.indexOf(':'))))
                .forEach(problems::add);
        if (!problems.isEmpty()) {
            throw new CheckpointException(weights, "does not fit the model apart from its head: " + report.summary());
        }
        WeightLoader.load(model, Checkpoints.read(weights), weights, false);
        return report.isClean()
                ? "loaded " + weights
                : "loaded " + weights + " except its classifier head (" + report.summary() + "), which starts fresh";
    }

    /**
     * Freezes every parameter whose official name starts with one of the prefixes: it then takes no
     * gradient and no optimizer step (BatchNorm running statistics of frozen layers still update in
     * training mode, as in PyTorch).
     *
     * @param model the model
     * @param prefixes official-name prefixes, e.g. {@code stage0.} or {@code stage1.blocks.0}
     * @return the number of parameter tensors frozen
     * @throws IllegalArgumentException naming a prefix that matches no parameter
     */
    public static int freeze(CvtModel model, List<String> prefixes) {
        int frozen = 0;
        for (String prefix : prefixes) {
            int matched = 0;
            for (Map.Entry<String, StateEntry> e : OfficialNames.of(model.net()).entrySet()) {
                if (e.getKey().startsWith(prefix)
                        && e.getValue() instanceof StateEntry.ParameterArray t
                        && t.parameter().requiresGradient()) {
                    t.parameter().freeze(true);
                    matched++;
                }
            }
            if (matched == 0) {
                throw new IllegalArgumentException(
                        "--freeze " + prefix + ": no trainable parameter's official name starts"
                                + " with it (e.g. stage0., stage2.blocks.0., head.)");
            }
            frozen += matched;
        }
        return frozen;
    }
}
