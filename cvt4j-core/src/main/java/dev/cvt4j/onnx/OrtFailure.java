package dev.cvt4j.onnx;

import java.nio.file.Path;

/**
 * ONNX Runtime failed on a model cvt4j wrote or was given: a session could not be created (an operator
 * it does not support, a malformed file) or a run failed. The message is one line,
 * {@code file + ": onnxruntime: " + what failed}, meant to be shown to a user as is.
 */
public final class OrtFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param file the model or checkpoint concerned
     * @param what what failed, e.g. {@code cannot create a session}
     * @param cause ONNX Runtime's exception; its message (folded to one line) ends the message
     */
    public OrtFailure(Path file, String what, Throwable cause) {
        super(
                file + ": onnxruntime: " + what + ": "
                        + String.valueOf(cause.getMessage()).strip().replaceAll("\\s*\\R\\s*", " "),
                cause);
    }
}
