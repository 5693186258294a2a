package dev.cvt4j.train.data;

/**
 * Training data that cannot be used: a missing or empty dataset folder, or a sample that cannot
 * be read or transformed. The message is one line naming the folder or file and the problem, e.g.
 * {@code data/train/cat/0001.jpg: corrupt or truncated image data (...)}.
 */
public final class DatasetException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message one line naming the folder or file and the problem
     */
    public DatasetException(String message) {
        super(message);
    }

    /**
     * @param message one line naming the folder or file and the problem
     * @param cause the underlying failure
     */
    public DatasetException(String message, Throwable cause) {
        super(message, cause);
    }
}
