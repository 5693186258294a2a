package dev.cvt4j.cli;

import static dev.cvt4j.cli.ServeProcess.json;
import static dev.cvt4j.cli.ServeProcess.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * SIGTERM while requests are queued: every accepted request is answered, the server reports not ready
 * and refuses new work with 503 while it drains, then exits 0.
 */
class ServeShutdownTest {
    /** Enough images (768) that the drain, one image at a time, outlasts the readiness probe and the late request. */
    private static final int REQUESTS = 24;

    private static final int IMAGES_PER_REQUEST = 32;

    @Test
    void sigtermDrainsEveryAcceptedRequestThenExitsZero() throws Exception {
        Path image = CvtProcess.fixtures().resolve("preprocess/landscape.jpg");
        int total = REQUESTS * IMAGES_PER_REQUEST;
        try (ServeProcess server = ServeProcess.start("--max-batch-size", "1", "--queue", Integer.toString(total))) {
            List<CompletableFuture<HttpResponse<byte[]>>> inFlight = new ArrayList<>();
            for (int i = 0; i < REQUESTS; i++) {
                inFlight.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        return server.postMultipart("/v1/classify", Collections.nCopies(IMAGES_PER_REQUEST, image));
                    } catch (IOException | InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                }));
            }
            // Every request is accepted once all its images are queued or through the model (one at a time).
            JsonNode stats;
            do {
                Thread.sleep(5);
                stats = json(server.get("/v1/stats"));
            } while (stats.get("queue_depth").asInt()
                            + stats.get("images_in_batches").asInt()
                    < total - 1);
            assertTrue(stats.get("queue_depth").asInt() > 0, "SIGTERM should find images queued: " + stats);

            server.process.process().destroy();
            // Draining ~700 images one at a time takes long enough to see the server refuse new work.
            boolean saw503 = false;
            while (!saw503 && server.process.process().isAlive()) {
                try {
                    saw503 = server.get("/health/ready").statusCode() == 503;
                } catch (IOException closed) {
                    break;
                }
            }
            assertTrue(saw503, "while draining, /health/ready answers 503");
            // Refused before its body is read, answered all the same (UnreadBody).
            HttpResponse<byte[]> late = server.send(server.request("/v1/classify")
                    .header("Content-Type", "image/jpeg")
                    .POST(HttpRequest.BodyPublishers.ofFile(image)));
            for (CompletableFuture<HttpResponse<byte[]>> f : inFlight) {
                HttpResponse<byte[]> r = f.get(2, TimeUnit.MINUTES);
                assertEquals(200, r.statusCode(), text(r));
                assertEquals(IMAGES_PER_REQUEST, json(r).get("results").size());
            }
            CvtProcess.Result exit = server.process.await(2);
            assertEquals(0, exit.exit(), exit.toString());
            assertEquals(503, late.statusCode(), text(late));
            assertEquals("draining", json(late).get("code").asText(), text(late));
            assertTrue(
                    exit.out().contains("cvt serve: draining") && exit.out().contains("cvt serve: stopped"),
                    exit.out());
        }
    }
}
