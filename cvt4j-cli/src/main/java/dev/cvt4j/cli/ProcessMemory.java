package dev.cvt4j.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

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
        List<String> status = status();
        double rss = field(status, "VmRSS");
        return new ProcessMemory(
                rss, Math.max(rss, field(status, "VmHWM")), (rt.totalMemory() - rt.freeMemory()) / 1048576.0);
    }

    /** The lines of /proc/self/status, read once per reading; empty where there is no such file. */
    private static List<String> status() {
        if (!Files.exists(STATUS)) {
            return List.of();
        }
        try {
            return Files.readAllLines(STATUS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A {@code kB} field of the status lines in MiB, -1 when absent. */
    private static double field(List<String> status, String name) {
        for (String line : status) {
            if (line.startsWith(name + ":")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        }
        return -1;
    }
}
