package dev.cvt4j.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiPredicate;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * HTTP load against a {@code cvt serve} on the loopback interface, bounded in request count and in
 * time. Two disciplines:
 *
 * <ul>
 *   <li>closed loop: {@code clients} threads, each sending its next request when the previous one is
 *       answered (throughput at a concurrency);
 *   <li>open loop: requests sent at a fixed rate whatever the answers (latency at an offered load); each
 *       latency is measured from the request's scheduled time, so a stalled server is not hidden
 *       (no coordinated omission).
 * </ul>
 *
 * Latencies of answers with status 200 go to an HdrHistogram (microseconds, 3 significant digits);
 * every status is counted, and a verifier may check each 200 body against the payload's expected answer.
 */
public final class LoadGenerator {
    /**
     * One request body.
     *
     * @param name what reports call it (e.g. the image file)
     * @param contentType its {@code Content-Type}
     * @param body the bytes
     */
    public record Payload(String name, String contentType, byte[] body) {}

    /**
     * What a run measured.
     *
     * @param statuses requests answered, by HTTP status (0: no answer, e.g. connection refused)
     * @param accepted latency of the 200 answers, microseconds
     * @param mismatches 200 answers the verifier refused
     * @param seconds the run's wall time
     * @param imagesPerRequest images in each payload, for the throughput
     */
    public record Report(
            Map<Integer, Long> statuses, Histogram accepted, long mismatches, double seconds, int imagesPerRequest) {
        /** @return requests sent */
        public long requests() {
            return statuses.values().stream().mapToLong(Long::longValue).sum();
        }

        /**
         * @param status an HTTP status
         * @return how many answers had it
         */
        public long count(int status) {
            return statuses.getOrDefault(status, 0L);
        }

        /** @return images answered with 200 per second of wall time */
        public double imagesPerSecond() {
            return count(200) * imagesPerRequest / seconds;
        }

        /**
         * @param percentile e.g. 99.0
         * @return that latency of the 200 answers, milliseconds
         */
        public double latencyMs(double percentile) {
            return accepted.getValueAtPercentile(percentile) / 1000.0;
        }
    }

    private final HttpClient http;
    private final URI target;
    private final List<Payload> payloads;
    private final BiPredicate<Payload, byte[]> verifier;
    private final int imagesPerRequest;

    /**
     * @param target the endpoint, e.g. {@code http://127.0.0.1:8080/v1/classify}; a loopback address only
     * @param payloads request bodies, sent in turn
     * @param imagesPerRequest images in each payload
     * @param verifier checks a 200 body against its payload; null accepts every body
     * @throws IllegalArgumentException when the host is not a loopback address or there are no payloads
     */
    public LoadGenerator(
            URI target, List<Payload> payloads, int imagesPerRequest, BiPredicate<Payload, byte[]> verifier) {
        if (payloads.isEmpty()) {
            throw new IllegalArgumentException("no payloads to send");
        }
        requireLoopback(target);
        this.target = target;
        this.payloads = List.copyOf(payloads);
        this.imagesPerRequest = imagesPerRequest;
        this.verifier = verifier;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    private static void requireLoopback(URI target) {
        try {
            if (target.getHost() == null
                    || !InetAddress.getByName(target.getHost()).isLoopbackAddress()) {
                throw new IllegalArgumentException(target + ": the load generator only targets loopback addresses");
            }
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(target + ": unknown host", e);
        }
    }

    /**
     * Closed loop: {@code clients} threads send back to back until {@code maxRequests} in all have been
     * sent or {@code maxTime} has passed.
     *
     * @param clients concurrent clients, at least 1
     * @param maxRequests the most requests in all
     * @param maxTime the longest run
     * @return the measurements
     * @throws InterruptedException when interrupted while waiting for the clients
     */
    public Report closedLoop(int clients, int maxRequests, Duration maxTime) throws InterruptedException {
        Tally tally = new Tally();
        AtomicInteger next = new AtomicInteger();
        long start = System.nanoTime();
        long end = start + maxTime.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        for (int c = 0; c < clients; c++) {
            pool.execute(() -> {
                int i;
                while (System.nanoTime() < end && (i = next.getAndIncrement()) < maxRequests) {
                    Payload p = payloads.get(i % payloads.size());
                    long sent = System.nanoTime();
                    try {
                        HttpResponse<byte[]> r = http.send(request(p, end), HttpResponse.BodyHandlers.ofByteArray());
                        tally.record(p, r.statusCode(), r.body(), sent);
                    } catch (IOException e) {
                        tally.record(p, 0, null, sent);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(maxTime.toNanos() + Duration.ofMinutes(1).toNanos(), TimeUnit.NANOSECONDS);
        return tally.report(start);
    }

    /**
     * Open loop: one request every {@code 1 / ratePerSecond} seconds, whatever the answers, until
     * {@code maxRequests} have been sent or {@code maxTime} has passed; then waits for the answers.
     *
     * @param ratePerSecond requests per second offered
     * @param maxRequests the most requests
     * @param maxTime the longest sending time
     * @return the measurements
     * @throws InterruptedException when interrupted while pacing or waiting
     */
    public Report openLoop(double ratePerSecond, int maxRequests, Duration maxTime) throws InterruptedException {
        Tally tally = new Tally();
        long interval = (long) (1e9 / ratePerSecond);
        long start = System.nanoTime();
        long end = start + maxTime.toNanos();
        List<CompletableFuture<Void>> answers = new ArrayList<>();
        for (int i = 0; i < maxRequests; i++) {
            long scheduled = start + i * interval;
            if (scheduled >= end) {
                break;
            }
            long wait = scheduled - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            Payload p = payloads.get(i % payloads.size());
            answers.add(http.sendAsync(request(p, end), HttpResponse.BodyHandlers.ofByteArray())
                    .handle((r, failure) -> {
                        tally.record(
                                p, failure == null ? r.statusCode() : 0, failure == null ? r.body() : null, scheduled);
                        return null;
                    }));
        }
        try {
            CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).get(2, TimeUnit.MINUTES);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("answers did not all arrive: " + e.getMessage(), e);
        }
        return tally.report(start);
    }

    private HttpRequest request(Payload p, long end) {
        long left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime())) + 60_000;
        return HttpRequest.newBuilder(target)
                .timeout(Duration.ofMillis(left))
                .header("Content-Type", p.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(p.body()))
                .build();
    }

    /** The counts of one run, shared by its clients. */
    private final class Tally {
        final Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
        final Histogram accepted = new ConcurrentHistogram(3);
        final AtomicLong mismatches = new AtomicLong();
        final AtomicLong lastAnswer = new AtomicLong();

        void record(Payload p, int status, byte[] body, long sentNanos) {
            long now = System.nanoTime();
            lastAnswer.accumulateAndGet(now, Math::max);
            statuses.computeIfAbsent(status, s -> new LongAdder()).increment();
            if (status == 200) {
                accepted.recordValue(Math.max(1, (now - sentNanos) / 1000));
                if (verifier != null && !verifier.test(p, body)) {
                    mismatches.incrementAndGet();
                }
            }
        }

        Report report(long startNanos) {
            Map<Integer, Long> counts = new TreeMap<>();
            statuses.forEach((s, n) -> counts.put(s, n.sum()));
            double seconds = Math.max(1, lastAnswer.get() - startNanos) / 1e9;
            return new Report(counts, accepted, mismatches.get(), seconds, imagesPerRequest);
        }
    }
}
