package dev.cvt4j.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The memory of this process at one moment, in MiB: resident set ({@code VmRSS}), its peak so far
 * ({@code VmHWM}, which the kernel updates lazily, so at least the current figure), both from
 * {@code /proc/self/status} (Linux; -1 elsewhere), and the JVM heap in use.
 * The resident set minus the heap is dominated by PyTorch's native tensors, so a resident set that
 * stays flat over a long loop means native memory does not leak.
 *
 * @param rssMb resident set, MiB
 * @param rssPeakMb peak resident set since the process started, MiB
 * @param heapMb JVM heap in use, MiB
 */
record ProcessMemory(double rssMb, double rssPeakMb, double heapMb) {
    private static final Path STATUS = Path.of("/proc/self/status");

    /** The process's memory now. */
    static ProcessMemory now() {
        Runtime rt = Runtime.getRuntime();
        double rss = field("VmRSS");
        return new ProcessMemory(rss, Math.max(rss, field("VmHWM")), (rt.totalMemory() - rt.freeMemory()) / 1048576.0);
    }

    private static double field(String name) {
        if (!Files.exists(STATUS)) {
            return -1;
        }
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith(name + ":")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
            return -1;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
