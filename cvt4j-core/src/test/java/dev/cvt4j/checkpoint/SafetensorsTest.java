package dev.cvt4j.checkpoint;

import static dev.cvt4j.checkpoint.CheckpointFiles.assertFails;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SafetensorsTest {
    @TempDir
    Path dir;

    /** A safetensors file with the given header JSON (unpadded) and data section. */
    private Path file(String name, String header, int dataBytes) throws IOException {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buf = ByteBuffer.allocate(8 + json.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        buf.putLong(json.length).put(json);
        return Files.write(dir.resolve(name), buf.array());
    }

    @Test
    void readsHuggingFaceFixture() {
        SafetensorsFile file = Safetensors.readFile(CheckpointFiles.tinyHfSafetensors());
        assertEquals(Map.of("format", "pt"), file.metadata());
        StateDict sd = file.stateDict();
        assertEquals(153, sd.size());
        assertEquals(
                "cvt.encoder.stages.0.embedding.convolution_embeddings.projection.weight",
                sd.keys().iterator().next());
        assertArrayEquals(
                new long[] {24, 3, 7, 7},
                sd.get("cvt.encoder.stages.0.embedding.convolution_embeddings.projection.weight")
                        .shape());
        assertArrayEquals(new long[] {10, 96}, sd.get("classifier.weight").shape());
        assertEquals(
                12,
                sd.asMap().values().stream().filter(t -> t.dtype() == DType.I64).count());
        Tensor tracked = sd.get("cvt.encoder.stages.0.layers.0.attention.attention.convolution_projection_query"
                + ".convolution_projection.normalization.num_batches_tracked");
        assertEquals(DType.I64, tracked.dtype());
        assertArrayEquals(new long[] {}, tracked.shape());
        assertArrayEquals(new long[] {1000}, tracked.toLongArray());
        assertTrue(sd.metadata().isEmpty());
    }

    @Test
    void rewritesFixtureByteForByte() throws IOException {
        Path out = dir.resolve("copy.safetensors");
        Safetensors.write(out, Safetensors.read(CheckpointFiles.tinyHfSafetensors()));
        assertArrayEquals(Files.readAllBytes(CheckpointFiles.tinyHfSafetensors()), Files.readAllBytes(out));
    }

    @Test
    void roundTripsStateDictWithPytorchMetadata() throws IOException {
        StateDict sd = TorchPickleReader.read(CheckpointFiles.tinyOfficial());
        Path out = dir.resolve("official.safetensors");
        Safetensors.write(out, sd, Map.of("producer", "cvt4j"));

        SafetensorsFile back = Safetensors.readFile(out);
        assertEquals(sd, back.stateDict());
        assertEquals(
                List.of("format", "producer", Safetensors.PYTORCH_METADATA_KEY),
                List.copyOf(back.metadata().keySet()));
        long headerLength = ByteBuffer.wrap(Files.readAllBytes(out), 0, 8)
                .order(ByteOrder.LITTLE_ENDIAN)
                .getLong();
        assertEquals(0, headerLength % 8);
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(out), files.toList(), "no temporary file is left behind");
        }
    }

    @Test
    void roundTripsEveryDtypeScalarsAndEmptyTensors() {
        StateDict sd = CheckpointFiles.everyDtype();
        Path out = dir.resolve("all.safetensors");
        Safetensors.write(out, sd);
        assertEquals(sd, Safetensors.read(out));
    }

    @Test
    void failsOnTruncatedFile() throws IOException {
        Path source = CheckpointFiles.tinyHfSafetensors();
        Path file = CheckpointFiles.writePrefix(source, dir.resolve("half.safetensors"), Files.size(source) / 2);
        assertFails(file, () -> Safetensors.read(file), "truncated: tensor", "of the data section, which has only");
    }

    @Test
    void failsWhenHeaderIsLargerThanFile() throws IOException {
        Path file =
                CheckpointFiles.writePrefix(CheckpointFiles.tinyHfSafetensors(), dir.resolve("cut.safetensors"), 1000);
        assertFails(file, () -> Safetensors.read(file), "header length 23464 exceeds the file size 1000");
    }

    @Test
    void failsOnAbsurdHeaderLength() throws IOException {
        Path file = Files.write(
                dir.resolve("absurd.safetensors"),
                ByteBuffer.allocate(16)
                        .order(ByteOrder.LITTLE_ENDIAN)
                        .putLong(1L << 40)
                        .array());
        assertFails(file, () -> Safetensors.read(file), "header length 1099511627776 exceeds the 100000000-byte limit");
    }

    @Test
    void failsOnGarbage() throws IOException {
        Path file = Files.write(dir.resolve("garbage.safetensors"), "garbage bytes, not a checkpoint".getBytes());
        assertFails(file, () -> Safetensors.read(file), "exceeds the 100000000-byte limit", "not a safetensors file?");
    }

    @Test
    void failsOnTinyFile() throws IOException {
        Path file = Files.write(dir.resolve("tiny.safetensors"), new byte[3]);
        assertFails(file, () -> Safetensors.read(file), "file has 3 bytes");
    }

    @Test
    void failsOnMissingFile() {
        Path file = dir.resolve("missing.safetensors");
        assertFails(file, () -> Safetensors.read(file), "no such file");
    }

    private static final String ONE_F32 = "{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}";

    /** Invalid headers: case name, header JSON, data-section size, expected part of the reason. */
    static Stream<Arguments> invalidHeaders() {
        return Stream.of(
                Arguments.of("malformed JSON", "{\"a\": {\"dtype\": \"F32\",", 0, "header is not valid JSON"),
                Arguments.of(
                        "duplicate key", "{\"a\":" + ONE_F32 + ",\"a\":" + ONE_F32 + "}", 4, "Duplicate field 'a'"),
                Arguments.of("not an object", "[1, 2]", 0, "header is not a JSON object"),
                Arguments.of(
                        "unknown dtype",
                        "{\"w\":{\"dtype\":\"F8_E4M3\",\"shape\":[2],\"data_offsets\":[0,2]}}",
                        2,
                        "tensor 'w' has unsupported dtype 'F8_E4M3'"),
                Arguments.of(
                        "offsets not matching shape",
                        "{\"w\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,12]}}",
                        12,
                        "tensor 'w' has data_offsets [0, 12] but its F32 shape [2, 2] needs 16 bytes"),
                Arguments.of(
                        "overlapping tensors",
                        "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}",
                        12,
                        "tensors 'a' and 'b' overlap"),
                Arguments.of(
                        "gap before a tensor",
                        "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}",
                        8,
                        "gap of 4 bytes before tensor 'a'"),
                Arguments.of(
                        "offsets past the data", "{\"a\":" + ONE_F32 + "}", 2, "truncated: tensor 'a' ends at byte 4"),
                Arguments.of(
                        "trailing bytes", "{\"a\":" + ONE_F32 + "}", 6, "2 unexpected bytes after the last tensor"),
                Arguments.of(
                        "missing shape",
                        "{\"a\":{\"dtype\":\"F32\",\"data_offsets\":[0,4]}}",
                        4,
                        "tensor 'a' needs \"shape\""),
                Arguments.of(
                        "negative dimension",
                        "{\"a\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}",
                        4,
                        "tensor 'a' needs \"shape\": an array of non-negative integers"),
                Arguments.of(
                        "non-string metadata",
                        "{\"__metadata__\":{\"epoch\":3}}",
                        0,
                        "__metadata__ entry 'epoch' is not a string"),
                Arguments.of(
                        "bad pytorch_metadata",
                        "{\"__metadata__\":{\"pytorch_metadata\":\"[1]\"}}",
                        0,
                        "entry 'pytorch_metadata' is not a JSON object of objects"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidHeaders")
    void failsOnInvalidHeader(String name, String header, int dataBytes, String expected) throws IOException {
        Path file = file(name.replace(' ', '_') + ".safetensors", header, dataBytes);
        assertFails(file, () -> Safetensors.read(file), expected);
    }

    @Test
    void failsWhenDirectoryIsMissing() {
        Path file = dir.resolve("no-such-dir").resolve("out.safetensors");
        assertFails(
                file,
                () -> Safetensors.write(file, new StateDict()),
                "cannot write the file: directory",
                "does not exist");
    }
}
