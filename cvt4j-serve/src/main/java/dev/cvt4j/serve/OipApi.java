package dev.cvt4j.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cvt4j.image.EvalTransform;
import dev.cvt4j.inference.TopK;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The Open Inference Protocol v2 REST API (KServe's {@code open-inference-protocol} "REST" spec, as
 * Triton and KServe serve it), so that their clients call {@code cvt serve} unchanged.
 *
 * <ul>
 *   <li>{@code GET /v2}, {@code /v2/health/live}, {@code /v2/health/ready}, {@code /v2/models/{name}},
 *       {@code /v2/models/{name}/ready};
 *   <li>{@code POST /v2/models/{name}/infer} with one input: {@code BYTES} {@code [N]} holding encoded
 *       image files as base64 strings, or {@code FP32} {@code [N, 3, H, W]} already preprocessed; outputs
 *       {@code logits} and {@code probabilities} {@code FP32 [N, NUM_CLASSES]} and {@code embedding}
 *       {@code FP32 [N, C_last]}, all three unless the request names some. An output requested with
 *       Triton's classification parameter ({@code "parameters": {"classification": k}}) comes back as
 *       {@code BYTES [N, k]} strings {@code "value:index:label"}, highest value first.
 * </ul>
 *
 * Errors are {@code {"error": "...", "code": "..."}}, the protocol's {@code error} field plus our code.
 */
final class OipApi {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> OUTPUTS = List.of("logits", "probabilities", "embedding");

    private final Inference inference;
    private final ImageInputs inputs;
    private final String version;

    OipApi(Inference inference, ImageInputs inputs, String version) {
        this.inference = inference;
        this.inputs = inputs;
        this.version = version;
    }

    /** {@code GET /v2}: server metadata. */
    void server(Context ctx) {
        ObjectNode root = JSON.createObjectNode().put("name", "cvt4j").put("version", version);
        root.putArray("extensions").add("classification");
        NativeApi.json(ctx, root);
    }

    /** {@code GET /v2/models/{name}/ready}: 200 when ready, else 503. */
    void modelReady(Context ctx) {
        String name = checkName(ctx);
        boolean ready = inference.state() == Inference.State.READY;
        ctx.status(ready ? 200 : 503);
        NativeApi.json(ctx, JSON.createObjectNode().put("name", name).put("ready", ready));
    }

    /** {@code GET /v2/models/{name}}: the model's metadata, its inputs and outputs. */
    void model(Context ctx) {
        String name = checkName(ctx);
        ServedModel model = inference.model();
        EvalTransform t = model.transform();
        ObjectNode root = JSON.createObjectNode().put("name", name).put("platform", "cvt4j_" + model.engine());
        root.putArray("versions").add("1");
        ArrayNode in = root.putArray("inputs");
        tensor(in, "image", "BYTES", -1);
        tensor(in, "input", "FP32", -1, 3, t.height(), t.width());
        ArrayNode out = root.putArray("outputs");
        tensor(out, "logits", "FP32", -1, model.labels().size());
        tensor(out, "probabilities", "FP32", -1, model.labels().size());
        tensor(out, "embedding", "FP32", -1, model.experiment().model().dimLast());
        NativeApi.json(ctx, root);
    }

    /** {@code POST /v2/models/{name}/infer}. */
    void infer(Context ctx) {
        String name = checkName(ctx);
        ServedModel model = inference.model();
        if (!ImageInputs.mediaType(ctx.contentType()).equals("application/json")
                && !ImageInputs.mediaType(ctx.contentType()).isEmpty()) {
            throw ApiErrors.unsupportedType(
                    "unsupported Content-Type '" + ctx.contentType() + "': the inference request is application/json");
        }
        JsonNode request = ImageInputs.parseJson(ctx.bodyAsBytes());
        JsonNode tensors = request.path("inputs");
        if (!tensors.isArray() || tensors.size() != 1) {
            throw ApiErrors.badRequest("inputs: expected one input tensor (BYTES images or FP32 [N,3,H,W])");
        }
        List<float[]> images = images(model, tensors.get(0));
        Map<String, Integer> requested = requestedOutputs(request.path("outputs"));
        inference.run(ctx, images, outputs -> {
            ObjectNode root = JSON.createObjectNode().put("model_name", name).put("model_version", "1");
            if (request.hasNonNull("id")) {
                root.set("id", request.get("id"));
            }
            ArrayNode out = root.putArray("outputs");
            for (Map.Entry<String, Integer> e : requested.entrySet()) {
                List<float[]> rows = new ArrayList<>(outputs.size());
                for (Batcher.Timed<ImageOutput> o : outputs) {
                    rows.add(values(e.getKey(), o.value()));
                }
                if (e.getValue() == null) {
                    fp32(out.addObject(), e.getKey(), rows);
                } else {
                    classification(
                            out.addObject(),
                            e.getKey(),
                            rows,
                            e.getValue(),
                            e.getKey().equals("embedding") ? null : model.labels());
                }
            }
            NativeApi.json(ctx, root);
        });
    }

    private String checkName(Context ctx) {
        String name = ctx.pathParam("name");
        if (!name.equals(inference.options().name())) {
            throw ApiErrors.notFound("unknown model '" + name + "' (this server has '"
                    + inference.options().name() + "')");
        }
        return name;
    }

    private List<float[]> images(ServedModel model, JsonNode input) {
        String datatype = input.path("datatype").asText("");
        List<JsonNode> data = new ArrayList<>();
        flatten(input.path("data"), data);
        long[] shape = shape(input.path("shape"));
        long count = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        if (count != data.size()) {
            throw ApiErrors.badRequest("inputs[0]: shape " + Arrays.toString(shape) + " holds " + count
                    + " elements, data has " + data.size());
        }
        return switch (datatype) {
            case "BYTES" -> {
                inputs.checkCount(data.size());
                List<ImageInputs.Encoded> encoded = new ArrayList<>();
                for (int i = 0; i < data.size(); i++) {
                    String where = "inputs[0].data[" + i + "]";
                    encoded.add(new ImageInputs.Encoded(where, ImageInputs.base64(data.get(i), where)));
                }
                yield inputs.pixels(encoded, model.transform());
            }
            case "FP32" -> preprocessed(model, shape, data);
            default ->
                throw ApiErrors.badRequest("inputs[0]: datatype '" + datatype
                        + "' not supported (BYTES encoded images or FP32 [N,3,H,W])");
        };
    }

    private List<float[]> preprocessed(ServedModel model, long[] shape, List<JsonNode> data) {
        EvalTransform t = model.transform();
        if (shape.length != 4 || shape[1] != 3 || shape[2] != t.height() || shape[3] != t.width()) {
            throw ApiErrors.badRequest("inputs[0]: FP32 shape must be [N,3," + t.height() + "," + t.width() + "], got "
                    + Arrays.toString(shape));
        }
        inputs.checkCount((int) Math.min(Integer.MAX_VALUE, shape[0]));
        int per = 3 * t.height() * t.width();
        List<float[]> out = new ArrayList<>();
        for (int n = 0; n < shape[0]; n++) {
            float[] image = new float[per];
            for (int i = 0; i < per; i++) {
                JsonNode v = data.get(n * per + i);
                if (!v.isNumber()) {
                    throw ApiErrors.badRequest("inputs[0].data[" + (n * per + i) + "]: expected a number");
                }
                image[i] = v.floatValue();
            }
            out.add(image);
        }
        return out;
    }

    private static long[] shape(JsonNode shape) {
        if (!shape.isArray() || shape.isEmpty()) {
            throw ApiErrors.badRequest("inputs[0]: 'shape' must be a non-empty array of sizes");
        }
        long[] out = new long[shape.size()];
        for (int i = 0; i < out.length; i++) {
            if (!shape.get(i).canConvertToLong() || shape.get(i).asLong() < 1) {
                throw ApiErrors.badRequest("inputs[0]: shape[" + i + "] must be a positive integer");
            }
            out[i] = shape.get(i).asLong();
        }
        return out;
    }

    private static void flatten(JsonNode node, List<JsonNode> into) {
        if (node.isArray()) {
            node.forEach(child -> flatten(child, into));
        } else if (!node.isMissingNode()) {
            into.add(node);
        }
    }

    /** @return output name to classification count (null: the raw tensor), in request order */
    private static Map<String, Integer> requestedOutputs(JsonNode outputs) {
        Map<String, Integer> requested = new LinkedHashMap<>();
        if (outputs.isMissingNode() || outputs.isNull()) {
            OUTPUTS.forEach(o -> requested.put(o, null));
            return requested;
        }
        if (!outputs.isArray()) {
            throw ApiErrors.badRequest("outputs: expected an array");
        }
        for (JsonNode o : outputs) {
            String name = o.path("name").asText("");
            if (!OUTPUTS.contains(name)) {
                throw ApiErrors.badRequest(
                        "outputs: unknown output '" + name + "' (" + String.join(", ", OUTPUTS) + ")");
            }
            JsonNode k = o.path("parameters").path("classification");
            if (!k.isMissingNode() && (!k.canConvertToInt() || k.asInt() < 1)) {
                throw ApiErrors.badRequest("outputs: " + name + ": classification must be a positive integer");
            }
            requested.put(name, k.isMissingNode() ? null : k.asInt());
        }
        return requested;
    }

    private static float[] values(String output, ImageOutput out) {
        return switch (output) {
            case "logits" -> out.logits();
            case "embedding" -> out.embedding();
            default -> {
                double[] p = TopK.softmax(out.logits());
                float[] f = new float[p.length];
                for (int i = 0; i < p.length; i++) {
                    f[i] = (float) p[i];
                }
                yield f;
            }
        };
    }

    private static void fp32(ObjectNode node, String name, List<float[]> rows) {
        node.put("name", name).put("datatype", "FP32");
        node.putArray("shape").add(rows.size()).add(rows.get(0).length);
        ArrayNode data = node.putArray("data");
        rows.forEach(row -> {
            for (float v : row) {
                data.add(v);
            }
        });
    }

    /** Triton's classification extension: the top {@code k} as {@code "value:index[:label]"}, highest first. */
    private static void classification(ObjectNode node, String name, List<float[]> rows, int k, List<String> labels) {
        int top = Math.min(k, rows.get(0).length);
        node.put("name", name).put("datatype", "BYTES");
        node.putArray("shape").add(rows.size()).add(top);
        ArrayNode data = node.putArray("data");
        for (float[] row : rows) {
            IntStream.range(0, row.length)
                    .boxed()
                    .sorted(Comparator.<Integer>comparingDouble(i -> row[i])
                            .reversed()
                            .thenComparing(i -> i))
                    .limit(top)
                    .forEach(i -> data.add(row[i] + ":" + i + (labels == null ? "" : ":" + labels.get(i))));
        }
    }

    private static void tensor(ArrayNode into, String name, String datatype, long... shape) {
        ObjectNode t = into.addObject().put("name", name).put("datatype", datatype);
        ArrayNode s = t.putArray("shape");
        for (long d : shape) {
            s.add(d);
        }
    }
}
