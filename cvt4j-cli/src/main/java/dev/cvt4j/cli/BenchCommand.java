package dev.cvt4j.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cvt4j.config.ExperimentConfig;
import dev.cvt4j.inference.CvtRunner;
import dev.cvt4j.inference.InferenceEngine;
import dev.cvt4j.inference.Preprocessing;
import dev.cvt4j.inference.TorchRunner;
import dev.cvt4j.model.CvtModel;
import dev.cvt4j.model.WeightLoader;
import dev.cvt4j.onnx.Fusions;
import dev.cvt4j.onnx.OrtRunner;
import dev.cvt4j.train.TrainStep;
import dev.cvt4j.train.config.TrainConfig;
import dev.cvt4j.train.run.RunConfig;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code cvt bench}: inference throughput and latency of a model at several batch sizes, and the
 * throughput of a full training step (training-mode forward, loss, backward, clipping, AdamW, as
 * {@link TrainStep#official} runs the paper's recipe), each measured after warm-up for a fixed time,
 * with the process's resident and heap memory after each measurement. Optional soak runs repeat
 * single-image inference or training steps many times and read the memory at ten points, so that a
 * leak shows as growth. Random weights and random inputs: speed does not depend on the values.
 *
 * <p>Prints JSON lines with the fields of ../shared/perf/torch_bench.py (see {@link BenchOutput}) with
 * {@code --json}, else a table headed by the engine, its version and the thread settings (intra-op and
 * inter-op threads, and the {@code OMP_WAIT_POLICY} the process was started with, which decides whether
 * idle OpenMP threads spin or sleep; on ONNX Runtime also its spinning, {@code -Dcvt4j.ort.spinning=0|1}).
 * {@code --engine} picks the inference engine; training always runs on PyTorch.
 */
@Command(name = "bench", description = "Measure inference and training images/s, latency and memory.")
final class BenchCommand implements Callable<Integer> {
    /** Named in errors of the ONNX Runtime engine, which runs the random weights of the benchmark. */
    private static final Path RANDOM_WEIGHTS = Path.of("random-weights");
    /** Learning rate of the timed training steps: the paper's base rate (value does not change speed). */
    private static final double TRAIN_LR = 2.5e-4;

    @Mixin
    ModelOptions modelOptions;

    @Mixin
    EngineOption engineOption;

    @Option(
            names = "--batch-size",
            split = ",",
            defaultValue = "1,8,32",
            paramLabel = "B",
            description = "Inference batch sizes, comma-separated (default ${DEFAULT-VALUE}).")
    List<Integer> batchSizes;

    @Option(
            names = "--train-batch-size",
            defaultValue = "0",
            paramLabel = "N",
            description = "Batch size of the timed training step; 0 skips training (default ${DEFAULT-VALUE}).")
    int trainBatchSize;

    @Option(
            names = "--threads",
            paramLabel = "N",
            description = "Intra-op threads, with one inter-op thread (default: the core count).")
    Integer threads;

    @Option(
            names = "--seconds",
            defaultValue = "10",
            paramLabel = "S",
            description = "Time per measurement (default ${DEFAULT-VALUE}).")
    double seconds;

    @Option(
            names = "--warmup",
            defaultValue = "2",
            paramLabel = "N",
            description = "Untimed runs first (default ${DEFAULT-VALUE}).")
    int warmup;

    @Option(
            names = "--soak",
            defaultValue = "0",
            paramLabel = "N",
            description = "Then run N single-image inferences, reading memory 10 times"
                    + " (default ${DEFAULT-VALUE}: none).")
    int soak;

    @Option(
            names = "--soak-train",
            defaultValue = "0",
            paramLabel = "N",
            description = "Then run N training steps at --train-batch-size, reading memory 10 times"
                    + " (default ${DEFAULT-VALUE}: none).")
    int soakTrain;

    @Option(names = "--json", description = "JSON lines (the fields of torch_bench.py) instead of a table.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (batchSizes.stream().anyMatch(b -> b < 1)
                || seconds <= 0
                || warmup < 0
                || (threads != null && threads < 1)) {
            throw new ParameterException(spec.commandLine(), "--batch-size, --seconds and --threads must be positive");
        }
        if (trainBatchSize < 0 || soak < 0 || soakTrain < 0 || (soakTrain > 0 && trainBatchSize == 0)) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--train-batch-size, --soak and --soak-train must not be negative; --soak-train needs"
                            + " --train-batch-size");
        }
        if (threads != null) {
            System.setProperty("ai.djl.pytorch.num_threads", threads.toString());
            System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        }
        ExperimentConfig e = modelOptions.experiment();
        TrainConfig recipe =
                trainBatchSize > 0 ? RunConfig.ofPreset("cvt-13", List.of()).recipe() : null;
        InferenceEngine engine = engineOption.engine;
        ObjectNode settings = new ObjectMapper().createObjectNode();
        settings.put("model", e.name()).put("size", e.test().width());
        settings.put("engine", engine.engineName()).put("engine_version", engine.version());
        boolean torch = engine == InferenceEngine.PYTORCH;
        int intraOp = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        settings.put("threads", torch ? JniUtils.getNumThreads() : intraOp);
        settings.put("interop_threads", torch ? JniUtils.getNumInteropThreads() : 1);
        String waitPolicy = System.getenv("OMP_WAIT_POLICY");
        settings.put("omp_wait_policy", waitPolicy == null ? "default" : waitPolicy);
        if (!torch) {
            settings.put("ort_spinning", System.getProperty(OrtRunner.SPINNING_PROPERTY, OrtRunner.SPINNING_DEFAULT));
        }
        BenchOutput out = new BenchOutput(spec.commandLine().getOut(), json, settings);
        try (CvtModel model = CvtModel.create(e.model());
                NDManager manager = NDManager.newBaseManager();
                CvtRunner runner = torch
                        ? new TorchRunner(model)
                        : OrtRunner.load(
                                e.model(),
                                () -> WeightLoader.export(model),
                                RANDOM_WEIGHTS,
                                intraOp,
                                Fusions.DEFAULT)) {
            int height = e.test().height();
            int width = e.test().width();
            for (int batch : batchSizes) {
                FloatBuffer x = images(e, batch);
                out.measurement(
                        "infer", batch, time(() -> runner.logits(x, batch, height, width)), ProcessMemory.now());
            }
            if (soak > 0) {
                FloatBuffer x = images(e, 1);
                soak("soak-infer", 1, soak, () -> runner.logits(x, 1, height, width), out);
            }
            if (trainBatchSize > 0) {
                try (TrainStep step = TrainStep.official(model, recipe);
                        NDArray x = manager.create(
                                images(e, trainBatchSize),
                                new Shape(
                                        trainBatchSize,
                                        3,
                                        e.test().height(),
                                        e.test().width()));
                        NDArray y =
                                softTargets(manager, trainBatchSize, e.model().numClasses())) {
                    Runnable train = () -> {
                        step.accumulate(x, y).logits().close();
                        step.apply(TRAIN_LR);
                    };
                    out.measurement("train", trainBatchSize, time(train), ProcessMemory.now());
                    if (soakTrain > 0) {
                        soak("soak-train", trainBatchSize, soakTrain, train, out);
                    }
                }
            }
        }
        return 0;
    }

    /** {@code (B, 3, H, W)} standard normal values in a direct buffer. */
    private static FloatBuffer images(ExperimentConfig e, int batch) {
        Random random = new Random(batch);
        List<float[]> images = new ArrayList<>();
        for (int i = 0; i < batch; i++) {
            float[] image = new float[3 * e.test().height() * e.test().width()];
            for (int j = 0; j < image.length; j++) {
                image[j] = (float) random.nextGaussian();
            }
            images.add(image);
        }
        return Preprocessing.stack(images);
    }

    /**
     * One-hot {@code (B, classes)} targets of the classes {@code i mod classes}: the paper's recipe mixes
     * batches, so its loss takes probabilities.
     */
    private static NDArray softTargets(NDManager manager, int batch, int classes) {
        long[] labels = new long[batch];
        for (int i = 0; i < batch; i++) {
            labels[i] = i % classes;
        }
        try (NDArray indices = manager.create(labels)) {
            return indices.oneHot(classes).toType(DataType.FLOAT32, false);
        }
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

    /** Runs {@code run} {@code iters} times, reading memory after the first call and at each tenth. */
    private static void soak(String mode, int batch, int iters, Runnable run, BenchOutput out) {
        int every = Math.max(1, iters / 10);
        for (int i = 1; i <= iters; i++) {
            run.run();
            if (i == 1 || i % every == 0 || i == iters) {
                out.soak(mode, batch, i, ProcessMemory.now());
            }
        }
    }
}
