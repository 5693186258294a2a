package dev.cvt4j.cli;

import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;

/** Turns exceptions into the one-line messages the CLI prints. */
final class Errors {
    private Errors() {}

    /**
     * @param e any failure
     * @return one line naming the file and the problem where the exception carries them
     */
    static String describe(Throwable e) {
        Throwable t = e instanceof UncheckedIOException u ? u.getCause() : e;
        String message;
        if (t instanceof NoSuchFileException n) {
            message = n.getFile() + ": no such file";
        } else if (t instanceof AccessDeniedException a) {
            message = a.getFile() + ": permission denied";
        } else if (t instanceof StackOverflowError) {
            message = "ran out of stack (" + t + ")";
        } else if (t instanceof OutOfMemoryError) {
            message = "ran out of memory (" + t + "); a smaller batch or -Xmx may help";
        } else if (t.getMessage() == null || t.getMessage().isBlank()) {
            message = t.getClass().getSimpleName();
        } else {
            message = t.getMessage();
        }
        return message.lines().findFirst().orElse(message);
    }
}
