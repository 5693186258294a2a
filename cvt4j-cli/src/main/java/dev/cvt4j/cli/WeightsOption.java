package dev.cvt4j.cli;

import dev.cvt4j.checkpoint.CheckpointException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --weights}, shared by every command that loads a checkpoint: the file, and the check that it
 * is one before any model is built. Format and naming (official, HuggingFace, cvt4j) are detected from
 * the content by {@code Checkpoints.read}.
 */
final class WeightsOption {
    @Option(
            names = "--weights",
            required = true,
            paramLabel = "FILE",
            description = "Checkpoint: official .pth, HuggingFace pytorch_model.bin or .safetensors, or a cvt train"
                    + " checkpoint.")
    Path weights;

    /**
     * The checkpoint file, checked.
     *
     * @return the {@code --weights} path
     * @throws CheckpointException when it does not exist, is a directory or another non-regular file,
     *     or cannot be read; the message is one line naming the file (exit 1)
     */
    Path file() {
        if (!Files.exists(weights)) {
            throw new CheckpointException(weights, "no such file");
        }
        if (Files.isDirectory(weights)) {
            throw new CheckpointException(weights, "is a directory, not a checkpoint file");
        }
        if (!Files.isRegularFile(weights)) {
            throw new CheckpointException(weights, "is not a regular file");
        }
        if (!Files.isReadable(weights)) {
            throw new CheckpointException(weights, "permission denied");
        }
        return weights;
    }
}
