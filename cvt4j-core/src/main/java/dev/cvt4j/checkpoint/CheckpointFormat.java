package dev.cvt4j.checkpoint;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** The two checkpoint file formats cvt4j reads and writes. */
public enum CheckpointFormat {
    /** <a href="https://github.com/huggingface/safetensors">safetensors</a>, see {@link Safetensors}. */
    SAFETENSORS,
    /** PyTorch's zip format written by {@code torch.save}, see {@link TorchPickleReader} and {@link TorchPickleWriter}. */
    TORCH;

    /**
     * The format named by the file's extension: {@code .safetensors} is {@link #SAFETENSORS};
     * {@code .pth}, {@code .pt}, {@code .bin} and {@code .ckpt} are {@link #TORCH} (case-insensitive).
     *
     * @throws IllegalArgumentException for any other extension
     */
    public static CheckpointFormat forExtension(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".safetensors")) {
            return SAFETENSORS;
        }
        if (name.endsWith(".pth") || name.endsWith(".pt") || name.endsWith(".bin") || name.endsWith(".ckpt")) {
            return TORCH;
        }
        throw new IllegalArgumentException("cannot tell the checkpoint format of '" + file.getFileName()
                + "' from its extension (use .safetensors, or .pth/.pt/.bin/.ckpt for PyTorch)");
    }

    /**
     * The format of an existing file, judged by its content: a zip archive ({@code PK}) is
     * {@link #TORCH}; anything else is taken for {@link #SAFETENSORS}, whose reader then validates it.
     *
     * @throws CheckpointException naming the file if it cannot be read, or if it is a bare pickle: the
     *     legacy {@code torch.save(..., _use_new_zipfile_serialization=False)} format, which is not supported
     */
    public static CheckpointFormat sniff(Path file) {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(2);
        } catch (IOException e) {
            throw CheckpointException.readFailure(file, e);
        }
        if (head.length == 2 && head[0] == 'P' && head[1] == 'K') {
            return TORCH;
        }
        if (head.length == 2 && (head[0] & 0xff) == 0x80 && head[1] <= 5) {
            throw new CheckpointException(file, "legacy (pre-1.6, non-zip) torch.save format is not supported;"
                    + " re-save it with a current PyTorch: torch.save(torch.load(f), f)");
        }
        return SAFETENSORS;
    }
}
