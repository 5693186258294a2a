package dev.cvt4j.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cvt4j.checkpoint.Checkpoints;
import dev.cvt4j.config.Presets;
import dev.cvt4j.onnx.CvtOnnx;
import dev.cvt4j.onnx.Fusions;
import dev.cvt4j.onnx.OrtRunner;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Where ONNX Runtime spends a CvT-13 forward pass: runs a graph with ONNX Runtime's session profiler on
 * (cvt4j's session settings, {@link OrtRunner#options}) and sums the kernel time of every node by operator
 * type over the timed passes (warm-up passes excluded), then splits it into matrix products
 * ({@code MatMul}, {@code FusedMatMul}, {@code Gemm}, {@code FusedGemm}), convolutions (dense and depthwise),
 * fused attention and the rest ("glue": layout changes, normalisation, activations, element-wise work),
 * and reports the time outside kernels. The graph is either the generic {@code torch.onnx.export} anchor
 * ({@code --graph generic}) or the one cvt4j writes ({@code cvt4j}, {@code cvt4j-plain} without the
 * contrib fusions, {@code cvt4j-all} with all of them). {@code --optimized-model} also saves the graph as ONNX Runtime optimised it.
 *
 * <pre>java -cp cvt4j-bench/target/benchmarks.jar dev.cvt4j.bench.OrtProfile --graph generic --batch-size 1 --passes 5</pre>
 */
@Command(
        name = "ort-profile",
        mixinStandardHelpOptions = true,
        description = "ONNX Runtime session profile of CvT-13: kernel time by operator, GEMM vs glue.")
public final class OrtProfile implements Callable<Integer> {
    @Option(
            names = "--graph",
            defaultValue = "generic",
            description = "generic (the torch.onnx.export anchor), cvt4j, cvt4j-plain or cvt4j-all (default"
                    + " ${DEFAULT-VALUE}).")
    String graph;

    @Option(
            names = "--anchors",
            defaultValue = "cvt4j-bench/target/anchors",
            description = "Folder with cvt13.onnx (default ${DEFAULT-VALUE}).")
    Path anchors;

    @Option(
            names = "--weights",
            defaultValue = "../shared/fixtures/cvt-13/official.pth",
            description = "The official CvT-13 checkpoint, for the cvt4j graphs (default ${DEFAULT-VALUE}).")
    Path weights;

    @Option(names = "--batch-size", defaultValue = "1", description = "Batch size (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--passes", defaultValue = "5", description = "Timed passes (default 5).")
    int passes;

    @Option(names = "--warmup", defaultValue = "2", description = "Untimed passes first (default 2).")
    int warmup;

    @Option(names = "--threads", defaultValue = "2", description = "Intra-op threads (default 2).")
    int threads;

    @Option(names = "--optimized-model", description = "Also save the graph as ONNX Runtime optimised it.")
    Path optimizedModel;

    @Option(names = "--top-nodes", defaultValue = "0", description = "Also list the N slowest nodes (default 0).")
    int topNodes;

    /**
     * @param args command-line options, see {@code --help}
     */
    public static void main(String[] args) {
        System.exit(new CommandLine(new OrtProfile()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        BenchThreads.apply(threads);
        Path prefix = Files.createTempDirectory("ort-profile").resolve("cvt13");
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        String profile;
        try (OrtSession.SessionOptions options = OrtRunner.options(threads)) {
            options.enableProfiling(prefix.toString());
            if (optimizedModel != null) {
                options.setOptimizedModelFilePath(optimizedModel.toString());
            }
            try (OrtSession session = switch (graph) {
                        case "generic" ->
                            env.createSession(anchors.resolve("cvt13.onnx").toString(), options);
                        case "cvt4j", "cvt4j-plain", "cvt4j-all" ->
                            env.createSession(
                                    CvtOnnx.build(
                                                    Presets.get("cvt-13").model(),
                                                    Checkpoints.read(weights),
                                                    weights,
                                                    CvtOnnx.Outputs.LOGITS,
                                                    fusions(),
                                                    Map.of())
                                            .toByteArray(),
                                    options);
                        default ->
                            throw new IllegalArgumentException(
                                    "--graph: expected generic, cvt4j, cvt4j-plain or" + " cvt4j-all");
                    };
                    OnnxTensor x = OnnxTensor.createTensor(
                            env, FloatBuffer.wrap(Inputs.normal(batch)), new long[] {batch, 3, 224, 224})) {
                String input = session.getInputNames().iterator().next();
                for (int i = 0; i < warmup + passes; i++) {
                    session.run(Map.of(input, x)).close();
                }
                profile = session.endProfiling();
            }
        }
        report(new ObjectMapper().readTree(Path.of(profile).toFile()));
        Files.deleteIfExists(Path.of(profile));
        return 0;
    }

    private Fusions fusions() {
        return switch (graph) {
            case "cvt4j-plain" -> Fusions.NONE;
            case "cvt4j-all" -> Fusions.ALL;
            default -> Fusions.DEFAULT;
        };
    }

    /** Sums the node events after the warm-up runs by operator type and prints the split. */
    private void report(JsonNode events) {
        List<JsonNode> runs = new ArrayList<>();
        for (JsonNode e : events) {
            if ("model_run".equals(e.path("name").asText())) {
                runs.add(e);
            }
        }
        long from = runs.get(warmup).get("ts").asLong();
        double runMicros = runs.subList(warmup, runs.size()).stream()
                .mapToDouble(e -> e.get("dur").asDouble())
                .sum();
        Map<String, Double> byOp = new LinkedHashMap<>();
        Map<String, Double> byNode = new LinkedHashMap<>();
        for (JsonNode e : events) {
            if ("Node".equals(e.path("cat").asText())
                    && e.path("name").asText().endsWith("_kernel_time")
                    && e.get("ts").asLong() >= from) {
                byOp.merge(e.path("args").path("op_name").asText(), e.get("dur").asDouble(), Double::sum);
                byNode.merge(
                        e.path("name").asText() + " " + e.path("args").path("output_type_shape"),
                        e.get("dur").asDouble(),
                        Double::sum);
            }
        }
        double kernels = byOp.values().stream().mapToDouble(Double::doubleValue).sum();
        System.out.printf(
                "%s graph, batch %d, %d threads: %.2f ms per pass (%d passes), kernels %.2f ms%n",
                graph, batch, threads, runMicros / 1e3 / passes, passes, kernels / 1e3 / passes);
        System.out.println("| operator | ms per pass | share of kernel time |");
        System.out.println("|---|---|---|");
        Map<String, Double> byKind = new LinkedHashMap<>();
        byOp.entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> {
                    System.out.printf(
                            "| %s | %.2f | %.1f%% |%n",
                            e.getKey(), e.getValue() / 1e3 / passes, 100 * e.getValue() / kernels);
                    byKind.merge(kind(e.getKey()), e.getValue(), Double::sum);
                });
        System.out.println();
        System.out.println("| kind | ms per pass | share of the pass |");
        System.out.println("|---|---|---|");
        byKind.put("outside kernels (framework)", runMicros - kernels);
        byKind.forEach((kind, micros) ->
                System.out.printf("| %s | %.2f | %.1f%% |%n", kind, micros / 1e3 / passes, 100 * micros / runMicros));
        byNode.entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .limit(topNodes)
                .forEach(e -> System.out.printf("%8.2f ms  %s%n", e.getValue() / 1e3 / passes, e.getKey()));
    }

    private static String kind(String op) {
        return switch (op) {
            case "MatMul", "FusedMatMul", "Gemm", "FusedGemm" -> "matrix products";
            case "Conv", "FusedConv", "NchwcConv" -> "convolutions";
            case "MultiHeadAttention", "Attention" -> "fused attention";
            default -> "glue";
        };
    }
}
