package dev.cvt4j.cli;

import dev.cvt4j.config.ExperimentConfig;
import dev.cvt4j.inference.Labels;
import dev.cvt4j.serve.InferenceServer;
import dev.cvt4j.serve.ServeOptions;
import dev.cvt4j.serve.ServedModel;
import dev.cvt4j.serve.ServedModels;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import sun.misc.Signal;

/**
 * {@code cvt serve}: an HTTP inference server ({@link InferenceServer}) for one model. It listens at
 * once (health checks answer not ready), loads and warms the model up, prints {@code ready} and serves
 * until SIGTERM or SIGINT, then drains: new requests get 503, accepted ones are finished (up to
 * {@code --drain-seconds}), and it exits 0 (1 when accepted requests were cut off by the limit).
 */
@Command(
        name = "serve",
        description = {
            "Serve a model over HTTP: native JSON API, Open Inference Protocol v2, /metrics, a web page at /.",
            "",
            "Images from all requests share one queue and go through the model in batches of up to --max-batch-size:"
                    + " a batch goes as soon as a worker is free (--max-delay-ms 0) or after waiting up to --max-delay-ms"
                    + " for more. A full queue answers 429 with Retry-After; ?timeout_ms=N answers 504 after N ms."
                    + " SIGTERM drains: accepted requests are finished, new ones answered 503.",
            ""
        })
final class ServeCommand implements Callable<Integer> {
    @Mixin
    ModelOptions modelOptions;

    @Mixin
    WeightsOption weightsOption;

    @Option(
            names = "--labels",
            paramLabel = "FILE",
            description = "Class names, one per line (default: ImageNet-1k names for 1000 classes, else class_<i>).")
    Path labels;

    @Mixin
    EngineOption engineOption;

    @Option(
            names = "--name",
            paramLabel = "NAME",
            description = "The model's name in /v2/models/NAME (default: the preset, or the YAML file's stem).")
    String name;

    @Option(
            names = "--host",
            defaultValue = "127.0.0.1",
            paramLabel = "ADDR",
            description = "Address to bind (default ${DEFAULT-VALUE}; 0.0.0.0 for every interface).")
    String host;

    @Option(
            names = "--port",
            defaultValue = "8080",
            paramLabel = "N",
            description = "TCP port (default ${DEFAULT-VALUE}; 0: any free).")
    int port;

    @Option(
            names = "--max-batch-size",
            defaultValue = "8",
            paramLabel = "N",
            description = "Images per forward pass (default ${DEFAULT-VALUE}).")
    int maxBatchSize;

    @Option(
            names = "--max-delay-ms",
            defaultValue = "0",
            paramLabel = "MS",
            description = "Longest wait for a fuller batch (default ${DEFAULT-VALUE}: a batch goes as soon as"
                    + " the model is free).")
    long maxDelayMs;

    @Option(
            names = "--queue",
            defaultValue = "64",
            paramLabel = "N",
            description = "Images waiting at most; beyond, 429 (default ${DEFAULT-VALUE}).")
    int queue;

    @Option(
            names = "--workers",
            defaultValue = "1",
            paramLabel = "N",
            description = "Forward passes running at once (default ${DEFAULT-VALUE}).")
    int workers;

    @Option(
            names = "--threads",
            paramLabel = "N",
            description = "Intra-op threads per forward pass, with one inter-op thread (default: the core count).")
    Integer threads;

    @Option(
            names = "--api-key",
            paramLabel = "KEY",
            description =
                    "Require Authorization: Bearer KEY (or X-API-Key) on every route but / and the health checks.")
    String apiKey;

    @Option(
            names = "--cors",
            paramLabel = "ORIGIN",
            description = "Allow cross-origin calls from ORIGIN (default: CORS off).")
    String cors;

    @Option(
            names = "--max-body-mib",
            defaultValue = "16",
            paramLabel = "MIB",
            description = "Largest request body in MiB; beyond, 413 (default ${DEFAULT-VALUE}).")
    int maxBodyMib;

    @Option(
            names = "--max-images",
            defaultValue = "32",
            paramLabel = "N",
            description = "Most images per request; beyond, 413 (default ${DEFAULT-VALUE}).")
    int maxImages;

    @Option(
            names = "--drain-seconds",
            defaultValue = "30",
            paramLabel = "S",
            description = "On SIGTERM, longest wait for accepted requests (default ${DEFAULT-VALUE}).")
    int drainSeconds;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        long started = System.nanoTime();
        ExperimentConfig experiment = modelOptions.experiment();
        if (threads != null && threads < 1) {
            throw new ParameterException(spec.commandLine(), "--threads must be at least 1, got " + threads);
        }
        ServeOptions options;
        try {
            options = new ServeOptions(
                    name != null ? name : defaultName(),
                    host,
                    port,
                    maxBatchSize,
                    Duration.ofMillis(maxDelayMs),
                    queue,
                    workers,
                    apiKey,
                    cors,
                    (long) maxBodyMib << 20,
                    maxImages,
                    Duration.ofSeconds(drainSeconds));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        Path weights = weightsOption.file();
        if (threads != null) {
            System.setProperty("ai.djl.pytorch.num_threads", threads.toString());
            System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        }
        List<String> names = labels != null
                ? Labels.read(labels, experiment.model().numClasses())
                : Labels.forClasses(experiment.model().numClasses());
        PrintWriter out = spec.commandLine().getOut();
        InferenceServer server = new InferenceServer(options, line -> {
                    synchronized (out) {
                        out.println(line);
                        out.flush();
                    }
                })
                .start();
        say(out, "cvt serve: listening on http://" + host + ":" + server.port() + "/ (loading " + options.name() + ")");
        CountDownLatch stopped = new CountDownLatch(1);
        int[] exit = {0};
        Runnable drain = () -> {
            say(out, "cvt serve: draining (up to " + drainSeconds + " s)");
            try {
                if (!server.drain(options.drain())) {
                    spec.commandLine()
                            .getErr()
                            .println("cvt: drain time of " + drainSeconds + " s ran out with requests unanswered");
                    spec.commandLine().getErr().flush();
                    exit[0] = 1;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                exit[0] = 1;
            }
            say(out, "cvt serve: stopped");
            stopped.countDown();
        };
        Signal.handle(new Signal("TERM"), signal -> new Thread(drain, "cvt-drain").start());
        Signal.handle(new Signal("INT"), signal -> new Thread(drain, "cvt-drain").start());
        ServedModel model;
        try {
            model = ServedModels.open(engineOption.engine, threads != null ? threads : 0, experiment, weights, names);
        } catch (RuntimeException e) {
            server.stop();
            throw e;
        }
        server.serve(model);
        say(
                out,
                String.format(
                        Locale.ROOT,
                        "cvt serve: ready in %.2f s (%s on %s, max batch %d, max delay %d ms, queue %d)",
                        (System.nanoTime() - started) / 1e9,
                        options.name(),
                        engineOption.engine,
                        maxBatchSize,
                        maxDelayMs,
                        queue));
        stopped.await();
        return exit[0];
    }

    private String defaultName() {
        String model = modelOptions.model;
        if (!model.endsWith(".yaml") && !model.endsWith(".yml")) {
            return model;
        }
        String file = Path.of(model).getFileName().toString();
        return file.substring(0, file.lastIndexOf('.'));
    }

    private static void say(PrintWriter out, String line) {
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }
}
