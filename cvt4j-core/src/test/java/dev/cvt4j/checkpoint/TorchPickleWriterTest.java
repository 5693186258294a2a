package dev.cvt4j.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TorchPickleWriterTest {
    @TempDir
    Path dir;

    @Test
    void roundTripsTinyOfficialWithMetadata() {
        StateDict sd = TorchPickleReader.read(CheckpointFiles.tinyOfficial());
        Path out = dir.resolve("tiny.pth");
        TorchPickleWriter.write(out, sd);
        StateDict back = TorchPickleReader.read(out);
        assertEquals(sd, back);
        assertEquals(133, back.metadata().size());
    }

    @Test
    void roundTripsEveryDtypeScalarsAndEmptyTensors() {
        StateDict sd = CheckpointFiles.everyDtype();
        sd.setMetadata(Map.of("", Map.of("version", 1, "ratio", 0.25, "flag", true, "name", "x", "big", 1L << 40)));
        Path out = dir.resolve("all.pt");
        TorchPickleWriter.write(out, sd);
        assertEquals(sd, TorchPickleReader.read(out));
    }

    @Test
    void writesTorchSaveLayoutNamedAfterTheFile() {
        StateDict sd = new StateDict();
        sd.put("a", Tensor.ofFloats(new long[] {2}, new float[] {1, 2}));
        sd.put("b", Tensor.ofLongs(new long[] {}, new long[] {3}));
        Path out = dir.resolve("model.v1.pth");
        TorchPickleWriter.write(out, sd);
        Map<String, byte[]> entries = CheckpointFiles.zipEntries(out);
        assertEquals(
                List.of(
                        "model.v1/data.pkl",
                        "model.v1/byteorder",
                        "model.v1/data/0",
                        "model.v1/data/1",
                        "model.v1/version"),
                List.copyOf(entries.keySet()));
        assertEquals("little", new String(entries.get("model.v1/byteorder"), StandardCharsets.US_ASCII));
        assertEquals("3\n", new String(entries.get("model.v1/version"), StandardCharsets.US_ASCII));
        assertArrayEquals(CheckpointFiles.bytes(sd.get("a")), entries.get("model.v1/data/0"));
    }

    @Test
    void alignsEveryEntryTo64BytesUncompressed() throws IOException {
        Path out = dir.resolve("aligned.pth");
        TorchPickleWriter.write(out, TorchPickleReader.read(CheckpointFiles.tinyOfficial()));
        ByteBuffer zip = ByteBuffer.wrap(Files.readAllBytes(out)).order(ByteOrder.LITTLE_ENDIAN);
        List<String> names = new ArrayList<>();
        int position = 0;
        while (zip.getInt(position) == 0x04034b50) {
            assertEquals(0, zip.getShort(position + 8), "method STORED");
            int size = zip.getInt(position + 18);
            int nameLength = zip.getShort(position + 26);
            int dataStart = position + 30 + nameLength + zip.getShort(position + 28);
            names.add(new String(zip.array(), position + 30, nameLength, StandardCharsets.UTF_8));
            assertEquals(0, dataStart % 64, names.get(names.size() - 1));
            position = dataStart + size;
        }
        assertEquals(153 + 3, names.size());
    }

    @Test
    void isDeterministic() throws IOException {
        StateDict sd = TorchPickleReader.read(CheckpointFiles.tinyOfficial());
        Path first = dir.resolve("first/model.pth");
        Path second = dir.resolve("second/model.pth");
        Files.createDirectories(first.getParent());
        Files.createDirectories(second.getParent());
        TorchPickleWriter.write(first, sd);
        TorchPickleWriter.write(second, sd);
        assertArrayEquals(Files.readAllBytes(first), Files.readAllBytes(second));
    }

    @Test
    void replacesAnExistingFile() throws IOException {
        Path out = Files.writeString(dir.resolve("old.pth"), "old content");
        TorchPickleWriter.write(out, new StateDict());
        assertEquals(new StateDict(), TorchPickleReader.read(out));
    }
}
