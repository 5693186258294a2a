package dev.cvt4j.checkpoint;

import java.nio.file.Path;

/**
 * Reads and writes CvT checkpoints in any supported format and layout, presenting them with
 * official key names ({@code stage0.patch_embed.proj.weight}, ..., {@code head.bias}).
 */
public final class Checkpoints {
    /** Key prefix of the model tensors in a cvt4j training checkpoint. */
    public static final String TRAINING_MODEL_PREFIX = "model.";
    /** Key prefix of the optimizer tensors in a cvt4j training checkpoint. */
    public static final String TRAINING_OPTIMIZER_PREFIX = "optimizer.";

    private Checkpoints() {}

    /**
     * The CvT state dict in {@code file}, with official key names. The format is judged by content
     * ({@link CheckpointFormat#sniff}), the layout by the keys ({@link CheckpointLayout#detect}). A cvt4j
     * training checkpoint (keys {@code model.*} and {@code optimizer.*}) yields its model part, as the
     * {@code {"model": ...}} wrappers of PyTorch training checkpoints do.
     *
     * @throws CheckpointException naming the file if it cannot be read (see {@link Safetensors#read} and
     *     {@link TorchPickleReader#read}), mixes layouts, or holds a key that is not a CvT weight of its layout
     */
    public static StateDict read(Path file) {
        StateDict stored = switch (CheckpointFormat.sniff(file)) {
            case TORCH -> TorchPickleReader.read(file);
            case SAFETENSORS -> Safetensors.read(file);
        };
        StateDict weights = modelPart(stored);
        try {
            return CheckpointLayout.detect(weights.keys()).toOfficial(weights);
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(file, e.getMessage(), e);
        }
    }

    private static StateDict modelPart(StateDict stored) {
        boolean training = !stored.keys().isEmpty()
                && stored.keys().stream()
                        .allMatch(k -> k.startsWith(TRAINING_MODEL_PREFIX) || k.startsWith(TRAINING_OPTIMIZER_PREFIX));
        if (!training) {
            return stored;
        }
        StateDict model = new StateDict();
        for (String k : stored.keys()) {
            if (k.startsWith(TRAINING_MODEL_PREFIX)) {
                model.put(k.substring(TRAINING_MODEL_PREFIX.length()), stored.get(k));
            }
        }
        return model;
    }

    /**
     * Writes {@code officialStateDict} (official key names) to {@code file} with the keys of
     * {@code layout}, in the format named by the file's extension ({@link CheckpointFormat#forExtension}).
     *
     * @throws CheckpointException naming the file if the extension is unknown, a key is not an
     *     official CvT key, or the file cannot be written (the old file is then unchanged)
     */
    public static void write(Path file, StateDict officialStateDict, CheckpointLayout layout) {
        CheckpointFormat format;
        try {
            format = CheckpointFormat.forExtension(file);
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(file, e.getMessage(), e);
        }
        write(file, officialStateDict, layout, format);
    }

    /**
     * Writes {@code officialStateDict} (official key names) to {@code file} with the keys of
     * {@code layout}, in {@code format} whatever the file's extension.
     *
     * @throws CheckpointException naming the file if a key is not an official CvT key, or the file
     *     cannot be written (the old file is then unchanged)
     */
    public static void write(Path file, StateDict officialStateDict, CheckpointLayout layout, CheckpointFormat format) {
        StateDict renamed;
        try {
            renamed = layout.fromOfficial(officialStateDict);
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(file, e.getMessage(), e);
        }
        switch (format) {
            case SAFETENSORS -> Safetensors.write(file, renamed);
            case TORCH -> TorchPickleWriter.write(file, renamed);
        }
    }
}
