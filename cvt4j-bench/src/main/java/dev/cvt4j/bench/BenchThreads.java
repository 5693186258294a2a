package dev.cvt4j.bench;

/**
 * The thread settings every cvt4j benchmark runs with, unless the JVM was started with others:
 * PyTorch intra-op threads {@code ai.djl.pytorch.num_threads} (default 2, the reference machine's
 * cores) and one inter-op thread. Must run before DJL's engine starts.
 */
final class BenchThreads {
    private BenchThreads() {}

    /**
     * Sets {@code threads} intra-op threads (a benchmark's {@code --threads}), then the defaults of the
     * other properties.
     *
     * @param threads PyTorch intra-op threads
     */
    static void apply(int threads) {
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
        apply();
    }

    /** Sets the defaults for the properties not given on the command line. */
    static void apply() {
        System.setProperty("ai.djl.offline", System.getProperty("ai.djl.offline", "true"));
        System.setProperty("ai.djl.pytorch.num_threads", System.getProperty("ai.djl.pytorch.num_threads", "2"));
        System.setProperty(
                "ai.djl.pytorch.num_interop_threads", System.getProperty("ai.djl.pytorch.num_interop_threads", "1"));
    }
}
