package dev.cvt4j.eval;

import java.nio.file.Path;

/**
 * A dataset cannot be used, for evaluation or training: its folder is missing, holds no class
 * folders or no images, or its class count does not match the model; or a sample cannot be read or
 * transformed, or a batch cannot be built. The message reads {@code subject: reason}, one line,
 * where the subject is the folder, the file (or the description of a generated sample) or the batch
 * concerned.
 */
public final class DatasetException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String subject;
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
        this(String.valueOf(folder), reason, cause);
    }

    /**
     * @param subject what is concerned: a file, a sample description such as {@code train shape 0
     *     (circle)}, or a batch such as {@code batch 3 of epoch 0}
     * @param reason what is wrong, one line
     * @param cause the underlying exception, or null
     */
    public DatasetException(String subject, String reason, Throwable cause) {
        super(subject + ": " + reason, cause);
        this.subject = subject;
        this.reason = reason;
    }

    /** @return the folder, file, sample or batch concerned, as it appears in the message */
    public String subject() {
        return subject;
    }

    /** @return what is wrong, without the subject */
    public String reason() {
        return reason;
    }
}
