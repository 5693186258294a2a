package dev.cvt4j.serve;

import java.time.Duration;

/**
 * The settings of one {@code cvt serve}.
 *
 * @param name the model's name in URLs ({@code /v2/models/{name}}) and answers
 * @param host the address to bind, e.g. {@code 127.0.0.1}
 * @param port the TCP port; 0 picks a free one
 * @param maxBatch the most images per forward pass
 * @param maxDelay how long a batch may wait to fill up; zero sends at once
 * @param queue the most images waiting; more answer 429
 * @param workers threads running forward passes at once
 * @param apiKey the key every request but health checks and the page must carry, or null for none
 * @param corsOrigin the one origin allowed cross-origin calls, or null for none (CORS off)
 * @param maxBodyBytes the largest request body; larger answers 413
 * @param maxImages the most images per request; more answer 413
 * @param drain the longest wait for accepted requests after SIGTERM
 */
public record ServeOptions(
        String name,
        String host,
        int port,
        int maxBatch,
        Duration maxDelay,
        int queue,
        int workers,
        String apiKey,
        String corsOrigin,
        long maxBodyBytes,
        int maxImages,
        Duration drain) {
    /** The default body limit: 16 MiB. */
    public static final long DEFAULT_MAX_BODY = 16L << 20;
    /** The default image-count limit per request. */
    public static final int DEFAULT_MAX_IMAGES = 32;

    /**
     * @throws IllegalArgumentException when a count or size is out of range (the message names it)
     */
    public ServeOptions {
        require(port >= 0 && port <= 65535, "--port must be 0..65535, got " + port);
        require(maxBatch >= 1, "--max-batch-size must be at least 1, got " + maxBatch);
        require(!maxDelay.isNegative(), "--max-delay-ms must not be negative, got " + maxDelay.toMillis());
        require(queue >= 1, "--queue must be at least 1, got " + queue);
        require(workers >= 1, "--workers must be at least 1, got " + workers);
        require(maxBodyBytes >= 1, "--max-body must be positive, got " + maxBodyBytes);
        require(maxImages >= 1, "--max-images must be at least 1, got " + maxImages);
        require(!drain.isNegative(), "--drain-seconds must not be negative, got " + drain.toSeconds());
        require(apiKey == null || !apiKey.isEmpty(), "--api-key must not be empty");
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
