package dev.cvt4j.eval;

import java.nio.file.Path;

/**
 * A dataset folder cannot be used: it is missing, holds no class folders or no images, or its
 * class count does not match the model. The message reads {@code folder: reason}, one line.
 */
public final class DatasetException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The folder, kept as a string so that the exception stays serializable. */
    private final String folder;
    private final String reason;

    /**
     * @param folder the dataset root (or the part of it concerned)
     * @param reason what is wrong, one line
     */
    public DatasetException(Path folder, String reason) {
        this(folder, reason, null);
    }

    /**
     * @param folder the dataset root (or the part of it concerned)
     * @param reason what is wrong, one line
     * @param cause the underlying exception, or null
     */
    public DatasetException(Path folder, String reason, Throwable cause) {
        super(folder + ": " + reason, cause);
        this.folder = String.valueOf(folder);
        this.reason = reason;
    }

    /** @return the folder concerned */
    public Path folder() {
        return Path.of(folder);
    }

    /** @return what is wrong, without the folder name */
    public String reason() {
        return reason;
    }
}
