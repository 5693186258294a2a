package dev.cvt4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.cvt4j.checkpoint.CheckpointException;
import dev.cvt4j.checkpoint.Checkpoints;
import dev.cvt4j.checkpoint.DType;
import dev.cvt4j.checkpoint.LoadReport;
import dev.cvt4j.checkpoint.StateDict;
import dev.cvt4j.checkpoint.Tensor;
import dev.cvt4j.config.CvtConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Moves weights between state dicts with official names and a {@link CvtModel}, through the
 * explicit {@link OfficialNames} table. Loading is strict by default: any missing, unexpected or
 * mismatched key fails the load with the {@link LoadReport}, and the model is left untouched.
 */
public final class WeightLoader {
    /** Name suffix of PyTorch's int64 BatchNorm batch counter, the one non-float entry of a CvT state dict. */
    public static final String BATCH_COUNTER = ".num_batches_tracked";

    private WeightLoader() {}

    /**
     * Reads a checkpoint (official or HuggingFace names; .pth/.bin or .safetensors, detected from the
     * content) and loads it strictly.
     *
     * @param model the model to fill
     * @param file the checkpoint
     * @return the (clean) report
     * @throws CheckpointException when the file cannot be read or does not fit the model
     */
    public static LoadReport load(CvtModel model, Path file) {
        return load(model.net(), file);
    }

    /**
     * Reads a checkpoint and loads it strictly into a network whose parameters are allocated, e.g. one
     * built by {@link Cvt#create} in a DJL {@code Model}'s manager.
     *
     * @param net the network to fill
     * @param file the checkpoint (official or HuggingFace names; .pth/.bin or .safetensors)
     * @return the (clean) report
     * @throws CheckpointException when the file cannot be read or does not fit the network
     */
    public static LoadReport load(Cvt net, Path file) {
        return load(net, Checkpoints.read(file), file, true);
    }

    /**
     * Builds a model and loads a checkpoint into it strictly; the model is closed again when loading
     * fails.
     *
     * @param config the architecture
     * @param file the checkpoint
     * @return the loaded model; close it to free its native memory
     * @throws CheckpointException when the file cannot be read or does not fit the model
     */
    public static CvtModel loadModel(CvtConfig config, Path file) {
        CvtModel model = CvtModel.allocate(config);
        try {
            load(model, file);
            return model;
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /**
     * Compares a state dict with the model without loading anything.
     *
     * @param model the model
     * @param official state dict with official names
     * @return what is missing, unexpected or mismatched
     */
    public static LoadReport check(CvtModel model, StateDict official) {
        return check(model.net(), official);
    }

    private static LoadReport check(Cvt net, StateDict official) {
        Map<String, long[]> expected = new LinkedHashMap<>();
        OfficialNames.of(net).forEach((name, entry) -> expected.put(name, shape(entry)));
        return check(expected, official);
    }

    /**
     * Compares a state dict with the tensors a model needs, by official name. Every entry is float32
     * except BatchNorm's {@code *.num_batches_tracked} counters (int64); a float tensor of any floating
     * dtype fits, as {@link #load} converts it.
     *
     * @param expected official name to shape, in official state-dict order
     * @param official state dict with official names
     * @return what is missing (in {@code expected}'s order), unexpected (in file order) or mismatched
     */
    public static LoadReport check(Map<String, long[]> expected, StateDict official) {
        List<String> missing = new ArrayList<>();
        List<String> mismatched = new ArrayList<>();
        for (Map.Entry<String, long[]> e : expected.entrySet()) {
            if (!official.contains(e.getKey())) {
                missing.add(e.getKey());
                continue;
            }
            Tensor t = official.get(e.getKey());
            DType dtype = e.getKey().endsWith(BATCH_COUNTER) ? DType.I64 : DType.F32;
            boolean dtypeOk = dtype == DType.I64
                    ? !t.dtype().isFloatingPoint()
                    : t.dtype().isFloatingPoint();
            if (!Arrays.equals(e.getValue(), t.shape()) || !dtypeOk) {
                mismatched.add(e.getKey() + ": file " + Arrays.toString(t.shape()) + " " + t.dtype() + ", model "
                        + Arrays.toString(e.getValue()) + " " + dtype);
            }
        }
        List<String> unexpected =
                official.keys().stream().filter(k -> !expected.containsKey(k)).toList();
        return new LoadReport(missing, unexpected, mismatched);
    }

    /**
     * The strict-load failure for a report that is not clean: the one message every engine gives.
     *
     * @param source the checkpoint file
     * @param report how it fits
     * @throws CheckpointException naming the file and summarising the report, unless the report is clean
     */
    public static void requireFit(Path source, LoadReport report) {
        if (!report.isClean()) {
            throw new CheckpointException(source, "does not fit the model: " + report.summary());
        }
    }

    /**
     * Loads a state dict with official names.
     *
     * @param model the model to fill
     * @param official tensors by official name
     * @param source the file they came from, for messages
     * @param strict when true, fail unless the report is clean; when false, load every key that fits
     *     and leave the others as they are (e.g. a new classifier head when fine-tuning)
     * @return the report
     * @throws CheckpointException in strict mode when the state dict does not fit the model
     */
    public static LoadReport load(CvtModel model, StateDict official, Path source, boolean strict) {
        return load(model.net(), official, source, strict);
    }

    private static LoadReport load(Cvt net, StateDict official, Path source, boolean strict) {
        LoadReport report = check(net, official);
        if (strict) {
            requireFit(source, report);
        }
        List<String> skip = report.mismatched().stream()
                .map(m -> m.substring(0, m.indexOf(':')))
                .toList();
        for (Map.Entry<String, StateEntry> e : OfficialNames.of(net).entrySet()) {
            if (!official.contains(e.getKey()) || skip.contains(e.getKey())) {
                continue;
            }
            Tensor t = official.get(e.getKey());
            if (e.getValue() instanceof StateEntry.ParameterArray p) {
                // Swap in a libtorch-owned copy: NDArray.set() makes libtorch print a deprecation warning,
                // and an array created from a Java buffer must not outlive that buffer. float32 data is
                // staged straight from the checkpoint's little-endian bytes (no float[] in between).
                NDArray target = p.parameter().getArray();
                NDManager m = target.getManager();
                try (NDArray staged = t.dtype() == DType.F32
                        ? m.create(t.data(), target.getShape(), DataType.FLOAT32)
                        : m.create(t.toFloatArray(), target.getShape())) {
                    target.intern(staged.duplicate());
                }
            } else if (e.getValue() instanceof StateEntry.BatchCounter c) {
                c.projection().setNumBatchesTracked(t.toLongArray()[0]);
            }
        }
        return report;
    }

    /**
     * The model's state under official names, in official order ({@code num_batches_tracked} as
     * int64 0-dim tensors, everything else float32).
     *
     * @param model the model
     * @return a state dict without PyTorch {@code _metadata}
     */
    public static StateDict export(CvtModel model) {
        StateDict out = new StateDict();
        for (Map.Entry<String, StateEntry> e : OfficialNames.of(model.net()).entrySet()) {
            if (e.getValue() instanceof StateEntry.ParameterArray p) {
                NDArray a = p.parameter().getArray();
                out.put(e.getKey(), Tensor.ofFloats(a.getShape().getShape(), a.toFloatArray()));
            } else if (e.getValue() instanceof StateEntry.BatchCounter c) {
                out.put(
                        e.getKey(),
                        Tensor.ofLongs(new long[0], new long[] {c.projection().numBatchesTracked()}));
            }
        }
        return out;
    }

    private static long[] shape(StateEntry entry) {
        return entry instanceof StateEntry.ParameterArray p
                ? p.parameter().getArray().getShape().getShape()
                : new long[0];
    }
}
