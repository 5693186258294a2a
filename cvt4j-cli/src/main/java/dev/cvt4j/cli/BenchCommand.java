package dev.cvt4j.cli;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cvt4j.model.CvtModel;
import dev.cvt4j.model.ExperimentConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code cvt bench}: inference throughput and latency of a model at several batch sizes, measured
 * after warm-up for a fixed time per batch size, with the process's peak and current resident
 * memory. Prints one JSON object per measurement with the fields of ../shared/perf/torch_bench.py
 * ({@code mode}, {@code batch}, {@code images_per_s}, {@code ms_median}, {@code ms_p90},
 * {@code iters}), so the two line up.
 */
@Command(name = "bench", description = "Measure inference images/s and latency per batch size.")
final class BenchCommand implements Callable<Integer> {
    @Mixin
    ModelOptions modelOptions;

    @Option(names = "--batch", split = ",", defaultValue = "1,8,32", paramLabel = "B[,B...]",
            description = "Batch sizes (default 1,8,32).")
    List<Integer> batches;

    @Option(names = "--threads", paramLabel = "N", description = "Intra-op threads (default: DJL's, the core count).")
    Integer threads;

    @Option(names = "--seconds", defaultValue = "10", paramLabel = "S", description = "Time per measurement (default 10).")
    double seconds;

    @Option(names = "--warmup", defaultValue = "2", paramLabel = "N", description = "Untimed runs first (default 2).")
    int warmup;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (batches.stream().anyMatch(b -> b < 1) || seconds <= 0 || warmup < 0 || (threads != null && threads < 1)) {
            throw new ParameterException(spec.commandLine(), "--batch, --seconds and --threads must be positive");
        }
        if (threads != null) {
            System.setProperty("ai.djl.pytorch.num_threads", threads.toString());
            System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        }
        ExperimentConfig e = modelOptions.experiment();
        PrintWriter out = spec.commandLine().getOut();
        ObjectMapper json = new ObjectMapper();
        try (CvtModel model = CvtModel.create(e.model()); NDManager manager = NDManager.newBaseManager()) {
            for (int batch : batches) {
                NDArray x = manager.randomNormal(0, 1, new Shape(batch, 3, e.test().height(), e.test().width()),
                        DataType.FLOAT32);
                LatencyStats stats = time(() -> model.logits(x).close());
                ObjectNode n = json.createObjectNode();
                n.put("model", e.name()).put("size", e.test().width()).put("mode", "infer").put("batch", batch);
                n.put("images_per_s", batch * 1000.0 / stats.median());
                n.put("ms_median", stats.median()).put("ms_p90", stats.p90()).put("ms_p99", stats.p99());
                n.put("iters", stats.iterations());
                n.put("threads", threads == null ? Runtime.getRuntime().availableProcessors() : threads);
                n.put("engine", Engine.getInstance().getEngineName());
                n.put("engine_version", Engine.getInstance().getVersion());
                n.put("rss_peak_mb", memoryMb("VmHWM")).put("rss_mb", memoryMb("VmRSS"));
                out.println(json.writeValueAsString(n));
                out.flush();
                x.close();
            }
        }
        return 0;
    }

    private LatencyStats time(Runnable run) {
        for (int i = 0; i < warmup; i++) {
            run.run();
        }
        List<Double> times = new ArrayList<>();
        long start = System.nanoTime();
        while (times.size() < 3 || System.nanoTime() - start < seconds * 1e9) {
            long t0 = System.nanoTime();
            run.run();
            times.add((System.nanoTime() - t0) / 1e6);
        }
        return LatencyStats.of(times.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** A memory figure of this process from /proc/self/status (Linux), in MiB; -1 elsewhere. */
    private static double memoryMb(String field) throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.exists(status)) {
            return -1;
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        }
        return -1;
    }
}
