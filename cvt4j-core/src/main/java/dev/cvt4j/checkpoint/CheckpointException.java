package dev.cvt4j.checkpoint;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A checkpoint file could not be read or written: it is missing, truncated, malformed, uses an
 * unsupported feature, holds keys that are not CvT weights, or tries to run code.
 *
 * <p>The message is one line, {@code file + ": " + reason}, meant to be shown to a user as is.
 */
public class CheckpointException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The file, kept as a string so that the exception stays serializable. */
    private final String file;
    /** The one-line description of the failure, without the file name. */
    private final String reason;

    /** A failure concerning {@code file}, described by {@code reason} (see the three-argument constructor). */
    public CheckpointException(Path file, String reason) {
        this(file, reason, null);
    }

    /**
     * A failure concerning {@code file}, described by {@code reason} and caused by {@code cause}.
     * Line breaks in the reason (e.g. from a library's message) are folded into spaces.
     */
    public CheckpointException(Path file, String reason, Throwable cause) {
        this(String.valueOf(file), reason.strip().replaceAll("\\s*\\R\\s*", " "), cause);
    }

    private CheckpointException(String file, String oneLineReason, Throwable cause) {
        super(file + ": " + oneLineReason, cause);
        this.file = file;
        this.reason = oneLineReason;
    }

    /** The exception for an I/O failure while reading {@code file}, with a plain reason for the common cases. */
    static CheckpointException readFailure(Path file, IOException e) {
        String reason;
        if (e instanceof NoSuchFileException || !Files.exists(file)) {
            reason = "no such file";
        } else if (Files.isDirectory(file)) {
            reason = "is a directory, not a checkpoint file";
        } else if (e instanceof AccessDeniedException) {
            reason = "permission denied";
        } else {
            reason = "cannot read the file (" + e + ")";
        }
        return new CheckpointException(file, reason, e);
    }

    /** The exception for an I/O failure while writing {@code file}, with a plain reason for the common cases. */
    static CheckpointException writeFailure(Path file, IOException e) {
        Path dir = file.toAbsolutePath().getParent();
        String reason;
        if (!Files.isDirectory(dir)) {
            reason = "cannot write the file: directory " + dir + " does not exist";
        } else if (e instanceof AccessDeniedException) {
            reason = "cannot write the file: permission denied";
        } else {
            reason = "cannot write the file (" + e + ")";
        }
        return new CheckpointException(file, reason, e);
    }

    /** The file concerned. */
    public Path file() {
        return Path.of(file);
    }

    /** What went wrong, without the file name. */
    public String reason() {
        return reason;
    }
}
