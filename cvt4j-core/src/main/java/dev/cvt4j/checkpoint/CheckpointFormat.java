package dev.cvt4j.checkpoint;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

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
     * A plausible safetensors header is checked before the pickle signature: a header length whose
     * low bytes read {@code 0x80 0x02} (a 640-byte header, say) is not a pickle.
     *
     * @throws CheckpointException naming the file if it cannot be read, or if it is a bare pickle: the
     *     legacy {@code torch.save(..., _use_new_zipfile_serialization=False)} format, which is not supported
     */
    public static CheckpointFormat sniff(Path file) {
        byte[] head;
        long size;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(9);
            size = Files.size(file);
        } catch (IOException e) {
            throw CheckpointException.readFailure(file, e);
        }
        if (head.length >= 2 && head[0] == 'P' && head[1] == 'K') {
            return TORCH;
        }
        if (!hasSafetensorsHeader(head, size)
                && head.length >= 2
                && (head[0] & 0xff) == 0x80
                && (head[1] & 0xff) <= 5) {
            throw new CheckpointException(
                    file,
                    "legacy (pre-1.6, non-zip) torch.save format is not supported;"
                            + " re-save it with a current PyTorch: torch.save(torch.load(f), f)");
        }
        return SAFETENSORS;
    }

    /**
     * Whether the first 9 bytes of a file of {@code size} bytes start a safetensors file: an 8-byte
     * little-endian header length within the file and within {@link Safetensors#MAX_HEADER_BYTES}, then
     * <code>{</code>.
     */
    private static boolean hasSafetensorsHeader(byte[] head, long size) {
        if (head.length < 9 || head[8] != '{') {
            return false;
        }
        long headerLength =
                ByteBuffer.wrap(head, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        return headerLength >= 2 && headerLength <= Safetensors.MAX_HEADER_BYTES && headerLength <= size - 8;
    }

    /**
     * The format of {@code file} when it is a state-dict checkpoint in one of the two formats, judged
     * by its signature without reading any tensor: a zip archive whose top-level folder holds
     * {@code data.pkl} but none of TorchScript's {@code constants.pkl} and {@code code/} (what
     * {@code torch.save} writes, as opposed to {@code torch.jit.save}) is {@link #TORCH}; a file that
     * starts with a plausible safetensors header (8-byte little-endian length within the file and
     * within {@link Safetensors#MAX_HEADER_BYTES}, then <code>{</code>) is {@link #SAFETENSORS}.
     * Whether the content is valid, and a CvT, is left to the readers.
     *
     * @param file any path
     * @return the format, or empty for anything else: a missing or unreadable path, a directory, a
     *     TorchScript archive, any other file
     */
    public static Optional<CheckpointFormat> recognize(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(9);
            if (head.length >= 2 && head[0] == 'P' && head[1] == 'K') {
                return isStateDictArchive(file) ? Optional.of(TORCH) : Optional.empty();
            }
            return hasSafetensorsHeader(head, Files.size(file)) ? Optional.of(SAFETENSORS) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Whether the zip archive is {@code torch.save}'s: {@code <folder>/data.pkl}, no TorchScript code. */
    private static boolean isStateDictArchive(Path file) throws IOException {
        boolean pickle = false;
        try (ZipFile zip = new ZipFile(file.toFile())) {
            for (String name : zip.stream().map(ZipEntry::getName).toList()) {
                String inFolder = name.substring(name.indexOf('/') + 1);
                if (inFolder.equals("constants.pkl") || inFolder.startsWith("code/")) {
                    return false;
                }
                pickle |= inFolder.equals("data.pkl") && name.indexOf('/') == name.length() - "/data.pkl".length();
            }
        }
        return pickle;
    }
}
