package dev.cvt4j.checkpoint;

import java.nio.file.Path;

/**
 * Reads and writes CvT checkpoints in any supported format and layout, presenting them with
 * official key names ({@code stage0.patch_embed.proj.weight}, ..., {@code head.bias}).
 */
public final class Checkpoints {
    private Checkpoints() {}

    /**
     * The CvT state dict in {@code file}, with official key names. The format is judged by content
     * ({@link CheckpointFormat#sniff}), the layout by the keys ({@link CheckpointLayout#detect}).
     *
     * @throws CheckpointException naming the file if it cannot be read (see {@link Safetensors#read} and
     *     {@link TorchPickleReader#read}), mixes layouts, or holds a key that is not a CvT weight of its layout
     */
    public static StateDict read(Path file) {
        StateDict stored = switch (CheckpointFormat.sniff(file)) {
            case TORCH -> TorchPickleReader.read(file);
            case SAFETENSORS -> Safetensors.read(file);
        };
        try {
            return CheckpointLayout.detect(stored.keys()).toOfficial(stored);
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(file, e.getMessage(), e);
        }
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
