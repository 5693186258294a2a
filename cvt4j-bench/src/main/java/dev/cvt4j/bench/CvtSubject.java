package dev.cvt4j.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.cvt4j.checkpoint.WeightLoader;
import dev.cvt4j.model.CvtModel;
import dev.cvt4j.model.Presets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** cvt4j's CvT-13 with the official weights, run through {@link CvtModel#logits}. */
final class CvtSubject implements Subject {
    private final CvtModel model;
    private final NDManager inputs = NDManager.newBaseManager();
    private final Map<Integer, NDArray> prepared = new HashMap<>();

    /** @param weights the official CvT-13 checkpoint */
    CvtSubject(Path weights) {
        model = WeightLoader.loadModel(Presets.get("cvt-13").model(), weights);
    }

    @Override
    public String name() {
        return "cvt4j (DJL 0.35.1 + PyTorch 2.7.1, eager)";
    }

    @Override
    public float[] logits(float[] image) {
        try (NDManager m = NDManager.newBaseManager()) {
            return model.logits(m.create(image, new Shape(1, 3, 224, 224))).toFloatArray();
        }
    }

    @Override
    public void prepare(int batch) {
        prepared.computeIfAbsent(batch, b -> inputs.create(Inputs.normal(b), new Shape(b, 3, 224, 224)));
    }

    @Override
    public void run(int batch) {
        model.logits(prepared.get(batch)).close();
    }

    @Override
    public void close() {
        inputs.close();
        model.close();
    }
}
