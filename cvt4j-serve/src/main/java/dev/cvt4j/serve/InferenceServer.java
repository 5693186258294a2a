package dev.cvt4j.serve;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.config.SizeUnit;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * {@code cvt serve}'s HTTP server (Javalin 7 on Jetty 12): the native API ({@link NativeApi}), the Open
 * Inference Protocol v2 ({@link OipApi}), health checks, Prometheus metrics and the web page, in front of
 * one {@link ServedModel} behind a {@link Batcher}.
 *
 * <p>Life: {@link #start} listens at once and answers the health checks (not ready, 503); {@link #serve}
 * warms the model up and makes it ready; {@link #drain} (on SIGTERM) answers 503 to new requests,
 * finishes those accepted and stops.
 *
 * <p>With an API key every route except {@code /}, {@code /health/*} and {@code /v2/health/*} needs
 * {@code Authorization: Bearer KEY} or {@code X-API-Key: KEY} (else 401), compared in constant time
 * (SHA-256 digests, {@link MessageDigest#isEqual}). CORS is off unless an origin is given.
 */
public final class InferenceServer {
    private static final Set<String> OPEN_PATHS =
            Set.of("/", "/health/live", "/health/ready", "/v2/health/live", "/v2/health/ready");

    private final ServeOptions options;
    private final Inference inference;
    private final Consumer<String> accessLog;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final byte[] keyDigest;
    private Javalin app;

    /**
     * @param options the settings
     * @param accessLog receives one line per request: client, method, path, status, milliseconds
     */
    public InferenceServer(ServeOptions options, Consumer<String> accessLog) {
        this.options = options;
        this.inference = new Inference(options);
        this.accessLog = accessLog;
        this.keyDigest = options.apiKey() == null ? null : sha256(options.apiKey());
    }

    /**
     * Starts listening; inference routes answer 503 until {@link #serve}.
     *
     * @return this server
     * @throws IllegalStateException when the address cannot be bound (in use, not local, unresolvable)
     */
    public InferenceServer start() {
        ImageInputs inputs = new ImageInputs(
                options.maxImages(),
                options.maxBodyBytes(),
                Math.max(1, Runtime.getRuntime().availableProcessors()),
                inference.metrics()::preprocessed,
                inference.phases());
        NativeApi v1 = new NativeApi(inference, inputs);
        OipApi v2 = new OipApi(inference, inputs, version());
        byte[] page = resource("index.html");
        app = Javalin.create(config -> {
            configure(config);
            config.routes.before(this::before);
            config.routes.get(
                    "/", ctx -> ctx.contentType("text/html; charset=utf-8").result(page));
            config.routes.get("/health/live", ctx -> health(ctx, true));
            config.routes.get("/health/ready", ctx -> health(ctx, inference.state() == Inference.State.READY));
            config.routes.get(
                    "/metrics",
                    ctx -> ctx.contentType(ServeMetrics.contentType())
                            .result(inference.metrics().scrape()));
            config.routes.post("/v1/classify", v1::classify);
            config.routes.post("/v1/embed", v1::embed);
            config.routes.post("/v1/attention", v1::attention);
            config.routes.get("/v1/models", v1::models);
            config.routes.get("/v1/stats", v1::stats);
            config.routes.get("/v2", v2::server);
            config.routes.get("/v2/health/live", ctx -> health(ctx, true));
            config.routes.get("/v2/health/ready", ctx -> health(ctx, inference.state() == Inference.State.READY));
            config.routes.get("/v2/models/{name}", v2::model);
            config.routes.get("/v2/models/{name}/ready", v2::modelReady);
            config.routes.post("/v2/models/{name}/infer", v2::infer);
            config.routes.exception(HttpResponseException.class, (e, ctx) -> {
                UnreadBody.discard(ctx, options.maxBodyBytes());
                ApiErrors.answer(e.getStatus() == 413 && !e.getDetails().containsKey("code") ? bodyTooLarge() : e, ctx);
            });
            config.routes.exception(Exception.class, (e, ctx) -> {
                UnreadBody.discard(ctx, options.maxBodyBytes());
                ApiErrors.write(
                        ctx,
                        500,
                        "internal",
                        "internal error: "
                                + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            });
            config.requestLogger.http(this::log);
        });
        try {
            app.start(options.host(), options.port());
        } catch (RuntimeException e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            String detail = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
            throw new IllegalStateException(
                    "cannot listen on " + options.host() + ":" + options.port() + " (" + detail + ")", e);
        }
        return this;
    }

    private void configure(JavalinConfig config) {
        config.startup.showJavalinBanner = false;
        config.startup.showOldJavalinVersionWarning = false;
        config.http.maxRequestSize = options.maxBodyBytes();
        config.jetty.multipartConfig.maxTotalRequestSize(options.maxBodyBytes(), SizeUnit.BYTES);
        config.jetty.multipartConfig.maxFileSize(options.maxBodyBytes(), SizeUnit.BYTES);
        if (options.corsOrigin() != null) {
            config.bundledPlugins.enableCors(cors -> cors.addRule(rule -> rule.allowHost(options.corsOrigin())));
        }
    }

    /**
     * Loads done: warms the model up at every batch size and opens the inference routes.
     *
     * @param model the model to serve; the server closes it when drained
     */
    public void serve(ServedModel model) {
        inference.serve(model);
    }

    /** @return the bound port (the one picked when the options asked for 0) */
    public int port() {
        return app.port();
    }

    /** @return whether the model is loaded, warmed up and not draining */
    public boolean ready() {
        return inference.state() == Inference.State.READY;
    }

    /**
     * Graceful stop: reports not ready, answers 503 to new requests, finishes every request already
     * accepted (up to {@code timeout}), then closes the listener and frees the model.
     *
     * @param timeout the longest wait for accepted requests
     * @return true when every accepted request was answered in time
     * @throws InterruptedException when interrupted while waiting
     */
    public boolean drain(Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        boolean finished = inference.drain(timeout);
        while (inFlight.get() > 0 && System.nanoTime() < end) {
            Thread.sleep(5);
        }
        finished &= inFlight.get() == 0;
        app.stop();
        return finished;
    }

    /** Stops at once, without draining (for a failed start). */
    public void stop() {
        if (app != null) {
            app.stop();
        }
    }

    private void before(Context ctx) {
        ctx.attribute("cvt.start", System.nanoTime());
        inFlight.incrementAndGet();
        if (keyDigest != null
                && !OPEN_PATHS.contains(ctx.path())
                && !ctx.method().name().equals("OPTIONS")
                && !MessageDigest.isEqual(keyDigest, sha256(presentedKey(ctx)))) {
            inference.metrics().rejected("unauthorized");
            ctx.header("WWW-Authenticate", "Bearer");
            throw ApiErrors.of(
                    401, "unauthorized", "missing or wrong API key (Authorization: Bearer KEY or X-API-Key)");
        }
        if (ctx.contentLength() > options.maxBodyBytes()) {
            throw bodyTooLarge();
        }
    }

    private HttpResponseException bodyTooLarge() {
        return ApiErrors.tooLarge("request body larger than the limit of " + options.maxBodyBytes() + " bytes");
    }

    private static String presentedKey(Context ctx) {
        String auth = ctx.header("Authorization");
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return auth.substring(7).trim();
        }
        String key = ctx.header("X-API-Key");
        return key == null ? "" : key;
    }

    private void log(Context ctx, Float ms) {
        Long start = ctx.attribute("cvt.start");
        if (start != null) {
            inFlight.decrementAndGet();
        }
        int status = ctx.status().getCode();
        String endpoint = ctx.endpoint() == null || ctx.endpoint().path.equals("*") ? "unmatched" : ctx.endpoint().path;
        inference.metrics().request(endpoint, status, start == null ? 0 : System.nanoTime() - start);
        if (status == 400 || status == 415) {
            inference.metrics().rejected("bad_request");
        } else if (status == 413) {
            inference.metrics().rejected("too_large");
        }
        accessLog.accept(String.format(
                Locale.ROOT, "%s \"%s %s\" %d %.1f ms", ctx.ip(), ctx.method().name(), ctx.path(), status, ms));
    }

    private static void health(Context ctx, boolean ok) {
        ctx.status(ok ? 200 : 503);
        NativeApi.json(ctx, "{\"status\":\"" + (ok ? "ok" : "unavailable") + "\"}");
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }

    private static byte[] resource(String name) {
        try (InputStream in = InferenceServer.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String version() {
        String v = InferenceServer.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
