package dev.cvt4j.bench;

import dev.cvt4j.config.ModelSummary;
import dev.cvt4j.config.Presets;
import dev.cvt4j.onnx.Fusions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * cvt4j on its engines against its two anchors in one process, on the same input and the same threads:
 * ONNX Runtime Java on the generic ONNX export and DJL's PyTorch engine on the frozen TorchScript trace of
 * the same CvT-13 with the official weights (written by {@code cvt4j-bench/anchors/export_anchors.sh}).
 * The cvt4j subjects are {@code cvt4j} (libtorch, eager), {@code cvt4j-ort} (its own ONNX graph on ONNX
 * Runtime, {@link Fusions#DEFAULT}: SkipLayerNormalization) and, for A/B measurements of the graph
 * rewrites, {@code cvt4j-ort-plain} (no contrib fusions), {@code cvt4j-ort-mha} (MultiHeadAttention only)
 * and {@code cvt4j-ort-all} (both). Checks that all agree on the logits of one image, measures libtorch's
 * sgemm peak, then measures images/s of every engine at every batch size in interleaved rounds (each
 * round visits every batch size and every engine in turn, so load from neighbours spreads over all of
 * them) and prints a markdown table of the medians, the fraction of the sgemm peak each reaches and the
 * ratio of every cvt4j subject to every subject listed after it in {@code --engines}.
 *
 * <pre>java -cp cvt4j-bench/target/benchmarks.jar dev.cvt4j.bench.SideBySide [--rounds 3] [--seconds 5]
 *     [--engines cvt4j,cvt4j-ort,onnx,torchscript]</pre>
 */
@Command(
        name = "side-by-side",
        mixinStandardHelpOptions = true,
        description = "cvt4j vs ONNX Runtime Java vs DJL+TorchScript on CvT-13, one process, interleaved rounds.")
public final class SideBySide implements Callable<Integer> {
    @Option(
            names = "--anchors",
            defaultValue = "cvt4j-bench/target/anchors",
            description = "Folder with cvt13.onnx and cvt13_traced.pt (default ${DEFAULT-VALUE}).")
    Path anchors;

    @Option(
            names = "--weights",
            defaultValue = "../shared/fixtures/cvt-13/official.pth",
            description = "The official CvT-13 checkpoint (default ${DEFAULT-VALUE}).")
    Path weights;

    @Option(
            names = "--batch-size",
            split = ",",
            defaultValue = "1,8,32",
            description = "Batch sizes (default ${DEFAULT-VALUE}).")
    List<Integer> batches;

    @Option(names = "--rounds", defaultValue = "3", description = "Interleaved rounds; the table shows medians.")
    int rounds;

    @Option(names = "--seconds", defaultValue = "5", description = "Time per engine, batch size and round.")
    double seconds;

    @Option(names = "--threads", defaultValue = "2", description = "Intra-op threads of every engine.")
    int threads;

    @Option(
            names = "--engines",
            split = ",",
            defaultValue = "cvt4j,cvt4j-ort,onnx,torchscript",
            description = "Engines to run, of cvt4j, cvt4j-ort, cvt4j-ort-plain, cvt4j-ort-mha, cvt4j-ort-all, onnx,"
                    + " torchscript (default ${DEFAULT-VALUE}).")
    List<String> engines;

    /**
     * @param args command-line options, see {@code --help}
     */
    public static void main(String[] args) {
        System.exit(new CommandLine(new SideBySide()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        BenchThreads.apply(threads);
        double gflopPerImage =
                2e-9 * ModelSummary.of(Presets.get("cvt-13").model(), 224, 224).macs();
        List<Subject> subjects = new ArrayList<>();
        try {
            for (String engine : engines) {
                subjects.add(
                        switch (engine) {
                            case "cvt4j" -> new CvtSubject(weights);
                            case "cvt4j-ort" -> new OrtCvtSubject(weights, threads, Fusions.DEFAULT, "own graph");
                            case "cvt4j-ort-plain" -> new OrtCvtSubject(weights, threads, Fusions.NONE, "no fusions");
                            case "cvt4j-ort-mha" ->
                                new OrtCvtSubject(weights, threads, new Fusions(true, false), "MHA only");
                            case "cvt4j-ort-all" -> new OrtCvtSubject(weights, threads, Fusions.ALL, "MHA and SLN");
                            case "onnx" -> new OnnxSubject(anchors.resolve("cvt13.onnx"), threads);
                            case "torchscript" -> new TorchScriptSubject(anchors.resolve("cvt13_traced.pt"));
                            default -> throw new IllegalArgumentException("unknown engine " + engine);
                        });
            }
            System.out.println("threads " + threads + ", OMP_WAIT_POLICY " + System.getenv("OMP_WAIT_POLICY"));
            checkAgreement(subjects);
            double peak = SgemmPeak.gflops(4096, 5);
            System.out.printf(
                    "sgemm peak (libtorch through DJL, 4096^3, best of 5): %.1f GFLOP/s; CvT-13 at 224: %.2f"
                            + " GFLOP per image, so at most %.1f images/s%n",
                    peak, gflopPerImage, peak / gflopPerImage);
            Map<String, List<Double>> rates = measure(subjects);
            print(subjects, rates, peak / gflopPerImage);
        } finally {
            subjects.forEach(Subject::close);
        }
        return 0;
    }

    private static void checkAgreement(List<Subject> subjects) {
        float[] image = Inputs.normal(1);
        float[] reference = subjects.get(0).logits(image);
        for (Subject s : subjects.subList(1, subjects.size())) {
            float[] other = s.logits(image);
            double max = 0;
            for (int i = 0; i < reference.length; i++) {
                max = Math.max(max, Math.abs(reference[i] - other[i]));
            }
            System.out.printf(
                    "max |logit difference| %s vs %s: %.2e%n", subjects.get(0).name(), s.name(), max);
            if (max > 1e-2) {
                throw new IllegalStateException("the engines disagree: not the same model or not the same weights");
            }
        }
    }

    private Map<String, List<Double>> measure(List<Subject> subjects) {
        Map<String, List<Double>> rates = new LinkedHashMap<>();
        for (int batch : batches) {
            for (Subject s : subjects) {
                s.prepare(batch);
                s.run(batch);
            }
        }
        for (int round = 1; round <= rounds; round++) {
            for (int batch : batches) {
                for (Subject s : subjects) {
                    s.run(batch);
                    int calls = 0;
                    long start = System.nanoTime();
                    while (calls < 2 || System.nanoTime() - start < seconds * 1e9) {
                        s.run(batch);
                        calls++;
                    }
                    double rate = calls * batch / ((System.nanoTime() - start) / 1e9);
                    rates.computeIfAbsent(key(s, batch), k -> new ArrayList<>()).add(rate);
                    System.out.printf("round %d  batch %2d  %-55s %7.2f images/s%n", round, batch, s.name(), rate);
                }
            }
        }
        return rates;
    }

    private void print(List<Subject> subjects, Map<String, List<Double>> rates, double limit) {
        StringBuilder header = new StringBuilder("| engine |");
        StringBuilder rule = new StringBuilder("|---|");
        for (int b : batches) {
            header.append(" batch ").append(b).append(" |");
            rule.append("---|");
        }
        System.out.println();
        System.out.println("Images/s, median of " + rounds + " rounds of " + seconds + " s (fraction of the sgemm-peak"
                + " limit of " + String.format("%.1f", limit) + " images/s):");
        System.out.println(header);
        System.out.println(rule);
        for (Subject s : subjects) {
            StringBuilder row = new StringBuilder("| " + s.name() + " |");
            for (int b : batches) {
                double m = median(rates.get(key(s, b)));
                row.append(String.format(" %.2f (%.0f%%) |", m, 100 * m / limit));
            }
            System.out.println(row);
        }
        for (int i = 0; i < subjects.size(); i++) {
            Subject cvt = subjects.get(i);
            if (!cvt.isCvt4j()) {
                continue;
            }
            for (Subject s : subjects.subList(i + 1, subjects.size())) {
                StringBuilder row = new StringBuilder("| " + cvt.name() + " / " + s.name() + " |");
                for (int b : batches) {
                    double ratio = median(rates.get(key(cvt, b))) / median(rates.get(key(s, b)));
                    row.append(String.format(" %.2fx |", ratio));
                }
                System.out.println(row);
            }
        }
    }

    private static String key(Subject s, int batch) {
        return s.name() + "@" + batch;
    }

    private static double median(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
