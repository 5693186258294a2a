package dev.cvt4j.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cvt4j.config.Presets;
import dev.cvt4j.model.CvtModel;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Where the time of a cvt4j CvT-13 forward pass goes: runs a few passes under PyTorch's profiler
 * ({@link JniUtils#startProfile}), writes its Chrome trace, and prints the operators by total time
 * (count, total ms per pass, share) together with the wall time per pass, so the part spent outside
 * operators (Java, JNI, thread hand-offs) shows as the difference.
 *
 * <pre>java -cp cvt4j-bench/target/benchmarks.jar dev.cvt4j.bench.ProfileForward --batch-size 1 --passes 5</pre>
 */
@Command(
        name = "profile-forward",
        mixinStandardHelpOptions = true,
        description = "Profile cvt4j's CvT-13 forward pass by PyTorch operator.")
public final class ProfileForward implements Callable<Integer> {
    @Option(names = "--batch-size", defaultValue = "1", description = "Images per pass (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--image-size", defaultValue = "224", description = "Input height and width (default 224).")
    int imageSize;

    @Option(names = "--passes", defaultValue = "5", description = "Profiled passes, after 2 untimed (default 5).")
    int passes;

    @Option(names = "--threads", defaultValue = "2", description = "Intra-op threads (default 2).")
    int threads;

    @Option(
            names = "--trace",
            defaultValue = "cvt4j-bench/target/forward-trace.json",
            description = "Where the Chrome trace goes (default ${DEFAULT-VALUE}).")
    Path trace;

    @Option(names = "--top", defaultValue = "15", description = "Operators listed (default 15).")
    int top;

    @Option(names = "--by-shape", description = "Group operators by name and input shapes (records shapes).")
    boolean byShape;

    /**
     * @param args command-line options, see {@code --help}
     */
    public static void main(String[] args) {
        System.exit(new CommandLine(new ProfileForward()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        BenchThreads.apply(threads);
        try (CvtModel model = CvtModel.create(Presets.get("cvt-13").model());
                NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.randomNormal(0, 1, new Shape(batch, 3, imageSize, imageSize), DataType.FLOAT32);
            model.logits(x).close();
            model.logits(x).close();
            JniUtils.startProfile(false, byShape, false);
            long t0 = System.nanoTime();
            for (int i = 0; i < passes; i++) {
                model.logits(x).close();
            }
            double wallMs = (System.nanoTime() - t0) / 1e6 / passes;
            JniUtils.stopProfile(trace.toAbsolutePath().toString());
            summarise(wallMs);
        }
        return 0;
    }

    /** Prints operators by self time (an event's duration minus its nested events' on the same thread). */
    private void summarise(double wallMs) throws java.io.IOException {
        JsonNode root = new ObjectMapper().readTree(trace.toFile());
        JsonNode events = root.isArray() ? root : root.get("traceEvents");
        List<JsonNode> ops = new ArrayList<>();
        events.forEach(e -> {
            if ("X".equals(e.path("ph").asText())) {
                ops.add(e);
            }
        });
        ops.sort(Comparator.comparing((JsonNode e) -> e.path("tid").asText())
                .thenComparingDouble(e -> e.path("ts").asDouble())
                .thenComparingDouble(e -> -e.path("dur").asDouble()));
        Map<String, double[]> byOp = new HashMap<>();
        Deque<double[]> open = new ArrayDeque<>();
        Deque<String> names = new ArrayDeque<>();
        String tid = null;
        double topLevel = 0;
        for (JsonNode e : ops) {
            double ts = e.path("ts").asDouble();
            double dur = e.path("dur").asDouble();
            if (!e.path("tid").asText().equals(tid)) {
                open.clear();
                names.clear();
                tid = e.path("tid").asText();
            }
            while (!open.isEmpty() && open.peek()[0] + open.peek()[1] <= ts) {
                open.pop();
                names.pop();
            }
            if (open.isEmpty()) {
                topLevel += dur;
            } else {
                byOp.get(names.peek())[1] -= dur;
            }
            String name = byShape
                    ? e.path("name").asText() + " " + e.path("shape")
                    : e.path("name").asText();
            double[] acc = byOp.computeIfAbsent(name, k -> new double[2]);
            acc[0]++;
            acc[1] += dur;
            open.push(new double[] {ts, dur});
            names.push(name);
        }
        System.out.printf(
                "batch %d at %d, %d threads: %.1f ms wall per pass, %.1f ms in operators (outermost), %.1f ms"
                        + " outside them%n",
                batch, imageSize, threads, wallMs, topLevel / 1000 / passes, wallMs - topLevel / 1000 / passes);
        System.out.printf("%-40s %8s %14s %7s%n", "operator", "calls", "self ms/pass", "share");
        double sum = topLevel;
        byOp.entrySet().stream()
                .sorted(Comparator.comparingDouble(e -> -e.getValue()[1]))
                .limit(top)
                .forEach(e -> System.out.printf(
                        "%-40s %8.0f %14.2f %6.1f%%%n",
                        e.getKey(),
                        e.getValue()[0] / passes,
                        e.getValue()[1] / 1000 / passes,
                        100 * e.getValue()[1] / sum));
    }
}
