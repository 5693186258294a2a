package dev.cvt4j.serve;

import dev.cvt4j.model.ExperimentConfig;
import java.nio.file.Path;
import java.util.List;

/** The inference engines {@code cvt serve} can run, by the name {@code --engine} takes. */
public final class ServedModels {
    /** The engine names {@link #open} accepts, the default first. */
    public static final List<String> ENGINES = List.of("pytorch");

    private ServedModels() {}

    /**
     * Loads a model on an engine.
     *
     * @param engine one of {@link #ENGINES}
     * @param experiment the network and its TEST settings
     * @param weights a checkpoint file
     * @param labels class names in class-index order, one per class
     * @return the model; close it to free its native memory
     * @throws IllegalArgumentException for an unknown engine or a label count that is not the class count
     * @throws dev.cvt4j.checkpoint.CheckpointException when the checkpoint is unreadable or does not fit
     */
    public static ServedModel open(String engine, ExperimentConfig experiment, Path weights, List<String> labels) {
        if (labels.size() != experiment.model().numClasses()) {
            throw new IllegalArgumentException(labels.size() + " labels for a model of "
                    + experiment.model().numClasses() + " classes");
        }
        return switch (engine) {
            case "pytorch" -> new TorchServedModel(experiment, weights, labels);
            default -> throw new IllegalArgumentException("unknown engine '" + engine + "' (known: "
                    + String.join(", ", ENGINES) + ")");
        };
    }
}
