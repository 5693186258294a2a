package dev.cvt4j.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.HashMap;
import java.util.Map;

/**
 * A side-by-side subject that runs on DJL arrays (cvt4j itself, the TorchScript trace): the prepared
 * inputs live in one manager of their own, and both the agreement check and the timed calls go through
 * {@link #forward}.
 */
abstract class DjlSubject implements Subject {
    private final NDManager inputs = NDManager.newBaseManager();
    private final Map<Integer, NDArray> prepared = new HashMap<>();

    /**
     * One forward pass.
     *
     * @param images {@code (B, 3, 224, 224)}
     * @return the logits {@code (B, 1000)} as the only element
     */
    protected abstract NDList forward(NDArray images);

    /** Frees the engine's model. */
    protected abstract void closeModel();

    @Override
    public final float[] logits(float[] image) {
        try (NDManager m = NDManager.newBaseManager()) {
            return forward(m.create(image, new Shape(1, 3, 224, 224))).head().toFloatArray();
        }
    }

    @Override
    public final void prepare(int batch) {
        prepared.computeIfAbsent(batch, b -> inputs.create(Inputs.normal(b), new Shape(b, 3, 224, 224)));
    }

    @Override
    public final void run(int batch) {
        forward(prepared.get(batch)).close();
    }

    @Override
    public final void close() {
        inputs.close();
        closeModel();
    }
}
