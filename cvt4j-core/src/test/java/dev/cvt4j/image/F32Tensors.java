package dev.cvt4j.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Minimal test-only reader of F32 tensors in a safetensors file (8-byte LE header length, JSON
 * header, raw data); to be replaced by the project's reader.
 */
final class F32Tensors {
    private final Path file;
    private final ByteBuffer data;
    private final JsonNode header;

    private F32Tensors(Path file) {
        this.file = file;
        try {
            ByteBuffer all = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
            int n = Math.toIntExact(all.getLong(0));
            header =
                    new ObjectMapper().readTree(new String(all.array(), 8, n, java.nio.charset.StandardCharsets.UTF_8));
            data = all.slice(8 + n, all.capacity() - 8 - n).order(ByteOrder.LITTLE_ENDIAN);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static F32Tensors open(Path file) {
        return new F32Tensors(file);
    }

    /** The values of tensor {@code name}, row-major. */
    float[] get(String name) {
        JsonNode t = header.get(name);
        if (t == null || !t.get("dtype").asText().equals("F32")) {
            throw new AssertionError("no F32 tensor " + name + " in " + file);
        }
        int begin = t.get("data_offsets").get(0).asInt();
        int end = t.get("data_offsets").get(1).asInt();
        float[] out = new float[(end - begin) / 4];
        data.slice(begin, end - begin)
                .order(ByteOrder.LITTLE_ENDIAN)
                .asFloatBuffer()
                .get(out);
        return out;
    }

    /** Tensor {@code name}, an {@code [H, W, 3]} image of 0..255 values, as an image. */
    RgbImage image(String name) {
        JsonNode shape = header.get(name).get("shape");
        float[] v = get(name);
        byte[] rgb = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            rgb[i] = (byte) Math.round(v[i]);
        }
        return RgbImage.of(shape.get(1).asInt(), shape.get(0).asInt(), rgb);
    }
}
