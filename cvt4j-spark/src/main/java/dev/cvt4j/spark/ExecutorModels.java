package dev.cvt4j.spark;

import ai.djl.pytorch.jni.JniUtils;
import dev.cvt4j.config.ExperimentConfig;
import dev.cvt4j.inference.InferenceEngine;
import dev.cvt4j.inference.Preprocessing;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The models of one executor JVM: each {@link ModelSpec} is loaded once, by the first task that needs it
 * (the others wait for it), shared by every later task, and closed when the JVM shuts down.
 *
 * <p>Before the first load the JVM is set up: {@code ai.djl.offline=true} (nothing is downloaded), the
 * engine cache directory, PyTorch's thread counts (intra-op: {@link ExecutorSettings#threads()}, inter-op:
 * 1; an ONNX Runtime session gets {@link ExecutorSettings#threads()} intra-op threads), and ImageIO's plugins
 * are scanned with the application's class loader, so that the PIL-exact JPEG and WebP readers
 * (TwelveMonkeys) are found even when ImageIO was first used before the application jar was on the class
 * path.
 */
final class ExecutorModels {
    private static final Logger LOG = LoggerFactory.getLogger(ExecutorModels.class);
    private static final Map<ModelSpec, ImageModel> MODELS = new ConcurrentHashMap<>();
    private static final AtomicInteger LOADS = new AtomicInteger();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ExecutorModels::closeAll, "cvt4j-models-close"));
    }

    private ExecutorModels() {}

    /**
     * @param spec the model
     * @param settings the executor's engine settings, applied before the first load
     * @return the executor's model for {@code spec}, loaded now if this is the first request
     * @throws dev.cvt4j.checkpoint.CheckpointException or {@link dev.cvt4j.config.ConfigException} naming the
     *     file when the model cannot be loaded
     */
    static ImageModel get(ModelSpec spec, ExecutorSettings settings) {
        return MODELS.computeIfAbsent(spec, s -> load(s, settings));
    }

    /** @return how many models this JVM has loaded so far */
    static int loads() {
        return LOADS.get();
    }

    private static ImageModel load(ModelSpec spec, ExecutorSettings settings) {
        long start = System.nanoTime();
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(ExecutorModels.class.getClassLoader());
        try {
            configureEngine(settings);
            ExperimentConfig experiment = ModelSpec.experiment(spec.model(), spec.imageSize(), settings.hadoop());
            Path weights = HadoopFiles.local(spec.weights(), settings.hadoop());
            InferenceEngine engine = InferenceEngine.fromName(spec.engine());
            ImageModel model = new ImageModel(
                    engine.load(experiment.model(), weights, settings.threads()),
                    Preprocessing.evalTransform(experiment));
            if (engine == InferenceEngine.PYTORCH) {
                JniUtils.setNumThreads(settings.threads());
            }
            LOADS.incrementAndGet();
            LOG.info(
                    "cvt4j: loaded {} with {} on {} in {} ms, {} threads per task",
                    spec.model(),
                    spec.weights(),
                    spec.engine(),
                    (System.nanoTime() - start) / 1_000_000,
                    settings.threads());
            return model;
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private static void configureEngine(ExecutorSettings settings) {
        System.setProperty("ai.djl.offline", "true");
        if (!settings.engineCacheDir().isEmpty()) {
            System.setProperty("ENGINE_CACHE_DIR", settings.engineCacheDir());
        }
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(settings.threads()));
        if (System.getProperty("ai.djl.pytorch.num_interop_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        }
        ImageIO.scanForPlugins();
    }

    private static void closeAll() {
        MODELS.values().forEach(ImageModel::close);
        MODELS.clear();
    }
}
