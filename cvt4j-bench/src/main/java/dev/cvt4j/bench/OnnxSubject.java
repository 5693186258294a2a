package dev.cvt4j.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.cvt4j.onnx.OrtRunner;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The ONNX export of the same CvT-13 (opset 14) in ONNX Runtime Java with cvt4j's session settings
 * ({@link OrtRunner#options}: all graph optimisations, {@code threads} intra-op threads, one inter-op
 * thread, sequential execution, spinning as {@code -Dcvt4j.ort.spinning} says), so that it and cvt4j's
 * own graph run alike.
 */
final class OnnxSubject implements Subject {
    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final OrtSession session;
    private final Map<Integer, OnnxTensor> prepared = new HashMap<>();

    /**
     * @param model {@code cvt13.onnx}
     * @param threads intra-op threads
     * @throws OrtException when the model does not load
     */
    OnnxSubject(Path model, int threads) throws OrtException {
        try (OrtSession.SessionOptions options = OrtRunner.options(threads)) {
            session = env.createSession(model.toString(), options);
        }
    }

    @Override
    public String name() {
        return "ONNX Runtime Java " + OrtEnvironment.getEnvironment().getVersion() + " (MLAS)";
    }

    @Override
    public float[] logits(float[] image) {
        try (OnnxTensor x = tensor(image, 1);
                OrtSession.Result r = session.run(Map.of("input", x))) {
            return ((float[][]) r.get(0).getValue())[0];
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void prepare(int batch) {
        prepared.computeIfAbsent(batch, b -> tensor(Inputs.normal(b), b));
    }

    @Override
    public void run(int batch) {
        try (OrtSession.Result r = session.run(Map.of("input", prepared.get(batch)))) {
            r.get(0);
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }

    private OnnxTensor tensor(float[] values, int batch) {
        try {
            return OnnxTensor.createTensor(env, FloatBuffer.wrap(values), new long[] {batch, 3, 224, 224});
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        prepared.values().forEach(OnnxTensor::close);
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }
}
