package dev.cvt4j.serve;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cvt4j.config.CvtConfig;
import dev.cvt4j.image.EvalTransform;
import dev.cvt4j.image.RgbImage;
import dev.cvt4j.inference.Prediction;
import dev.cvt4j.inference.TopK;
import dev.cvt4j.model.BlockRef;
import io.javalin.http.Context;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * The native, curl-friendly API under {@code /v1}: {@code POST /v1/classify}, {@code POST /v1/embed},
 * {@code POST /v1/attention}, {@code GET /v1/models} and {@code GET /v1/stats} (the web page's live
 * figures). Images come as {@link ImageInputs} reads them.
 */
final class NativeApi {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final double NANOS_PER_MS = 1e6;

    private final Inference inference;
    private final ImageInputs inputs;

    NativeApi(Inference inference, ImageInputs inputs) {
        this.inference = inference;
        this.inputs = inputs;
    }

    /** {@code POST /v1/classify?top=5}: per image, in request order, its top-k and timings. */
    void classify(Context ctx) {
        ServedModel model = inference.model();
        int top = intParam(ctx, "top", 5);
        List<float[]> images = preprocess(model, ctx);
        inference.run(ctx, images, outputs -> {
            ObjectNode root =
                    JSON.createObjectNode().put("model", inference.options().name());
            ArrayNode results = root.putArray("results");
            for (Batcher.Timed<ImageOutput> out : outputs) {
                ObjectNode r = timings(results.addObject(), out);
                ArrayNode predictions = r.putArray("predictions");
                for (Prediction p : TopK.of(out.value().logits(), top, model.labels())) {
                    predictions
                            .addObject()
                            .put("index", p.index())
                            .put("label", p.label())
                            .put("probability", p.probability());
                }
            }
            json(ctx, root);
        });
    }

    /**
     * {@code POST /v1/embed}: the pooled embeddings, as JSON, or with {@code Accept:
     * application/octet-stream} as {@code (N, C_last)} little-endian float32 (headers
     * {@code X-Embedding-Count} and {@code X-Embedding-Dim}).
     */
    void embed(Context ctx) {
        ServedModel model = inference.model();
        List<float[]> images = preprocess(model, ctx);
        boolean binary = String.valueOf(ctx.header("Accept")).contains("application/octet-stream");
        inference.run(ctx, images, outputs -> {
            int dim = outputs.get(0).value().embedding().length;
            if (binary) {
                ByteBuffer bytes = ByteBuffer.allocate(4 * dim * outputs.size()).order(ByteOrder.LITTLE_ENDIAN);
                for (Batcher.Timed<ImageOutput> out : outputs) {
                    for (float v : out.value().embedding()) {
                        bytes.putFloat(v);
                    }
                }
                ctx.header("X-Embedding-Count", Integer.toString(outputs.size()))
                        .header("X-Embedding-Dim", Integer.toString(dim))
                        .contentType("application/octet-stream")
                        .result(bytes.array());
                return;
            }
            ObjectNode root = JSON.createObjectNode()
                    .put("model", inference.options().name())
                    .put("dim", dim);
            ArrayNode results = root.putArray("results");
            for (Batcher.Timed<ImageOutput> out : outputs) {
                ArrayNode values = timings(results.addObject(), out).putArray("embedding");
                for (float v : out.value().embedding()) {
                    values.add(v);
                }
            }
            json(ctx, root);
        });
    }

    /** {@code POST /v1/attention?block=stage2.9}: the PNG overlay {@code cvt attention} draws, for one image. */
    void attention(Context ctx) {
        ServedModel model = inference.model();
        String blockParam = ctx.queryParam("block");
        if (blockParam == null) {
            throw ApiErrors.badRequest("missing ?block=stageS.B (e.g. "
                    + lastBlock(model.experiment().model()) + ")");
        }
        BlockRef block;
        try {
            block = BlockRef.parse(blockParam).validate(model.experiment().model());
        } catch (IllegalArgumentException e) {
            throw ApiErrors.badRequest("block: " + e.getMessage());
        }
        List<ImageInputs.Encoded> encoded = inputs.read(ctx);
        if (encoded.size() != 1) {
            throw ApiErrors.badRequest("attention takes one image, got " + encoded.size());
        }
        RgbImage cropped =
                model.transform().resizeAndCrop(inputs.decode(encoded).get(0));
        BufferedImage overlay = inference.withAttentionPermit(() -> model.attention(cropped, block));
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        try {
            ImageIO.write(overlay, "png", png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ctx.contentType("image/png").result(png.toByteArray());
    }

    /** {@code GET /v1/models}: the model, its config, input size, preprocessing, classes and blocks. */
    void models(Context ctx) {
        ServedModel model = inference.model();
        ServeOptions options = inference.options();
        EvalTransform t = model.transform();
        ObjectNode m = JSON.createObjectNode();
        m.put("name", options.name()).put("engine", model.engine());
        m.set("config", JSON.valueToTree(model.experiment().model()));
        m.putArray("image_size").add(t.height()).add(t.width());
        ObjectNode pre = m.putObject("preprocessing");
        pre.put("resize", t.centerCrop() ? "shorter side to size / " + EvalTransform.CROP_FRACTION : "to size")
                .put("center_crop", t.centerCrop())
                .put("interpolation", t.filter().name().toLowerCase(java.util.Locale.ROOT));
        pre.set("mean", JSON.valueToTree(t.normalization().mean()));
        pre.set("std", JSON.valueToTree(t.normalization().std()));
        m.put("classes", model.labels().size());
        m.set("labels", JSON.valueToTree(model.labels()));
        m.put("embedding_size", model.experiment().model().dimLast());
        m.set("blocks", JSON.valueToTree(blocks(model.experiment().model())));
        m.put("max_batch", options.maxBatch())
                .put("max_delay_ms", options.maxDelay().toMillis())
                .put("queue", options.queue())
                .put("max_images", options.maxImages())
                .put("max_body_bytes", options.maxBodyBytes());
        ObjectNode root = JSON.createObjectNode();
        root.putArray("models").add(m);
        json(ctx, root);
    }

    /**
     * {@code GET /v1/stats}: state, images answered, batches run, the images in them and their mean size,
     * images queued now.
     */
    void stats(Context ctx) {
        ServeMetrics metrics = inference.metrics();
        ServeMetrics.BatchTotals totals = metrics.batchTotals();
        json(
                ctx,
                JSON.createObjectNode()
                        .put("state", inference.state().name().toLowerCase(java.util.Locale.ROOT))
                        .put("images_served", metrics.imagesServed())
                        .put("batches", totals.batches())
                        .put("images_in_batches", totals.images())
                        .put("mean_batch_size", totals.batches() == 0 ? 0 : (double) totals.images() / totals.batches())
                        .put("queue_depth", inference.queueDepth()));
    }

    private List<float[]> preprocess(ServedModel model, Context ctx) {
        return inputs.pixels(inputs.read(ctx), model.transform());
    }

    private static ObjectNode timings(ObjectNode node, Batcher.Timed<ImageOutput> out) {
        return node.put("queue_ms", out.queueNanos() / NANOS_PER_MS)
                .put("inference_ms", out.inferenceNanos() / NANOS_PER_MS)
                .put("batch_size", out.batchSize());
    }

    static int intParam(Context ctx, String name, int fallback) {
        String value = ctx.queryParam(name);
        if (value == null) {
            return fallback;
        }
        try {
            int v = Integer.parseInt(value);
            if (v >= 1) {
                return v;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiErrors.badRequest(name + " must be a positive integer, got '" + value + "'");
    }

    static void json(Context ctx, Object node) {
        ctx.contentType("application/json").result(node.toString());
    }

    private static List<String> blocks(CvtConfig config) {
        List<String> names = new ArrayList<>();
        for (int s = 0; s < config.numStages(); s++) {
            for (int b = 0; b < config.stage(s).depth(); b++) {
                names.add(new BlockRef(s, b).toString());
            }
        }
        return names;
    }

    private static String lastBlock(CvtConfig config) {
        List<String> all = blocks(config);
        return all.get(all.size() - 1);
    }
}
