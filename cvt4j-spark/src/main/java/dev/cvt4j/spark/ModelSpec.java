package dev.cvt4j.spark;

import dev.cvt4j.config.ExperimentConfig;
import dev.cvt4j.config.Presets;
import java.io.Serializable;
import java.util.List;

/**
 * What identifies a loaded model on an executor: the engine, the model, its weights, its class names and
 * the evaluation size. Equal specs share one loaded model per executor JVM ({@link ExecutorModels}).
 *
 * @param engine the inference engine, an {@link dev.cvt4j.inference.InferenceEngine} name
 * @param model a preset ({@code cvt-13}) or the URI of an official experiment YAML file
 * @param weights the URI of the checkpoint (official {@code .pth}, HuggingFace {@code .bin} or
 *     {@code .safetensors})
 * @param labels the class names in class-index order, one per class
 * @param imageSize the square evaluation size in pixels, or 0 for the config's {@code TEST.IMAGE_SIZE}
 */
record ModelSpec(String engine, String model, String weights, List<String> labels, int imageSize)
        implements Serializable {

    /**
     * Copies the labels.
     *
     * @param engine the engine
     * @param model preset or YAML URI
     * @param weights checkpoint URI
     * @param labels class names
     * @param imageSize evaluation size, 0 for the config's
     */
    ModelSpec {
        labels = List.copyOf(labels);
    }

    /**
     * Resolves the model, reading a YAML file through Hadoop's file systems.
     *
     * @param model a preset or the URI of an official experiment YAML file
     * @param imageSize the square evaluation size, or 0 for the config's
     * @param conf the Hadoop configuration
     * @return the network and its evaluation settings
     * @throws dev.cvt4j.config.ConfigException naming the model when it is neither a preset nor a valid
     *     YAML file, or the size is invalid
     */
    static ExperimentConfig experiment(String model, int imageSize, HadoopConf conf) {
        boolean preset = Presets.names().contains(model);
        ExperimentConfig experiment = ExperimentConfig.resolve(
                preset || !HadoopFiles.isFile(model, conf)
                        ? model
                        : HadoopFiles.local(model, conf).toString());
        return imageSize > 0 ? experiment.withImageSize(imageSize) : experiment;
    }
}
