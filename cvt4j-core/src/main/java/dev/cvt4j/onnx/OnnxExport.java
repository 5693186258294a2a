package dev.cvt4j.onnx;

import ai.onnx.proto.OnnxMl.ModelProto;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cvt4j.checkpoint.AtomicFile;
import dev.cvt4j.checkpoint.CheckpointException;
import dev.cvt4j.checkpoint.Checkpoints;
import dev.cvt4j.checkpoint.StateDict;
import dev.cvt4j.config.ExperimentConfig;
import dev.cvt4j.config.TestSpec;
import dev.cvt4j.image.EvalTransform;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes a checkpoint as a self-contained {@code .onnx} file ({@code cvt export}): the graph of
 * {@link CvtOnnx} with {@link Fusions#DEFAULT}, loadable by a plain ONNX Runtime session, with the
 * metadata a consumer needs to preprocess images as the official evaluation does ({@link #metadata}).
 * The file is written to a temporary file and renamed ({@link AtomicFile}): never half-written.
 */
public final class OnnxExport {
    private OnnxExport() {}

    /**
     * Exports a model.
     *
     * @param experiment the network and its evaluation settings (size, crop, interpolation)
     * @param weights the checkpoint (official, HuggingFace or cvt4j; .pth/.bin or .safetensors)
     * @param output the {@code .onnx} file to create or replace
     * @param features whether the stage maps, class token and pooled embedding are outputs too
     * @param labelsFile the labels file to name in the metadata, or null
     * @throws CheckpointException naming the checkpoint when it is unreadable or does not fit, or the output
     *     when it cannot be written (an existing file is then unchanged)
     */
    public static void write(
            ExperimentConfig experiment, Path weights, Path output, boolean features, Path labelsFile) {
        StateDict state = Checkpoints.read(weights);
        ModelProto model = CvtOnnx.build(
                experiment.model(),
                state,
                weights,
                features ? CvtOnnx.Outputs.FEATURES : CvtOnnx.Outputs.LOGITS,
                Fusions.DEFAULT,
                metadata(experiment, weights, labelsFile));
        AtomicFile.write(output, channel -> {
            OutputStream out = Channels.newOutputStream(channel);
            model.writeTo(out);
            out.flush();
        });
    }

    /**
     * The metadata properties of an exported model: {@code model} (preset or YAML file), {@code config}
     * (the network as JSON), {@code image_width}, {@code image_height}, {@code resize} (the rule, in words),
     * {@code resize_shorter_side} (with center crop), {@code center_crop}, {@code interpolation}
     * ({@code bicubic}/{@code bilinear}, Pillow's), {@code mean} and {@code std} (per RGB channel, of pixels
     * scaled to [0, 1]), {@code input} (layout), {@code num_classes}, {@code labels} (file name, when given),
     * {@code cvt4j_version}, {@code checkpoint} (file name) and {@code checkpoint_sha256}.
     *
     * @param experiment the model and its evaluation settings
     * @param weights the checkpoint file, hashed
     * @param labelsFile the labels file or null
     * @return the properties, in the order above
     * @throws CheckpointException naming the checkpoint when it cannot be read
     */
    public static Map<String, String> metadata(ExperimentConfig experiment, Path weights, Path labelsFile) {
        TestSpec test = experiment.test();
        Map<String, String> m = new LinkedHashMap<>();
        m.put("model", experiment.name());
        m.put("config", json(experiment.model()));
        m.put("image_width", Integer.toString(test.width()));
        m.put("image_height", Integer.toString(test.height()));
        if (test.centerCrop()) {
            int shorter = (int) (test.width() / EvalTransform.CROP_FRACTION);
            m.put(
                    "resize",
                    "shorter side to " + shorter + " (int(" + test.width() + " / " + EvalTransform.CROP_FRACTION
                            + ")), then center crop " + test.width() + "x" + test.height());
            m.put("resize_shorter_side", Integer.toString(shorter));
        } else {
            m.put("resize", "straight to " + test.width() + "x" + test.height() + " (aspect ratio not kept), no crop");
        }
        m.put("center_crop", Boolean.toString(test.centerCrop()));
        m.put("interpolation", test.interpolation() == 3 ? "bicubic" : "bilinear");
        m.put("mean", floats(experiment.input().mean()));
        m.put("std", floats(experiment.input().std()));
        m.put("input", "images: float32 (batch, 3, height, width), RGB, (pixel / 255 - mean) / std");
        m.put("num_classes", Integer.toString(experiment.model().numClasses()));
        if (labelsFile != null) {
            m.put("labels", String.valueOf(labelsFile.getFileName()));
        }
        m.put("cvt4j_version", CvtOnnx.version());
        m.put("checkpoint", String.valueOf(weights.getFileName()));
        m.put("checkpoint_sha256", sha256(weights));
        return m;
    }

    private static String floats(float[] values) {
        StringBuilder s = new StringBuilder();
        for (float v : values) {
            s.append(s.length() == 0 ? "" : ",").append(v);
        }
        return s.toString();
    }

    private static String json(Object value) {
        try {
            return new ObjectMapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the config as JSON", e);
        }
    }

    private static String sha256(Path file) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new CheckpointException(file, "cannot read the file (" + e + ")", e);
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
