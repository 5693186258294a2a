package dev.cvt4j.bench;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Load generator for {@code cvt serve} ({@link LoadGenerator}): closed loop at {@code --clients} or open
 * loop at {@code --rate}, bounded by {@code --requests} and {@code --seconds}, loopback only. Prints one
 * line: discipline, requests by status, images/s answered, p50/p90/p99/max latency of the 200s.
 *
 * <pre>java -cp cvt4j-bench/target/benchmarks.jar dev.cvt4j.bench.ServeLoad --clients 16 --requests 2000 IMAGE...</pre>
 */
@Command(
        name = "serve-load",
        mixinStandardHelpOptions = true,
        description = "Closed- or open-loop HTTP load on a cvt serve at a loopback address.")
public final class ServeLoad implements Callable<Integer> {
    @Option(
            names = "--url",
            defaultValue = "http://127.0.0.1:8080/v1/classify",
            description = "Endpoint (default ${DEFAULT-VALUE}); loopback addresses only.")
    URI url;

    @Option(names = "--clients", description = "Closed loop with N concurrent clients.")
    Integer clients;

    @Option(names = "--rate", description = "Open loop at R requests per second.")
    Double rate;

    @Option(names = "--requests", defaultValue = "1000", description = "Most requests (default ${DEFAULT-VALUE}).")
    int requests;

    @Option(names = "--seconds", defaultValue = "60", description = "Longest run (default ${DEFAULT-VALUE}).")
    double seconds;

    @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "Image files, one per request, in turn.")
    List<Path> images;

    /**
     * @param args command-line options, see {@code --help}
     */
    public static void main(String[] args) {
        System.exit(new CommandLine(new ServeLoad()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if ((clients == null) == (rate == null)) {
            throw new CommandLine.ParameterException(new CommandLine(this), "give one of --clients and --rate");
        }
        List<LoadGenerator.Payload> payloads = new ArrayList<>();
        for (Path image : images) {
            String name = image.getFileName().toString().toLowerCase(Locale.ROOT);
            String type = name.endsWith(".png") ? "image/png" : name.endsWith(".webp") ? "image/webp" : "image/jpeg";
            payloads.add(new LoadGenerator.Payload(image.toString(), type, Files.readAllBytes(image)));
        }
        LoadGenerator load = new LoadGenerator(url, payloads, 1, null);
        Duration limit = Duration.ofMillis((long) (seconds * 1000));
        LoadGenerator.Report r =
                clients != null ? load.closedLoop(clients, requests, limit) : load.openLoop(rate, requests, limit);
        System.out.println(describe(
                clients != null
                        ? "closed loop, " + clients + " clients"
                        : String.format(Locale.ROOT, "open loop, %.1f requests/s", rate),
                r));
        return 0;
    }

    /**
     * @param discipline e.g. {@code closed loop, 16 clients}
     * @param r the measurements
     * @return one line for the report
     */
    static String describe(String discipline, LoadGenerator.Report r) {
        return String.format(
                Locale.ROOT,
                "%s: %d requests in %.1f s, statuses %s, %.1f images/s, latency of 200s p50 %.1f ms, p90 %.1f ms,"
                        + " p99 %.1f ms, max %.1f ms",
                discipline,
                r.requests(),
                r.seconds(),
                r.statuses(),
                r.imagesPerSecond(),
                r.latencyMs(50),
                r.latencyMs(90),
                r.latencyMs(99),
                r.accepted().getMaxValue() / 1000.0);
    }
}
