package dev.cvt4j.bench;

import dev.cvt4j.checkpoint.Checkpoints;
import dev.cvt4j.config.Presets;
import dev.cvt4j.inference.Preprocessing;
import dev.cvt4j.onnx.Fusions;
import dev.cvt4j.onnx.OrtRunner;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * cvt4j's CvT-13 with the official weights on its ONNX Runtime engine: the graph cvt4j writes itself
 * ({@link dev.cvt4j.onnx.CvtOnnx}) with the given {@link Fusions}, run through {@link OrtRunner} with
 * {@code threads} intra-op threads and one inter-op thread, inputs in direct buffers.
 */
final class OrtCvtSubject implements Subject {
    private final OrtRunner runner;
    private final String name;
    private final Map<Integer, FloatBuffer> prepared = new HashMap<>();

    /**
     * @param weights the official CvT-13 checkpoint
     * @param threads intra-op threads
     * @param fusions the contrib operators of the graph
     * @param label what the name calls this graph, e.g. {@code own graph}
     */
    OrtCvtSubject(Path weights, int threads, Fusions fusions, String label) {
        runner = OrtRunner.load(
                Presets.get("cvt-13").model(), () -> Checkpoints.read(weights), weights, threads, fusions);
        name = "cvt4j on ONNX Runtime " + runner.engine().version() + " (" + label + ")";
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean isCvt4j() {
        return true;
    }

    @Override
    public float[] logits(float[] image) {
        return runner.logits(FloatBuffer.wrap(image), 1, 224, 224);
    }

    @Override
    public void prepare(int batch) {
        prepared.computeIfAbsent(batch, b -> Preprocessing.stack(List.of(Inputs.normal(b))));
    }

    @Override
    public void run(int batch) {
        runner.logits(prepared.get(batch), batch, 224, 224);
    }

    @Override
    public void close() {
        runner.close();
    }
}
