package dev.cvt4j.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.cvt4j.checkpoint.Checkpoints;
import dev.cvt4j.checkpoint.StateDict;
import dev.cvt4j.checkpoint.Tensor;
import dev.cvt4j.config.CvtConfig;
import dev.cvt4j.inference.CvtRunner;
import dev.cvt4j.inference.EmbeddingLogits;
import dev.cvt4j.inference.FeatureTensors;
import dev.cvt4j.inference.InferenceEngine;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@link InferenceEngine#ONNXRUNTIME}: the graph {@link CvtOnnx} writes, built in memory at load (no
 * temporary file) and run by an ONNX Runtime session with {@code threads} intra-op threads, one inter-op
 * thread, sequential execution and every graph optimisation. Inputs in a direct {@link FloatBuffer} are
 * handed to ONNX Runtime without a copy.
 *
 * <p>The session's graph outputs the embedding and the logits ({@link CvtOnnx.Outputs#EMBEDDING_AND_LOGITS});
 * {@link #logits} fetches the logits only. The first {@link #features} call builds a second session whose
 * graph also outputs the stage maps and class token, from weights fetched again (a checkpoint is read
 * again, so its weights are not kept in the Java heap meanwhile).
 *
 * <p>Thread-safe: ONNX Runtime sessions may run concurrently.
 */
public final class OrtRunner implements CvtRunner {
    /**
     * The system property that sets ONNX Runtime's intra-op spinning
     * ({@code session.intra_op.allow_spinning}): {@code 0} (cvt4j's default) makes idle pool threads sleep at
     * once, {@code 1} (ONNX Runtime's default) lets them spin a while first. Off by default for the reason
     * OpenMP runs passive (docs/performance.md, lever 1): on a busy machine spinning threads take the cores
     * the working ones need (CvT-13 at batch 1 under load: 2.9 images/s spinning, 13-16 not).
     */
    public static final String SPINNING_PROPERTY = "cvt4j.ort.spinning";
    /** {@link #SPINNING_PROPERTY} when unset: {@code 0}, no spinning. */
    public static final String SPINNING_DEFAULT = "0";

    private final CvtConfig config;
    private final Supplier<StateDict> weights;
    private final Path source;
    private final int threads;
    private final Fusions fusions;
    private final OrtSession pooled;
    private OrtSession features;

    private OrtRunner(
            CvtConfig config,
            Supplier<StateDict> weights,
            Path source,
            int threads,
            Fusions fusions,
            OrtSession pooled) {
        this.config = config;
        this.weights = weights;
        this.source = source;
        this.threads = threads;
        this.fusions = fusions;
        this.pooled = pooled;
    }

    /**
     * Reads a checkpoint, writes the graph with {@link Fusions#DEFAULT} and opens its session.
     *
     * @param config the architecture
     * @param checkpoint the checkpoint file (read again by the first {@link #features} call)
     * @param threads intra-op threads, 0 for one per available processor
     * @return the runner; close it to free the session
     * @throws dev.cvt4j.checkpoint.CheckpointException naming the file when it is unreadable or does not fit
     * @throws OrtFailure naming the file when ONNX Runtime cannot create the session
     */
    public static OrtRunner load(CvtConfig config, Path checkpoint, int threads) {
        return load(config, () -> Checkpoints.read(checkpoint), checkpoint, threads, Fusions.DEFAULT);
    }

    /**
     * Writes the graph with the given fusions and opens its session.
     *
     * @param config the architecture
     * @param weights supplies the tensors by official name: at load, and again at the first {@link #features}
     * @param source the file the weights come from, named in errors
     * @param threads intra-op threads, 0 for one per available processor
     * @param fusions which contrib operators the graph uses
     * @return the runner; close it to free the sessions
     * @throws dev.cvt4j.checkpoint.CheckpointException naming {@code source} when the weights do not fit
     * @throws OrtFailure naming {@code source} when ONNX Runtime cannot create the session
     */
    public static OrtRunner load(
            CvtConfig config, Supplier<StateDict> weights, Path source, int threads, Fusions fusions) {
        byte[] model = CvtOnnx.build(
                        config, weights.get(), source, CvtOnnx.Outputs.EMBEDDING_AND_LOGITS, fusions, Map.of())
                .toByteArray();
        return new OrtRunner(config, weights, source, threads, fusions, session(model, source, threads));
    }

    /**
     * Opens an ONNX Runtime session on a serialized model with cvt4j's settings.
     *
     * @param model the ONNX model's bytes
     * @param source the file named in errors
     * @param threads intra-op threads, 0 for one per available processor
     * @return the session; close it to free its native memory
     * @throws OrtFailure naming {@code source} when the session cannot be created
     */
    public static OrtSession session(byte[] model, Path source, int threads) {
        try (OrtSession.SessionOptions options = options(threads)) {
            return OrtEnvironment.getEnvironment().createSession(model, options);
        } catch (OrtException e) {
            throw new OrtFailure(source, "cannot create a session", e);
        }
    }

    /**
     * cvt4j's session settings: {@code threads} intra-op threads, one inter-op thread, sequential
     * execution, every graph optimisation, spinning as {@link #SPINNING_PROPERTY} says (default off).
     *
     * @param threads intra-op threads, 0 for one per available processor
     * @return new options; the caller closes them
     * @throws OrtException when ONNX Runtime rejects a setting
     */
    public static OrtSession.SessionOptions options(int threads) throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setIntraOpNumThreads(
                threads > 0 ? threads : Runtime.getRuntime().availableProcessors());
        options.setInterOpNumThreads(1);
        options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
        options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        options.addConfigEntry(
                "session.intra_op.allow_spinning", System.getProperty(SPINNING_PROPERTY, SPINNING_DEFAULT));
        return options;
    }

    /** {@inheritDoc} */
    @Override
    public CvtConfig config() {
        return config;
    }

    /** @return {@link InferenceEngine#ONNXRUNTIME} */
    @Override
    public InferenceEngine engine() {
        return InferenceEngine.ONNXRUNTIME;
    }

    /** {@inheritDoc} */
    @Override
    public float[] logits(FloatBuffer images, int batch, int height, int width) {
        long[] shape = CvtRunner.inputShape(images, batch, height, width);
        return run(pooled, source, images, shape, Set.of(CvtOnnx.LOGITS))
                .get(CvtOnnx.LOGITS)
                .toFloatArray();
    }

    /** {@inheritDoc} */
    @Override
    public EmbeddingLogits embeddingAndLogits(FloatBuffer images, int batch, int height, int width) {
        long[] shape = CvtRunner.inputShape(images, batch, height, width);
        Map<String, Tensor> out =
                run(pooled, source, images, shape, new LinkedHashSet<>(List.of(CvtOnnx.EMBEDDING, CvtOnnx.LOGITS)));
        return new EmbeddingLogits(out.get(CvtOnnx.EMBEDDING), out.get(CvtOnnx.LOGITS));
    }

    /** {@inheritDoc} */
    @Override
    public FeatureTensors features(FloatBuffer images, int batch, int height, int width) {
        long[] shape = CvtRunner.inputShape(images, batch, height, width);
        Set<String> names = new LinkedHashSet<>();
        for (int i = 0; i < config.numStages(); i++) {
            names.add(CvtOnnx.stageOutput(i));
        }
        if (config.lastStageHasClsToken()) {
            names.add(CvtOnnx.CLS_TOKEN);
        }
        names.add(CvtOnnx.EMBEDDING);
        names.add(CvtOnnx.LOGITS);
        Map<String, Tensor> out = run(featureSession(), source, images, shape, names);
        List<Tensor> maps = new ArrayList<>();
        for (int i = 0; i < config.numStages(); i++) {
            maps.add(out.get(CvtOnnx.stageOutput(i)));
        }
        return new FeatureTensors(
                maps, out.get(CvtOnnx.CLS_TOKEN), out.get(CvtOnnx.EMBEDDING), out.get(CvtOnnx.LOGITS));
    }

    private synchronized OrtSession featureSession() {
        if (features == null) {
            byte[] model = CvtOnnx.build(config, weights.get(), source, CvtOnnx.Outputs.FEATURES, fusions, Map.of())
                    .toByteArray();
            features = session(model, source, threads);
        }
        return features;
    }

    /**
     * Runs a session on one float32 input and reads the named outputs.
     *
     * @param session the session, whose first input takes the images
     * @param source the file named in errors
     * @param images the input values, row-major
     * @param shape the input's shape
     * @param outputs the outputs to fetch
     * @return each output's values and shape, by name
     * @throws OrtFailure naming {@code source} when the run fails
     */
    public static Map<String, Tensor> run(
            OrtSession session, Path source, FloatBuffer images, long[] shape, Set<String> outputs) {
        String input = session.getInputNames().iterator().next();
        try (OnnxTensor x = OnnxTensor.createTensor(OrtEnvironment.getEnvironment(), images.duplicate(), shape);
                OrtSession.Result result = session.run(Map.of(input, x), outputs)) {
            Map<String, Tensor> out = new LinkedHashMap<>();
            for (String name : outputs) {
                Optional<OnnxValue> value = result.get(name);
                OnnxTensor t = (OnnxTensor) value.orElseThrow();
                FloatBuffer data = t.getFloatBuffer();
                float[] values = new float[data.remaining()];
                data.get(values);
                out.put(name, Tensor.ofFloats(t.getInfo().getShape(), values));
            }
            return out;
        } catch (OrtException e) {
            throw new OrtFailure(source, "inference failed", e);
        }
    }

    /** Closes the sessions. */
    @Override
    public synchronized void close() {
        try {
            pooled.close();
            if (features != null) {
                features.close();
            }
        } catch (OrtException e) {
            throw new OrtFailure(source, "cannot close the session", e);
        }
    }
}
