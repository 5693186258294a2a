package dev.cvt4j.image;

import java.nio.file.Path;

/**
 * An image file could not be decoded: missing, of an unknown or unsupported format, corrupt or
 * truncated, or larger than the decompression-bomb limit. The message reads {@code file: reason}.
 */
public final class ImageDecodeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final String reason;

    /**
     * @param file the file that failed
     * @param reason what went wrong, one line, e.g. {@code "no such file"}
     */
    public ImageDecodeException(Path file, String reason) {
        this(file, reason, null);
    }

    /**
     * @param file the file that failed
     * @param reason what went wrong, one line
     * @param cause the underlying exception, or null
     */
    public ImageDecodeException(Path file, String reason, Throwable cause) {
        super(file + ": " + reason, cause);
        this.file = file;
        this.reason = reason;
    }

    /** @return the file that failed */
    public Path file() {
        return file;
    }

    /** @return what went wrong, without the file name */
    public String reason() {
        return reason;
    }
}
