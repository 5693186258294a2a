package dev.cvt4j.cli;

import static dev.cvt4j.cli.ServeProcess.json;
import static dev.cvt4j.cli.ServeProcess.text;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cvt4j.checkpoint.Safetensors;
import dev.cvt4j.checkpoint.StateDict;
import dev.cvt4j.config.ExperimentConfig;
import dev.cvt4j.image.EvalTransform;
import dev.cvt4j.image.ImageDecoder;
import dev.cvt4j.inference.InferenceEngine;
import dev.cvt4j.inference.Preprocessing;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cvt serve} as a user runs it: a child process on 127.0.0.1, every route, its answers against
 * {@code cvt classify --json}, {@code cvt features} and {@code cvt attention}, the Open Inference
 * Protocol v2 schema, the error statuses, {@code /metrics}, the API key, CORS and backpressure.
 */
class ServeCliTest {
    private static final double TOLERANCE = 1e-6;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path PRE = CvtProcess.fixtures().resolve("preprocess");
    private static final List<Path> IMAGES = List.of(
            PRE.resolve("landscape.jpg"),
            PRE.resolve("portrait.png"),
            PRE.resolve("gray.png"),
            PRE.resolve("rgba.png"),
            PRE.resolve("tiny.png"));
    /** The model's name in URLs: the stem of cvt-tiny/spec.yaml. */
    private static final String NAME = "spec";

    private static final Pattern SAMPLE =
            Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*\\})? (-?[0-9.eE+-]+|NaN|\\+Inf|-Inf)");

    private static ServeProcess server;

    @TempDir
    Path dir;

    @BeforeAll
    static void startServer() throws Exception {
        server = ServeProcess.start("--max-batch-size", "4");
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    private static List<String> withTinyModel(String command, String... more) {
        List<String> args = new ArrayList<>(List.of(command));
        args.addAll(ServeProcess.tinyModel());
        args.addAll(List.of(more));
        return args;
    }

    private static CvtProcess.Result cvt(List<String> args) throws Exception {
        CvtProcess.Result r = CvtProcess.run(args.toArray(String[]::new));
        assertEquals(0, r.exit(), r.toString());
        return r;
    }

    /** {@code cvt classify --json --top 10}: per image, its predictions. */
    private static List<JsonNode> offlineClassify() throws Exception {
        List<String> args = withTinyModel("classify", "--json", "--top", "10");
        IMAGES.forEach(p -> args.add(p.toString()));
        List<JsonNode> out = new ArrayList<>();
        JSON.readTree(cvt(args).out()).forEach(n -> out.add(n.get("predictions")));
        return out;
    }

    private static void assertSamePredictions(JsonNode expected, JsonNode actual) {
        assertEquals(expected.size(), actual.size(), actual.toString());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(
                    expected.get(i).get("index").asInt(),
                    actual.get(i).get("index").asInt(),
                    actual.toString());
            assertEquals(
                    expected.get(i).get("label").asText(),
                    actual.get(i).get("label").asText());
            assertEquals(
                    expected.get(i).get("probability").asDouble(),
                    actual.get(i).get("probability").asDouble(),
                    TOLERANCE);
        }
    }

    private static void assertError(HttpResponse<byte[]> response, int status, String code, String fragment)
            throws Exception {
        assertEquals(status, response.statusCode(), text(response));
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        JsonNode error = json(response);
        assertEquals(code, error.path("code").asText(), text(response));
        assertTrue(error.path("error").asText().contains(fragment), "'" + fragment + "' not in " + text(response));
        assertFalse(error.path("error").asText().contains("\n"));
    }

    private static String base64(Path file) throws Exception {
        return Base64.getEncoder().encodeToString(Files.readAllBytes(file));
    }

    @Test
    void classifyAnswersAsCvtClassifyInEveryRequestForm() throws Exception {
        List<JsonNode> expected = offlineClassify();
        for (int i = 0; i < IMAGES.size(); i++) {
            HttpResponse<byte[]> raw = server.postFile("/v1/classify?top=10", IMAGES.get(i));
            assertEquals(200, raw.statusCode(), text(raw));
            JsonNode result = json(raw).get("results").get(0);
            assertSamePredictions(expected.get(i), result.get("predictions"));
            assertTrue(result.get("queue_ms").asDouble() >= 0
                    && result.get("inference_ms").asDouble() > 0);
        }
        JsonNode multipart = json(server.postMultipart("/v1/classify?top=10", IMAGES));
        ObjectNode body = JSON.createObjectNode();
        ArrayNode images = body.putArray("images");
        for (Path p : IMAGES) {
            images.add(base64(p));
        }
        JsonNode base64 = json(server.post(
                "/v1/classify?top=10", "application/json", body.toString().getBytes()));
        for (JsonNode answer : List.of(multipart, base64)) {
            assertEquals(NAME, answer.get("model").asText());
            assertEquals(IMAGES.size(), answer.get("results").size());
            for (int i = 0; i < IMAGES.size(); i++) {
                assertSamePredictions(
                        expected.get(i), answer.get("results").get(i).get("predictions"));
            }
        }
        JsonNode top2 = json(server.postFile("/v1/classify?top=2", IMAGES.get(0)))
                .get("results")
                .get(0);
        assertEquals(2, top2.get("predictions").size());
    }

    @Test
    void embedAnswersAsCvtFeaturesInJsonAndFloat32() throws Exception {
        Path features = dir.resolve("f.safetensors");
        List<String> args = withTinyModel("features", "--output", features.toString());
        IMAGES.forEach(p -> args.add(p.toString()));
        cvt(args);
        StateDict offline = Safetensors.read(features);
        JsonNode answer = json(server.postMultipart("/v1/embed", IMAGES));
        assertEquals(96, answer.get("dim").asInt());
        HttpResponse<byte[]> binary = server.send(server.request("/v1/embed")
                .header("Content-Type", "multipart/form-data; boundary=x")
                .header("Accept", "application/octet-stream")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(multipartOf(IMAGES))));
        assertEquals(200, binary.statusCode(), text(binary));
        assertEquals("5", binary.headers().firstValue("X-Embedding-Count").orElseThrow());
        assertEquals("96", binary.headers().firstValue("X-Embedding-Dim").orElseThrow());
        ByteBuffer floats = ByteBuffer.wrap(binary.body()).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(5 * 96 * 4, binary.body().length);
        for (int i = 0; i < IMAGES.size(); i++) {
            String stem = IMAGES.get(i).getFileName().toString().replaceFirst("\\.[a-z]+$", "");
            float[] expected = offline.get(stem + "/embedding").toFloatArray();
            JsonNode values = answer.get("results").get(i).get("embedding");
            assertEquals(expected.length, values.size());
            for (int j = 0; j < expected.length; j++) {
                assertEquals(expected[j], values.get(j).floatValue(), TOLERANCE, "image " + i + " value " + j);
                assertEquals(values.get(j).floatValue(), floats.getFloat(), 0f);
            }
        }
    }

    /** The same multipart body {@link ServeProcess#postMultipart} builds, with boundary {@code x}. */
    private static byte[] multipartOf(List<Path> files) throws Exception {
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        for (Path f : files) {
            body.writeBytes(("--x\r\nContent-Disposition: form-data; name=\"image\"; filename=\"" + f.getFileName()
                            + "\"\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            body.writeBytes(Files.readAllBytes(f));
            body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes("--x--\r\n".getBytes(StandardCharsets.UTF_8));
        return body.toByteArray();
    }

    @Test
    void attentionIsThePngCvtAttentionDraws() throws Exception {
        assertSameAttentionPng(server, cvtAttentionPng());
        assertError(server.postFile("/v1/attention?block=stage3.0", IMAGES.get(0)), 400, "bad_request", "stage");
        assertError(server.postFile("/v1/attention", IMAGES.get(0)), 400, "bad_request", "block");
    }

    @Test
    void onnxRuntimeEngineAnswersAsCvtClassifyOnIt() throws Exception {
        List<String> args = withTinyModel("classify", "--engine", "onnxruntime", "--json", "--top", "10");
        IMAGES.forEach(p -> args.add(p.toString()));
        List<JsonNode> expected = new ArrayList<>();
        JSON.readTree(cvt(args).out()).forEach(n -> expected.add(n.get("predictions")));
        Path png = cvtAttentionPng();
        try (ServeProcess ort = ServeProcess.start("--engine", "onnxruntime", "--max-batch-size", "2")) {
            assertEquals(
                    "onnxruntime",
                    json(ort.get("/v1/models"))
                            .get("models")
                            .get(0)
                            .get("engine")
                            .asText());
            JsonNode results =
                    json(ort.postMultipart("/v1/classify?top=10", IMAGES)).get("results");
            for (int i = 0; i < IMAGES.size(); i++) {
                assertSamePredictions(expected.get(i), results.get(i).get("predictions"));
            }
            assertSameAttentionPng(ort, png);
        }
    }

    /** Draws block stage2.1's attention over the first image with {@code cvt attention}; returns the PNG. */
    private Path cvtAttentionPng() throws Exception {
        Path png = dir.resolve("map.png");
        cvt(withTinyModel(
                "attention",
                "--block",
                "stage2.1",
                "--output",
                png.toString(),
                IMAGES.get(0).toString()));
        return png;
    }

    /** {@code /v1/attention?block=stage2.1} on the first image answers a PNG equal to {@code expected}. */
    private static void assertSameAttentionPng(ServeProcess served, Path expected) throws Exception {
        HttpResponse<byte[]> answer = served.postFile("/v1/attention?block=stage2.1", IMAGES.get(0));
        assertEquals(200, answer.statusCode(), text(answer));
        assertEquals("image/png", answer.headers().firstValue("Content-Type").orElseThrow());
        BufferedImage drawn = ImageIO.read(expected.toFile());
        BufferedImage actual = ImageIO.read(new ByteArrayInputStream(answer.body()));
        assertEquals(drawn.getWidth(), actual.getWidth());
        assertArrayEquals(drawn.getRGB(0, 0, 64, 64, null, 0, 64), actual.getRGB(0, 0, 64, 64, null, 0, 64));
    }

    @Test
    void modelsDescribesTheModel() throws Exception {
        JsonNode m = json(server.get("/v1/models")).get("models").get(0);
        assertEquals(NAME, m.get("name").asText());
        assertEquals(InferenceEngine.DEFAULT.engineName(), m.get("engine").asText());
        assertEquals("[64,64]", m.get("image_size").toString());
        assertEquals(10, m.get("classes").asInt());
        assertEquals(10, m.get("labels").size());
        assertEquals(96, m.get("embedding_size").asInt());
        assertEquals(10, m.get("config").get("numClasses").asInt());
        EvalTransform transform = Preprocessing.evalTransform(
                ExperimentConfig.resolve(ServeProcess.tinyModel().get(1)));
        assertEquals(
                transform.filter().name().toLowerCase(java.util.Locale.ROOT),
                m.get("preprocessing").get("interpolation").asText());
        assertEquals(
                "[\"stage0.0\",\"stage1.0\",\"stage2.0\",\"stage2.1\"]",
                m.get("blocks").toString());
    }

    @Test
    void openInferenceProtocolV2FollowsTheSpecification() throws Exception {
        JsonNode meta = json(server.get("/v2"));
        assertEquals("cvt4j", meta.get("name").asText());
        assertTrue(meta.get("version").isTextual() && meta.get("extensions").isArray());
        assertEquals(200, server.get("/v2/health/live").statusCode());
        assertEquals(200, server.get("/v2/health/ready").statusCode());
        HttpResponse<byte[]> ready = server.get("/v2/models/" + NAME + "/ready");
        assertEquals(200, ready.statusCode());
        assertTrue(json(ready).get("ready").asBoolean());
        JsonNode model = json(server.get("/v2/models/" + NAME));
        assertEquals(NAME, model.get("name").asText());
        assertTrue(model.get("platform").isTextual() && model.get("versions").isArray());
        assertTensorMetadata(model.get("inputs"), Map.of("image", "BYTES", "input", "FP32"));
        assertTensorMetadata(
                model.get("outputs"), Map.of("logits", "FP32", "probabilities", "FP32", "embedding", "FP32"));
        assertEquals("[-1,3,64,64]", model.get("inputs").get(1).get("shape").toString());

        ObjectNode request = JSON.createObjectNode().put("id", "req-7");
        ObjectNode input =
                request.putArray("inputs").addObject().put("name", "image").put("datatype", "BYTES");
        input.putArray("shape").add(2);
        input.putArray("data").add(base64(IMAGES.get(0))).add(base64(IMAGES.get(1)));
        JsonNode all = inferOk(request);
        assertEquals("req-7", all.get("id").asText());
        assertEquals(NAME, all.get("model_name").asText());
        Map<String, JsonNode> outputs =
                assertOutputs(all, Map.of("logits", "[2,10]", "probabilities", "[2,10]", "embedding", "[2,96]"));

        List<JsonNode> offline = offlineClassify();
        for (int i = 0; i < 2; i++) {
            JsonNode top = offline.get(i);
            for (int k = 0; k < top.size(); k++) {
                int index = top.get(k).get("index").asInt();
                assertEquals(
                        top.get(k).get("probability").asDouble(),
                        outputs.get("probabilities")
                                .get("data")
                                .get(i * 10 + index)
                                .asDouble(),
                        TOLERANCE);
            }
        }

        ArrayNode wanted = request.putArray("outputs");
        wanted.addObject().put("name", "probabilities").putObject("parameters").put("classification", 3);
        JsonNode classified = inferOk(request);
        JsonNode strings =
                assertOutputs(classified, Map.of("probabilities", "[2,3]")).get("probabilities");
        assertEquals("BYTES", strings.get("datatype").asText());
        for (int i = 0; i < 2; i++) {
            for (int k = 0; k < 3; k++) {
                String[] parts = strings.get("data").get(i * 3 + k).asText().split(":");
                JsonNode expected = offline.get(i).get(k);
                assertEquals(expected.get("probability").asDouble(), Double.parseDouble(parts[0]), TOLERANCE);
                assertEquals(expected.get("index").asText(), parts[1]);
                assertEquals(expected.get("label").asText(), parts[2]);
            }
        }

        // FP32 [N,3,H,W], preprocessed here with the model's transform, gives the BYTES request's logits.
        EvalTransform transform = Preprocessing.evalTransform(
                ExperimentConfig.resolve(ServeProcess.tinyModel().get(1)));
        ObjectNode fp32 = JSON.createObjectNode();
        ObjectNode tensor =
                fp32.putArray("inputs").addObject().put("name", "input").put("datatype", "FP32");
        tensor.putArray("shape").add(2).add(3).add(64).add(64);
        ArrayNode data = tensor.putArray("data");
        for (int i = 0; i < 2; i++) {
            for (float v : transform.apply(ImageDecoder.decode(IMAGES.get(i)))) {
                data.add(v);
            }
        }
        fp32.putArray("outputs").addObject().put("name", "logits");
        JsonNode logits = assertOutputs(inferOk(fp32), Map.of("logits", "[2,10]"))
                .get("logits")
                .get("data");
        for (int j = 0; j < 20; j++) {
            assertEquals(
                    outputs.get("logits").get("data").get(j).asDouble(),
                    logits.get(j).asDouble(),
                    TOLERANCE);
        }

        assertError(
                server.post(
                        "/v2/models/other/infer",
                        "application/json",
                        request.toString().getBytes()),
                404,
                "not_found",
                "other");
        assertError(server.get("/v2/models/other"), 404, "not_found", "other");
        tensor.putArray("shape").add(2).add(3).add(32).add(32);
        assertError(
                server.post(
                        "/v2/models/" + NAME + "/infer",
                        "application/json",
                        fp32.toString().getBytes()),
                400,
                "bad_request",
                "shape");
        request.putArray("outputs").addObject().put("name", "scores");
        assertError(
                server.post(
                        "/v2/models/" + NAME + "/infer",
                        "application/json",
                        request.toString().getBytes()),
                400,
                "bad_request",
                "scores");
    }

    private static JsonNode inferOk(ObjectNode request) throws Exception {
        HttpResponse<byte[]> r = server.post(
                "/v2/models/" + NAME + "/infer",
                "application/json",
                request.toString().getBytes(StandardCharsets.UTF_8));
        assertEquals(200, r.statusCode(), text(r));
        return json(r);
    }

    private static void assertTensorMetadata(JsonNode tensors, Map<String, String> datatypes) {
        assertEquals(datatypes.size(), tensors.size());
        for (JsonNode t : tensors) {
            assertEquals(
                    datatypes.get(t.get("name").asText()), t.get("datatype").asText(), t.toString());
            assertTrue(t.get("shape").isArray(), t.toString());
        }
    }

    /** Checks the response tensors' names, shapes and that each has as many elements as its shape. */
    private static Map<String, JsonNode> assertOutputs(JsonNode response, Map<String, String> shapes) {
        Map<String, JsonNode> byName = new HashMap<>();
        for (JsonNode o : response.get("outputs")) {
            byName.put(o.get("name").asText(), o);
            assertEquals(
                    shapes.get(o.get("name").asText()),
                    o.get("shape").toString(),
                    o.get("name").asText());
            long count = 1;
            for (JsonNode d : o.get("shape")) {
                count *= d.asLong();
            }
            assertEquals(count, o.get("data").size());
        }
        assertEquals(shapes.keySet(), byName.keySet());
        return byName;
    }

    @Test
    void errorsAreOneLineJsonWithTheirStatus() throws Exception {
        Path junk = Files.writeString(dir.resolve("junk.bin"), "not an image");
        assertError(
                server.postMultipart("/v1/classify", List.of(IMAGES.get(0), junk)),
                400,
                "bad_image",
                "part 'junk.bin'");
        assertError(
                server.post("/v1/classify", "application/json", "{\"images\": [\"%%%\"]}".getBytes()),
                400,
                "bad_request",
                "images[0]: not base64");
        assertError(server.post("/v1/classify", "application/json", "{nope".getBytes()), 400, "bad_request", "JSON");
        assertError(
                server.postMultipart("/v1/classify", Collections.nCopies(33, IMAGES.get(4))), 413, "too_large", "32");
        assertError(
                server.post("/v1/classify", "text/plain", "hello".getBytes()),
                415,
                "unsupported_media_type",
                "text/plain");
        assertError(server.get("/v1/nothing"), 404, "not_found", "/v1/nothing");
        assertError(server.postFile("/v1/classify?top=0", IMAGES.get(0)), 400, "bad_request", "top");
        assertError(server.postFile("/v1/classify?timeout_ms=soon", IMAGES.get(0)), 400, "bad_request", "timeout_ms");
        // 32 images in batches of 4 take far longer than 1 ms: the deadline passes while they are queued.
        assertError(
                server.postMultipart("/v1/classify?timeout_ms=1", Collections.nCopies(32, IMAGES.get(0))),
                504,
                "deadline_exceeded",
                "1 ms");
    }

    @Test
    void healthMetricsAndAccessLog() throws Exception {
        assertEquals(200, server.get("/health/live").statusCode());
        assertEquals(200, server.get("/health/ready").statusCode());
        Map<String, Double> before = metrics();
        assertEquals(
                200, server.postMultipart("/v1/classify", IMAGES.subList(0, 2)).statusCode());
        Map<String, Double> after = metrics();
        assertEquals(2, after.get("cvt_images_total") - before.get("cvt_images_total"), 0);
        String ok = "cvt_requests_total{endpoint=\"/v1/classify\",status=\"200\"}";
        assertEquals(1, after.get(ok) - before.getOrDefault(ok, 0.0), 0);
        assertTrue(after.get("cvt_batch_size_count") > before.get("cvt_batch_size_count"));
        assertTrue(
                after.get("cvt_inference_duration_seconds_count") > before.get("cvt_inference_duration_seconds_count"));
        assertEquals(before.get("cvt_queue_duration_seconds_count") + 2, after.get("cvt_queue_duration_seconds_count"));
        assertEquals(
                before.getOrDefault("cvt_preprocess_duration_seconds_count", 0.0) + 2,
                after.get("cvt_preprocess_duration_seconds_count"));
        assertEquals(0, after.get("cvt_queue_depth"));
        assertTrue(ServeProcess.stdout(server.process).contains("127.0.0.1 \"POST /v1/classify\" 200 "));
    }

    /** Scrapes {@code /metrics}, checking every line is a comment or a sample of the text format. */
    private static Map<String, Double> metrics() throws Exception {
        HttpResponse<byte[]> r = server.get("/metrics");
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElseThrow().startsWith("text/plain; version=0.0.4"));
        Map<String, Double> samples = new HashMap<>();
        for (String line : text(r).split("\n")) {
            if (line.startsWith("# HELP ") || line.startsWith("# TYPE ") || line.isEmpty()) {
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            assertTrue(m.matches(), "not a Prometheus sample: " + line);
            samples.put(
                    m.group(1) + (m.group(2) == null ? "" : m.group(2)),
                    Double.parseDouble(m.group(3).replace("+Inf", "Infinity").replace("-Inf", "-Infinity")));
        }
        return samples;
    }

    @Test
    void apiKeyCorsBackpressureAndVanishedClients() throws Exception {
        try (ServeProcess guarded = ServeProcess.start(
                "--api-key",
                "s3cret",
                "--cors",
                "http://example.test",
                "--queue",
                "2",
                "--max-body-mib",
                "1",
                "--max-delay-ms",
                "3000")) {
            assertError(guarded.postFile("/v1/classify", IMAGES.get(0)), 401, "unauthorized", "API key");
            assertError(
                    guarded.send(guarded.request("/v1/models").header("Authorization", "Bearer s3cre7")),
                    401,
                    "unauthorized",
                    "API key");
            assertError(guarded.get("/metrics"), 401, "unauthorized", "API key");
            assertEquals(200, guarded.get("/health/ready").statusCode());
            assertEquals(200, guarded.get("/").statusCode());
            assertEquals(
                    200,
                    guarded.send(guarded.request("/v1/models").header("Authorization", "Bearer s3cret"))
                            .statusCode());
            HttpResponse<byte[]> cors = guarded.send(guarded.request("/v1/models")
                    .header("X-API-Key", "s3cret")
                    .header("Origin", "http://example.test"));
            assertEquals(200, cors.statusCode());
            assertEquals(
                    "http://example.test",
                    cors.headers().firstValue("Access-Control-Allow-Origin").orElse(""));

            assertError(
                    guarded.send(multipart(guarded, List.of(IMAGES.get(4), IMAGES.get(4), IMAGES.get(4)))),
                    413,
                    "too_large",
                    "more than the queue holds (2)");
            // Two images fill the queue of two while their batch waits out the delay: one more is refused.
            CompletableFuture<HttpResponse<byte[]>> filling = guarded.http.sendAsync(
                    multipart(guarded, List.of(IMAGES.get(4), IMAGES.get(4))).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            awaitQueued(guarded);
            HttpResponse<byte[]> full = guarded.send(multipart(guarded, List.of(IMAGES.get(4))));
            assertError(full, 429, "queue_full", "queue is full");
            assertEquals("1", full.headers().firstValue("Retry-After").orElse(""));
            assertEquals(200, filling.get(2, TimeUnit.MINUTES).statusCode());
            // A declared body over the limit is refused from its Content-Length, before any of it is read (the
            // body is not sent: a client still writing when the server closes may miss the answer).
            try (Socket socket =
                    new Socket("127.0.0.1", URI.create(guarded.base).getPort())) {
                socket.setSoTimeout(60_000);
                socket.getOutputStream()
                        .write(("POST /v1/classify HTTP/1.1\r\nHost: 127.0.0.1\r\nX-API-Key: s3cret\r\n"
                                        + "Content-Type: image/png\r\nContent-Length: " + ((1 << 20) + 1) + "\r\n\r\n")
                                .getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(answer.startsWith("HTTP/1.1 413 "), answer);
                JsonNode error = JSON.readTree(answer.substring(answer.indexOf("\r\n\r\n") + 4));
                assertEquals("too_large", error.get("code").asText(), answer);
                assertTrue(error.get("error").asText().contains("1048576"), answer);
            }

            // A client that sends its image and hangs up while the batch waits (3 s delay) is dropped before
            // inference: the next request's batch holds only its own image.
            byte[] png = Files.readAllBytes(IMAGES.get(4));
            try (Socket socket =
                    new Socket("127.0.0.1", URI.create(guarded.base).getPort())) {
                socket.getOutputStream()
                        .write(("POST /v1/classify HTTP/1.1\r\nHost: 127.0.0.1\r\nX-API-Key: s3cret\r\n"
                                        + "Content-Type: image/png\r\nContent-Length: " + png.length + "\r\n\r\n")
                                .getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().write(png);
                socket.getOutputStream().flush();
            }
            awaitQueued(guarded);
            HttpResponse<byte[]> live = guarded.send(guarded.request("/v1/classify")
                    .header("X-API-Key", "s3cret")
                    .header("Content-Type", "image/png")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(png)));
            assertEquals(200, live.statusCode(), text(live));
            assertEquals(1, json(live).get("results").get(0).get("batch_size").asInt(), text(live));
            String metrics = text(guarded.send(guarded.request("/metrics").header("X-API-Key", "s3cret")));
            assertTrue(metrics.contains("cvt_rejections_total{reason=\"client_gone\"} 1.0"), metrics);
            assertTrue(metrics.contains("cvt_images_total 3.0"), metrics);
        }
        HttpResponse<byte[]> noCors = server.send(server.request("/v1/models").header("Origin", "http://example.test"));
        assertTrue(noCors.headers().firstValue("Access-Control-Allow-Origin").isEmpty(), "CORS is off by default");
    }

    /** A multipart classify request of the guarded server (key {@code s3cret}). */
    private static java.net.http.HttpRequest.Builder multipart(ServeProcess guarded, List<Path> files)
            throws Exception {
        return guarded.request("/v1/classify")
                .header("X-API-Key", "s3cret")
                .header("Content-Type", "multipart/form-data; boundary=x")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(multipartOf(files)));
    }

    /** Waits until the guarded server has images queued. */
    private static void awaitQueued(ServeProcess guarded) throws Exception {
        while (json(guarded.send(guarded.request("/v1/stats").header("X-API-Key", "s3cret")))
                        .get("queue_depth")
                        .asInt()
                == 0) {
            Thread.sleep(5);
        }
    }

    @Test
    void badFlagsAreUsageErrorsAndABusyPortAnError() throws Exception {
        CvtProcess.Result engine =
                CvtProcess.run(withTinyModel("serve", "--engine", "tensorflow").toArray(String[]::new));
        assertEquals(2, engine.exit(), engine.toString());
        assertTrue(
                engine.err().contains("unknown engine 'tensorflow' (expected one of pytorch, onnxruntime)"),
                engine.toString());
        CvtProcess.Result batch =
                CvtProcess.run(withTinyModel("serve", "--max-batch-size", "0").toArray(String[]::new));
        assertEquals(2, batch.exit(), batch.toString());
        assertTrue(batch.err().contains("--max-batch-size must be at least 1"), batch.toString());
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            CvtProcess.Result busy =
                    CvtProcess.run(withTinyModel("serve", "--port", Integer.toString(taken.getLocalPort()))
                            .toArray(String[]::new));
            assertEquals(1, busy.exit(), busy.toString());
            assertTrue(busy.err().contains("cvt: cannot listen on 127.0.0.1:" + taken.getLocalPort()), busy.toString());
            assertFalse(busy.err().contains("\tat "), busy.toString());
        }
    }
}
