package dev.cvt4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cvt4j.config.ExperimentConfig;
import dev.cvt4j.inference.CvtClassifier;
import dev.cvt4j.inference.InferenceEngine;
import dev.cvt4j.inference.Labels;
import dev.cvt4j.inference.Prediction;
import dev.cvt4j.serve.InferenceServer;
import dev.cvt4j.serve.ServeOptions;
import dev.cvt4j.serve.ServedModels;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link LoadGenerator} against an in-process {@code cvt serve} ({@link InferenceServer}) with the fixtures'
 * cvt-tiny on 127.0.0.1: concurrent clients get their images' offline answers, and a tiny queue under
 * overload answers 429, never 5xx.
 */
class LoadGeneratorTest {
    private static final Path FIXTURES = Path.of(System.getProperty("cvt.fixtures"));
    private static final Path SPEC = FIXTURES.resolve("cvt-tiny/spec.yaml");
    private static final Path WEIGHTS = FIXTURES.resolve("cvt-tiny/official.pth");
    private static final List<String> IMAGES =
            List.of("landscape.jpg", "portrait.png", "gray.png", "rgba.png", "tiny.png");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final List<LoadGenerator.Payload> PAYLOADS = new ArrayList<>();
    private static final Map<String, List<Prediction>> OFFLINE = new HashMap<>();

    @BeforeAll
    static void offlineAnswers() throws IOException {
        ExperimentConfig experiment = ExperimentConfig.resolve(SPEC.toString());
        try (CvtClassifier classifier = CvtClassifier.load(experiment, WEIGHTS)) {
            for (String name : IMAGES) {
                Path file = FIXTURES.resolve("preprocess").resolve(name);
                OFFLINE.put(name, classifier.classify(file, 5));
                PAYLOADS.add(new LoadGenerator.Payload(
                        name, name.endsWith(".png") ? "image/png" : "image/jpeg", Files.readAllBytes(file)));
            }
        }
    }

    @AfterAll
    static void clear() {
        PAYLOADS.clear();
        OFFLINE.clear();
    }

    private static InferenceServer serve(int maxBatch, int queue) {
        ExperimentConfig experiment = ExperimentConfig.resolve(SPEC.toString());
        InferenceServer server = new InferenceServer(
                        new ServeOptions(
                                "tiny",
                                "127.0.0.1",
                                0,
                                maxBatch,
                                Duration.ZERO,
                                queue,
                                1,
                                null,
                                null,
                                ServeOptions.DEFAULT_MAX_BODY,
                                ServeOptions.DEFAULT_MAX_IMAGES,
                                Duration.ofSeconds(30)),
                        line -> {})
                .start();
        server.serve(ServedModels.open(InferenceEngine.DEFAULT, 0, experiment, WEIGHTS, Labels.forClasses(10)));
        return server;
    }

    private static URI classify(InferenceServer server) {
        return URI.create("http://127.0.0.1:" + server.port() + "/v1/classify?top=5");
    }

    /** The top-5 of a 200 body equals its image's offline top-5: same classes, probabilities within 1e-6. */
    private static boolean matchesOffline(LoadGenerator.Payload payload, byte[] body) {
        try {
            JsonNode predictions = JSON.readTree(body).get("results").get(0).get("predictions");
            List<Prediction> expected = OFFLINE.get(payload.name());
            for (int k = 0; k < expected.size(); k++) {
                JsonNode p = predictions.get(k);
                if (p.get("index").asInt() != expected.get(k).index()
                        || Math.abs(p.get("probability").asDouble()
                                        - expected.get(k).probability())
                                > 1e-6) {
                    return false;
                }
            }
            return predictions.size() == expected.size();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void sixteenConcurrentClientsAllGetTheirOfflineAnswers() throws Exception {
        InferenceServer server = serve(8, 64);
        try {
            LoadGenerator load = new LoadGenerator(classify(server), PAYLOADS, 1, LoadGeneratorTest::matchesOffline);
            LoadGenerator.Report closed = load.closedLoop(16, 160, Duration.ofMinutes(3));
            assertEquals(Map.of(200, 160L), closed.statuses(), ServeLoad.describe("closed loop", closed));
            assertEquals(0, closed.mismatches());
            assertEquals(160, closed.accepted().getTotalCount());
            LoadGenerator.Report open = load.openLoop(50, 25, Duration.ofMinutes(1));
            assertEquals(Map.of(200, 25L), open.statuses(), ServeLoad.describe("open loop", open));
            assertEquals(0, open.mismatches());
        } finally {
            server.drain(Duration.ofSeconds(30));
        }
    }

    @Test
    void aTinyQueueUnderOverloadAnswers429NeverAServerError() throws Exception {
        InferenceServer server = serve(1, 1);
        try {
            LoadGenerator load = new LoadGenerator(classify(server), PAYLOADS, 1, LoadGeneratorTest::matchesOffline);
            LoadGenerator.Report r = load.closedLoop(16, 320, Duration.ofMinutes(3));
            String line = ServeLoad.describe("closed loop, queue 1", r);
            assertEquals(320, r.requests(), line);
            assertTrue(Set.of(200, 429).containsAll(r.statuses().keySet()), line);
            assertTrue(r.count(429) > 0 && r.count(200) > 0, line);
            assertEquals(0, r.mismatches(), line);
        } finally {
            server.drain(Duration.ofSeconds(30));
        }
    }

    @Test
    void onlyLoopbackTargets() {
        assertThrows(
                IllegalArgumentException.class,
                () -> new LoadGenerator(URI.create("http://192.0.2.1:8080/v1/classify"), PAYLOADS, 1, null));
    }
}
