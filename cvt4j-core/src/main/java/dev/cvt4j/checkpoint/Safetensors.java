package dev.cvt4j.checkpoint;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cvt4j.untrusted.Exhaustion;
import dev.cvt4j.untrusted.SafeText;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes the <a href="https://github.com/huggingface/safetensors">safetensors</a> format.
 *
 * <p>Layout: an 8-byte little-endian unsigned header length N, N bytes of UTF-8 JSON
 * <code>{name: {"dtype": "F32", "shape": [...], "data_offsets": [begin, end]}, ...,
 * "__metadata__": {string: string}}</code>, then the data section, in which each tensor occupies
 * {@code [begin, end)} (relative to the section start) in row-major order, little-endian.
 *
 * <p>Reading validates the file the way the reference implementation does: header length within
 * the file and at most {@value #MAX_HEADER_BYTES} bytes, plain UTF-8 (no byte-order mark, no
 * UTF-16 or UTF-32, which Jackson alone would detect and accept), well-formed JSON without duplicate keys,
 * known dtypes, {@code end - begin == numel * elementSize}, tensors covering the data section
 * exactly (no overlap, no gap, no truncation, no trailing bytes). Tensor data is memory-mapped,
 * not copied onto the heap. Names and values from the header are quoted in messages through
 * {@link SafeText} (bounded, control characters escaped).
 *
 * <p>Writing pads the header with spaces to a multiple of 8, packs the tensors back to back in
 * state-dict order, stores {@code {"format": "pt"}} in {@code __metadata__} and, when the state
 * dict has PyTorch {@code _metadata}, its JSON encoding under {@value #PYTORCH_METADATA_KEY}
 * (decoded again on read). Files are replaced atomically.
 */
public final class Safetensors {
    /** The largest header accepted on read, in bytes (the reference implementation's limit). */
    public static final long MAX_HEADER_BYTES = 100_000_000L;
    /** The {@code __metadata__} key under which PyTorch's {@code _metadata} is stored as a JSON string. */
    public static final String PYTORCH_METADATA_KEY = "pytorch_metadata";

    private static final String METADATA = "__metadata__";
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private Safetensors() {}

    /** One header entry, before its data is mapped. */
    private record Entry(String name, DType dtype, long[] shape, long begin, long end) {}

    /**
     * The tensors of a safetensors file, in header order, with PyTorch {@code _metadata} restored
     * when the file carries {@value #PYTORCH_METADATA_KEY}.
     *
     * @throws CheckpointException naming the file if it is missing, unreadable or invalid (see the class comment)
     */
    public static StateDict read(Path file) {
        return readFile(file).stateDict();
    }

    /**
     * Like {@link #read(Path)}, also returning the header's {@code __metadata__} string map.
     *
     * @throws CheckpointException naming the file if it is missing, unreadable or invalid (see the class comment)
     */
    public static SafetensorsFile readFile(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size < 8) {
                throw new CheckpointException(file, "file has " + size + " bytes, too few for a safetensors header");
            }
            long headerLength = readFully(channel, 0, 8).getLong(0);
            if (headerLength < 0 || headerLength > MAX_HEADER_BYTES) {
                throw new CheckpointException(
                        file,
                        "safetensors header length " + Long.toUnsignedString(headerLength) + " exceeds the "
                                + MAX_HEADER_BYTES + "-byte limit (not a safetensors file?)");
            }
            if (headerLength > size - 8) {
                throw new CheckpointException(
                        file,
                        "safetensors header length " + headerLength + " exceeds the file size " + size
                                + " (truncated or not a safetensors file)");
            }
            JsonNode header = parseHeader(file, readFully(channel, 8, (int) headerLength));
            long dataStart = 8 + headerLength;
            Map<String, String> metadata = new LinkedHashMap<>();
            List<Entry> entries = new ArrayList<>();
            for (Map.Entry<String, JsonNode> field : (Iterable<Map.Entry<String, JsonNode>>) header::fields) {
                if (field.getKey().equals(METADATA)) {
                    metadata.putAll(stringMap(file, field.getValue()));
                } else {
                    entries.add(entry(file, field.getKey(), field.getValue()));
                }
            }
            checkCoverage(file, entries, size - dataStart);
            StateDict stateDict = new StateDict();
            for (Entry e : entries) {
                ByteBuffer data = channel.map(FileChannel.MapMode.READ_ONLY, dataStart + e.begin, e.end - e.begin);
                stateDict.put(e.name, Tensor.of(e.dtype, e.shape, data));
            }
            String pytorchMetadata = metadata.get(PYTORCH_METADATA_KEY);
            if (pytorchMetadata != null) {
                setPytorchMetadata(file, stateDict, pytorchMetadata);
            }
            return new SafetensorsFile(stateDict, Collections.unmodifiableMap(metadata));
        } catch (StackOverflowError | OutOfMemoryError e) {
            throw new CheckpointException(file, Exhaustion.reason(e), e);
        } catch (IOException e) {
            throw CheckpointException.readFailure(file, e);
        }
    }

    private static ByteBuffer readFully(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        while (buf.hasRemaining()) {
            if (channel.read(buf, position + buf.position()) < 0) {
                throw new EOFException("file shrank while reading");
            }
        }
        return buf.flip();
    }

    private static JsonNode parseHeader(Path file, ByteBuffer header) {
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(header)
                    .toString();
        } catch (CharacterCodingException e) {
            throw new CheckpointException(file, "safetensors header is not valid UTF-8", e);
        }
        if (text.startsWith("\uFEFF")) {
            throw new CheckpointException(
                    file, "safetensors header starts with a byte-order mark (must be plain UTF-8 JSON)");
        }
        if (text.indexOf('\u0000') >= 0) {
            throw new CheckpointException(
                    file,
                    "safetensors header holds NUL characters (UTF-16 or UTF-32?" + " it must be plain UTF-8 JSON)");
        }
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (IOException e) {
            throw new CheckpointException(
                    file,
                    "safetensors header is not valid JSON ("
                            + SafeText.escape(e.getMessage().lines().findFirst().orElse("")) + ")",
                    e);
        }
        if (root == null || !root.isObject()) {
            throw new CheckpointException(file, "safetensors header is not a JSON object");
        }
        return root;
    }

    private static Map<String, String> stringMap(Path file, JsonNode node) {
        Map<String, String> out = new LinkedHashMap<>();
        if (!node.isObject()) {
            throw new CheckpointException(file, "safetensors " + METADATA + " is not a JSON object");
        }
        node.fields().forEachRemaining(f -> {
            if (!f.getValue().isTextual()) {
                throw new CheckpointException(
                        file, "safetensors " + METADATA + " entry " + SafeText.quote(f.getKey()) + " is not a string");
            }
            out.put(f.getKey(), f.getValue().textValue());
        });
        return out;
    }

    private static Entry entry(Path file, String name, JsonNode node) {
        String where = "safetensors tensor " + SafeText.quote(name);
        JsonNode dtypeNode = node.get("dtype");
        if (dtypeNode == null || !dtypeNode.isTextual()) {
            throw new CheckpointException(file, where + " has no string \"dtype\"");
        }
        DType dtype = DType.fromSafetensorsName(dtypeNode.textValue())
                .orElseThrow(() -> new CheckpointException(
                        file,
                        where + " has unsupported dtype " + SafeText.quote(dtypeNode.textValue()) + " (supported: "
                                + Arrays.toString(DType.values()) + ")"));
        long[] shape = longs(file, where, node, "shape", -1);
        long[] offsets = longs(file, where, node, "data_offsets", 2);
        long expected;
        try {
            expected = Math.multiplyExact(Tensor.numelOf(shape), (long) dtype.byteSize());
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new CheckpointException(file, where + " has an impossible shape " + Arrays.toString(shape), e);
        }
        if (offsets[1] < offsets[0] || offsets[1] - offsets[0] != expected) {
            throw new CheckpointException(
                    file,
                    where + " has data_offsets " + Arrays.toString(offsets) + " but its " + dtype + " shape "
                            + Arrays.toString(shape) + " needs " + expected + " bytes");
        }
        return new Entry(name, dtype, shape, offsets[0], offsets[1]);
    }

    /** The non-negative integer array {@code node[field]}, of length {@code length} unless that is -1. */
    private static long[] longs(Path file, String where, JsonNode node, String field, int length) {
        JsonNode array = node.get(field);
        String problem = where + " needs \"" + field + "\": an array of " + (length < 0 ? "" : length + " ")
                + "non-negative integers";
        if (array == null || !array.isArray() || (length >= 0 && array.size() != length)) {
            throw new CheckpointException(file, problem);
        }
        long[] out = new long[array.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode v = array.get(i);
            if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < 0) {
                throw new CheckpointException(file, problem);
            }
            out[i] = v.longValue();
        }
        return out;
    }

    /** Checks that the tensors tile {@code [0, dataLength)} exactly, as the safetensors spec requires. */
    private static void checkCoverage(Path file, List<Entry> entries, long dataLength) {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long expected = 0;
        String previous = null;
        for (Entry e : sorted) {
            if (e.begin < expected) {
                throw new CheckpointException(
                        file,
                        "safetensors tensors " + SafeText.quote(previous) + " and " + SafeText.quote(e.name)
                                + " overlap");
            }
            if (e.begin > expected) {
                throw new CheckpointException(
                        file,
                        "safetensors data has a gap of " + (e.begin - expected) + " bytes before tensor "
                                + SafeText.quote(e.name));
            }
            expected = e.end;
            previous = e.name;
        }
        if (expected > dataLength) {
            throw new CheckpointException(
                    file,
                    "truncated: tensor " + SafeText.quote(previous) + " ends at byte " + expected
                            + " of the data section, which has only " + dataLength + " bytes");
        }
        if (expected < dataLength) {
            throw new CheckpointException(file, (dataLength - expected) + " unexpected bytes after the last tensor");
        }
    }

    private static void setPytorchMetadata(Path file, StateDict stateDict, String json) {
        try {
            stateDict.setMetadata(
                    JSON.readValue(json, new TypeReference<LinkedHashMap<String, Map<String, Object>>>() {}));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new CheckpointException(
                    file,
                    "safetensors " + METADATA + " entry '" + PYTORCH_METADATA_KEY
                            + "' is not a JSON object of objects holding numbers, booleans and strings",
                    e);
        }
    }

    /**
     * Writes {@code stateDict} to {@code file} with {@code __metadata__} {@code {"format": "pt"}}
     * (plus {@value #PYTORCH_METADATA_KEY} when the state dict has {@code _metadata}).
     *
     * @throws CheckpointException naming the file if it cannot be written; the old file is then unchanged
     */
    public static void write(Path file, StateDict stateDict) {
        write(file, stateDict, Map.of());
    }

    /**
     * Writes {@code stateDict} to {@code file} with the given {@code __metadata__} entries, to which
     * {@code "format": "pt"} is added when absent; {@value #PYTORCH_METADATA_KEY} is always derived
     * from {@link StateDict#metadata()} (set when non-empty, dropped otherwise).
     *
     * @throws CheckpointException naming the file if it cannot be written; the old file is then unchanged
     */
    public static void write(Path file, StateDict stateDict, Map<String, String> metadata) {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", "pt");
        meta.putAll(metadata);
        meta.remove(PYTORCH_METADATA_KEY);
        Map<String, Object> header = new LinkedHashMap<>();
        try {
            if (!stateDict.metadata().isEmpty()) {
                meta.put(PYTORCH_METADATA_KEY, JSON.writeValueAsString(stateDict.metadata()));
            }
            header.put(METADATA, meta);
            long offset = 0;
            for (Map.Entry<String, Tensor> e : stateDict.asMap().entrySet()) {
                Tensor t = e.getValue();
                Map<String, Object> info = new LinkedHashMap<>();
                info.put("dtype", t.dtype().safetensorsName());
                info.put("shape", t.shape());
                info.put("data_offsets", new long[] {offset, offset + t.byteSize()});
                header.put(e.getKey(), info);
                offset += t.byteSize();
            }
            byte[] json = JSON.writeValueAsBytes(header);
            int padded = (json.length + 7) & ~7;
            ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
            head.putLong(padded).put(json);
            while (head.hasRemaining()) {
                head.put((byte) ' ');
            }
            AtomicFile.write(file, channel -> {
                writeFully(channel, head.flip());
                for (Tensor t : stateDict.asMap().values()) {
                    writeFully(channel, t.data());
                }
            });
        } catch (JsonProcessingException e) {
            throw new CheckpointException(
                    file, "cannot encode the safetensors header (" + e.getOriginalMessage() + ")", e);
        }
    }

    private static void writeFully(FileChannel channel, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            channel.write(buf);
        }
    }
}
