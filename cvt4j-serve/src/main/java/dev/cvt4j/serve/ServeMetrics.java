package dev.cvt4j.serve;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.IntSupplier;

/**
 * The server's Prometheus metrics, in their own registry, named after Prometheus' conventions (base
 * units, {@code _seconds}, {@code _total} for counters):
 *
 * <ul>
 *   <li>{@code cvt_requests_total{endpoint, status}} and {@code cvt_request_duration_seconds{endpoint}};
 *   <li>{@code cvt_preprocess_duration_seconds}: per image, decoding and the evaluation transform (on the
 *       HTTP thread, before queueing; not for FP32 inputs, which come preprocessed);
 *   <li>{@code cvt_queue_duration_seconds}: per image, from enqueueing to the start of its batch;
 *   <li>{@code cvt_inference_duration_seconds}: per batch, the forward pass;
 *   <li>{@code cvt_batch_size}: images per batch;
 *   <li>{@code cvt_queue_depth}: images waiting now;
 *   <li>{@code cvt_rejections_total{reason}}: {@code queue_full}, {@code draining}, {@code deadline},
 *       {@code client_gone}, {@code unauthorized}, {@code bad_request}, {@code too_large};
 *   <li>{@code cvt_images_total}: images answered.
 * </ul>
 */
public final class ServeMetrics implements Batcher.Listener {
    private static final double NANOS_PER_SECOND = 1e9;

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter requests = Counter.builder()
            .name("cvt_requests_total")
            .help("HTTP requests answered, by endpoint and status")
            .labelNames("endpoint", "status")
            .register(registry);
    private final Histogram requestDuration = Histogram.builder()
            .name("cvt_request_duration_seconds")
            .help("Time from request to response, by endpoint")
            .labelNames("endpoint")
            .classicOnly()
            .register(registry);
    private final Histogram preprocessDuration = Histogram.builder()
            .name("cvt_preprocess_duration_seconds")
            .help("Time to decode and transform one image")
            .classicOnly()
            .register(registry);
    private final Histogram queueDuration = Histogram.builder()
            .name("cvt_queue_duration_seconds")
            .help("Time an image waited in the batching queue")
            .classicOnly()
            .register(registry);
    private final Histogram inferenceDuration = Histogram.builder()
            .name("cvt_inference_duration_seconds")
            .help("Forward pass time per batch")
            .classicOnly()
            .register(registry);
    private final Histogram batchSize = Histogram.builder()
            .name("cvt_batch_size")
            .help("Images per batch")
            .classicOnly()
            .classicUpperBounds(1, 2, 4, 8, 16, 32, 64, 128)
            .register(registry);
    private final Counter rejections = Counter.builder()
            .name("cvt_rejections_total")
            .help("Requests or images refused or dropped, by reason")
            .labelNames("reason")
            .register(registry);
    private final Counter images =
            Counter.builder().name("cvt_images_total").help("Images answered").register(registry);

    /**
     * @param queueDepth reads the number of images queued (the batcher's {@link Batcher#depth()})
     */
    public ServeMetrics(IntSupplier queueDepth) {
        GaugeWithCallback.builder()
                .name("cvt_queue_depth")
                .help("Images waiting in the batching queue")
                .callback(cb -> cb.call(queueDepth.getAsInt()))
                .register(registry);
    }

    /**
     * Records one answered request.
     *
     * @param endpoint the route, e.g. {@code /v1/classify}
     * @param status the HTTP status
     * @param nanos the time from request to response
     */
    public void request(String endpoint, int status, long nanos) {
        requests.labelValues(endpoint, Integer.toString(status)).inc();
        requestDuration.labelValues(endpoint).observe(nanos / NANOS_PER_SECOND);
    }

    /** @param reason why a request was refused (a {@code cvt_rejections_total} label) */
    public void rejected(String reason) {
        rejections.labelValues(reason).inc();
    }

    /** @param count images answered by one request */
    public void served(int count) {
        images.inc(count);
    }

    /** @param nanos one image's decode-and-transform time */
    public void preprocessed(long nanos) {
        preprocessDuration.observe(nanos / NANOS_PER_SECOND);
    }

    @Override
    public void queued(long queueNanos) {
        queueDuration.observe(queueNanos / NANOS_PER_SECOND);
    }

    @Override
    public void batch(int size, long inferenceNanos) {
        batchSize.observe(size);
        inferenceDuration.observe(inferenceNanos / NANOS_PER_SECOND);
    }

    @Override
    public void dropped(String reason, int count) {
        rejections.labelValues(reason).inc(count);
    }

    /** @return images answered so far */
    public long imagesServed() {
        return (long) images.get();
    }

    /**
     * Batches run so far and the images in them.
     *
     * @param batches forward passes
     * @param images images in them
     */
    public record BatchTotals(long batches, long images) {}

    /** @return the batches run so far and the images in them, for the web page's live figures */
    public BatchTotals batchTotals() {
        HistogramSnapshot.HistogramDataPointSnapshot point =
                batchSize.collect().getDataPoints().get(0);
        return new BatchTotals(point.getCount(), Math.round(point.getSum()));
    }

    /** @return every metric in the Prometheus text format 0.0.4 */
    public byte[] scrape() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            PrometheusTextFormatWriter.create().write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** @return the {@code Content-Type} of {@link #scrape()} */
    public static String contentType() {
        return PrometheusTextFormatWriter.CONTENT_TYPE;
    }
}
