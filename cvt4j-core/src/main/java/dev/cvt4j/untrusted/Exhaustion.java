package dev.cvt4j.untrusted;

/**
 * The last line of defence of the readers of untrusted files: when reading a file exhausts the
 * stack or the heap despite the readers' limits, the reader reports it as a refusal of that file
 * in one line (with the error as cause) instead of letting the error escape with a stack trace.
 * Tests and fuzz tests treat such a cause as a bug: no input may need this.
 */
public final class Exhaustion {
    private Exhaustion() {}

    /**
     * The one-line reason for a refusal caused by {@code error}.
     *
     * @param error a {@link StackOverflowError} or {@link OutOfMemoryError} thrown while reading a file
     * @return e.g. {@code "reading it exhausted the Java heap (java.lang.OutOfMemoryError: Java heap space)"}
     */
    public static String reason(VirtualMachineError error) {
        String what = error instanceof StackOverflowError ? "the thread's stack" : "the Java heap";
        return "reading it exhausted " + what + " (" + SafeText.escape(String.valueOf(error)) + ")";
    }
}
