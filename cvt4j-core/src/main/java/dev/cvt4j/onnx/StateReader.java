package dev.cvt4j.onnx;

import dev.cvt4j.checkpoint.StateDict;
import dev.cvt4j.checkpoint.Tensor;
import dev.cvt4j.model.WeightLoader;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a state dict (official names) for the ONNX writer and records every name and shape it asks
 * for, in the order it asks, so that the fit is judged afterwards exactly as {@link WeightLoader}
 * judges it for the PyTorch engine: same report, same one-line error. The writer asks in official
 * state-dict order, so the lists in the message come in the same order too.
 *
 * <p>A tensor that is missing or has another shape reads as zeros of the expected shape, so that the
 * graph can be finished; {@link #requireFit()} then fails before the graph is used.
 */
final class StateReader {
    private final StateDict state;
    private final Path source;
    private final Map<String, long[]> expected = new LinkedHashMap<>();

    /**
     * @param state tensors by official name
     * @param source the checkpoint they came from, for messages
     */
    StateReader(StateDict state, Path source) {
        this.state = state;
        this.source = source;
    }

    /**
     * @param name official name, e.g. {@code stage0.patch_embed.proj.weight}
     * @param shape the shape the model needs
     * @return the values, row-major, as float32 (zeros when absent or misshapen)
     */
    float[] floats(String name, long... shape) {
        expected.put(name, shape);
        long n = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        if (state.contains(name)) {
            Tensor t = state.get(name);
            if (Arrays.equals(t.shape(), shape) && t.dtype().isFloatingPoint()) {
                return t.toFloatArray();
            }
        }
        return new float[Math.toIntExact(n)];
    }

    /**
     * Records a BatchNorm's {@code num_batches_tracked} counter, which inference never reads.
     *
     * @param bn official name of the BatchNorm, e.g. {@code stage0.blocks.0.attn.conv_proj_q.bn}
     */
    void batchCounter(String bn) {
        expected.put(bn + WeightLoader.BATCH_COUNTER, new long[0]);
    }

    /**
     * @throws dev.cvt4j.checkpoint.CheckpointException naming the file when the state dict does not fit
     *     the model (the message of {@link WeightLoader#requireFit})
     */
    void requireFit() {
        WeightLoader.requireFit(source, WeightLoader.check(expected, state));
    }
}
