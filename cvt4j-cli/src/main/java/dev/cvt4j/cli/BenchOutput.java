package dev.cvt4j.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.io.UncheckedIOException;

/**
 * Where {@code cvt bench} writes its results: JSON lines carrying the fields of
 * ../shared/perf/torch_bench.py ({@code model}, {@code size}, {@code threads}, {@code mode}, {@code batch},
 * {@code images_per_s}, {@code ms_median}, {@code ms_p90}, {@code iters}) plus cvt4j's ({@code ms_p99},
 * engine, memory), or a readable table headed by the settings.
 */
final class BenchOutput {
    private static final String ROW = "%-10s %6s %10s %10s %10s %10s %6s %9s %9s%n";

    private final PrintWriter out;
    private final boolean json;
    private final ObjectNode settings;
    private final ObjectMapper mapper = new ObjectMapper();
    private boolean headerDone;

    /**
     * @param out the command's standard output
     * @param json JSON lines instead of a table
     * @param settings the fields every line repeats (model, size, engine, threads, ...)
     */
    BenchOutput(PrintWriter out, boolean json, ObjectNode settings) {
        this.out = out;
        this.json = json;
        this.settings = settings;
    }

    /**
     * One timed measurement.
     *
     * @param mode {@code infer} or {@code train}
     * @param batch images per call
     * @param stats the call timings
     * @param memory the process's memory right after the measurement
     */
    void measurement(String mode, int batch, LatencyStats stats, ProcessMemory memory) {
        ObjectNode n = settings.deepCopy();
        n.put("mode", mode).put("batch", batch).put("images_per_s", batch * 1000.0 / stats.median());
        n.put("ms_median", stats.median()).put("ms_p90", stats.p90()).put("ms_p99", stats.p99());
        n.put("iters", stats.iterations());
        print(
                n,
                memory,
                String.format(
                        ROW,
                        mode,
                        batch,
                        fmt(batch * 1000.0 / stats.median()),
                        fmt(stats.median()),
                        fmt(stats.p90()),
                        fmt(stats.p99()),
                        stats.iterations(),
                        fmt(memory.rssMb()),
                        fmt(memory.rssPeakMb())));
    }

    /**
     * One reading of a soak run.
     *
     * @param mode {@code soak-infer} or {@code soak-train}
     * @param batch images per call
     * @param iters calls done so far
     * @param memory the process's memory after them
     */
    void soak(String mode, int batch, int iters, ProcessMemory memory) {
        ObjectNode n = settings.deepCopy();
        n.put("mode", mode).put("batch", batch).put("iters", iters);
        print(
                n,
                memory,
                String.format(ROW, mode, batch, "", "", "", "", iters, fmt(memory.rssMb()), fmt(memory.rssPeakMb())));
    }

    private void print(ObjectNode n, ProcessMemory memory, String row) {
        if (json) {
            n.put("rss_mb", memory.rssMb())
                    .put("rss_peak_mb", memory.rssPeakMb())
                    .put("heap_mb", memory.heapMb());
            try {
                out.println(mapper.writeValueAsString(n));
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        } else {
            if (!headerDone) {
                StringBuilder header = new StringBuilder();
                settings.fields()
                        .forEachRemaining(f -> header.append(f.getKey())
                                .append('=')
                                .append(f.getValue().asText())
                                .append("  "));
                out.println(header.toString().strip());
                out.printf(
                        ROW,
                        "mode",
                        "batch",
                        "images/s",
                        "ms median",
                        "ms p90",
                        "ms p99",
                        "iters",
                        "RSS MiB",
                        "peak MiB");
                headerDone = true;
            }
            out.print(row);
        }
        out.flush();
    }

    private static String fmt(double v) {
        return String.format("%.2f", v);
    }
}
