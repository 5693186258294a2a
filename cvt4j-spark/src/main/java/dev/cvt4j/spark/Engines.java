package dev.cvt4j.spark;

import ai.djl.pytorch.jni.JniUtils;
import dev.cvt4j.model.ExperimentConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The inference engines a transformer's {@code engine} param accepts, and how each loads a model: the one
 * place to add an engine.
 */
final class Engines {
    /** How an engine loads a model and sets its native threads. */
    interface Loader {
        /**
         * @param experiment the network and its TEST settings
         * @param weights a local checkpoint file
         * @param threads native intra-op threads per task
         * @return the loaded model
         */
        ImageModel load(ExperimentConfig experiment, Path weights, int threads);
    }

    private static final Map<String, Loader> LOADERS = Map.of(
            "pytorch", (experiment, weights, threads) -> {
                ImageModel model = TorchImageModel.load(experiment, weights);
                JniUtils.setNumThreads(threads);
                return model;
            });

    private Engines() {}

    /** @return the engine names, sorted */
    static List<String> names() {
        return LOADERS.keySet().stream().sorted().toList();
    }

    /**
     * @param engine an engine name, one of {@link #names()}
     * @return its loader
     * @throws IllegalArgumentException for an unknown engine
     */
    static Loader loader(String engine) {
        Loader loader = LOADERS.get(engine);
        if (loader == null) {
            throw new IllegalArgumentException("engine " + engine + ": unknown (one of " + names() + ")");
        }
        return loader;
    }
}
