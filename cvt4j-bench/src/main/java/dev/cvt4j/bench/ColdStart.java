package dev.cvt4j.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.cvt4j.checkpoint.Checkpoints;
import dev.cvt4j.checkpoint.StateDict;
import dev.cvt4j.config.ExperimentConfig;
import dev.cvt4j.config.Presets;
import dev.cvt4j.image.EvalTransform;
import dev.cvt4j.image.ImageDecoder;
import dev.cvt4j.inference.Preprocessing;
import dev.cvt4j.model.CvtModel;
import dev.cvt4j.model.WeightLoader;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;

/**
 * The split of a cold {@code cvt classify} of one image with CvT-13, as the command does it, timed
 * phase by phase from the JVM's start: JVM start-up (uptime when {@code main} begins), PyTorch's
 * native library load ({@link Engine#getInstance}), building the network (parameters allocated,
 * {@link CvtModel#allocate}, as {@code WeightLoader.loadModel} does), reading the checkpoint, copying
 * it into the network, decoding and transforming the
 * image, the first forward pass, and a second one for comparison.
 *
 * <pre>java -cp cvt4j-bench/target/benchmarks.jar dev.cvt4j.bench.ColdStart WEIGHTS.pth IMAGE</pre>
 */
public final class ColdStart {
    private ColdStart() {}

    /**
     * @param args the official CvT-13 checkpoint and an image file
     */
    public static void main(String[] args) {
        long jvmMs = ManagementFactory.getRuntimeMXBean().getUptime();
        BenchThreads.apply();
        Path weights = Path.of(args[0]);
        Path image = Path.of(args[1]);
        long t = System.nanoTime();
        Engine engine = Engine.getInstance();
        double nativeMs = lap(t);
        t = System.nanoTime();
        ExperimentConfig e = Presets.get("cvt-13");
        try (CvtModel model = CvtModel.allocate(e.model());
                NDManager manager = NDManager.newBaseManager()) {
            double buildMs = lap(t);
            t = System.nanoTime();
            StateDict state = Checkpoints.read(weights);
            double readMs = lap(t);
            t = System.nanoTime();
            WeightLoader.load(model, state, weights, true);
            double copyMs = lap(t);
            t = System.nanoTime();
            EvalTransform transform = Preprocessing.evalTransform(e);
            NDArray x = Preprocessing.batch(manager, transform, List.of(ImageDecoder.decode(image)));
            double imageMs = lap(t);
            t = System.nanoTime();
            model.logits(x).close();
            double firstMs = lap(t);
            t = System.nanoTime();
            model.logits(x).close();
            double secondMs = lap(t);
            System.out.printf("| phase | ms |%n|---|---|%n");
            System.out.printf("| JVM start-up (uptime at main) | %d |%n", jvmMs);
            System.out.printf(
                    "| native library load (%s %s) | %.0f |%n", engine.getEngineName(), engine.getVersion(), nativeMs);
            System.out.printf("| build CvT-13 (allocate parameters) | %.0f |%n", buildMs);
            System.out.printf("| read checkpoint | %.0f |%n", readMs);
            System.out.printf("| copy weights into the network | %.0f |%n", copyMs);
            System.out.printf("| decode + transform image | %.0f |%n", imageMs);
            System.out.printf("| first forward | %.0f |%n", firstMs);
            System.out.printf(
                    "| total to first logits | %d |%n",
                    ManagementFactory.getRuntimeMXBean().getUptime() - Math.round(secondMs));
            System.out.printf("| (second forward, for comparison) | %.0f |%n", secondMs);
        }
    }

    private static double lap(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e6;
    }
}
