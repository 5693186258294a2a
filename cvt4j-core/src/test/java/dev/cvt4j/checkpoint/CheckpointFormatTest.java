package dev.cvt4j.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cvt4j.Fixtures;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link CheckpointFormat#recognize}: state-dict checkpoints by signature, nothing else. */
class CheckpointFormatTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}/{1}")
    @CsvSource({
        "cvt-tiny, official.pth, TORCH",
        "cvt-tiny, hf_pytorch_model.bin, TORCH",
        "cvt-tiny, hf.safetensors, SAFETENSORS",
        "cvt-13, official.pth, TORCH",
    })
    void recognizesEveryFixtureCheckpoint(String folder, String file, CheckpointFormat format) {
        assertEquals(Optional.of(format), CheckpointFormat.recognize(Fixtures.path(folder, file)));
    }

    @Test
    void aTorchScriptArchiveIsNotAStateDict() {
        Map<String, byte[]> entries = new LinkedHashMap<>(CheckpointFiles.zipEntries(CheckpointFiles.tinyOfficial()));
        String folder = entries.keySet().iterator().next().split("/")[0];
        Path withConstants = dir.resolve("constants.pt");
        Map<String, byte[]> scripted = new LinkedHashMap<>(entries);
        scripted.put(folder + "/constants.pkl", new byte[] {(byte) 0x80, 2, ')', '.'});
        CheckpointFiles.writeZip(withConstants, scripted);
        Path withCode = dir.resolve("code.pt");
        Map<String, byte[]> coded = new LinkedHashMap<>(entries);
        coded.put(folder + "/code/__torch__/model.py", "class Model(Module):\n".getBytes());
        CheckpointFiles.writeZip(withCode, coded);

        assertEquals(
                Optional.of(CheckpointFormat.TORCH),
                CheckpointFormat.recognize(CheckpointFiles.writeZip(dir.resolve("copy.pth"), entries)));
        assertEquals(Optional.empty(), CheckpointFormat.recognize(withConstants));
        assertEquals(Optional.empty(), CheckpointFormat.recognize(withCode));
    }

    @Test
    void otherFilesAreNotRecognized() throws IOException {
        Path safetensors = CheckpointFiles.tinyHfSafetensors();
        Path[] others = {
            dir.resolve("missing.pth"),
            dir,
            Files.writeString(dir.resolve("notes.pth"), "definitely not a checkpoint"),
            Files.write(
                    dir.resolve("legacy.pth"), new byte[] {(byte) 0x80, 0x02, (byte) 0x8a, 0x0a, 0x6c, (byte) 0xfc}),
            CheckpointFiles.writeZip(dir.resolve("other.zip"), Map.of("folder/readme.txt", "hi".getBytes())),
            CheckpointFiles.writePrefix(CheckpointFiles.tinyOfficial(), dir.resolve("truncated.pth"), 1000),
            CheckpointFiles.writePrefix(safetensors, dir.resolve("header-cut.safetensors"), 100),
        };
        for (Path other : others) {
            assertEquals(Optional.empty(), CheckpointFormat.recognize(other), other.toString());
        }
    }

    /**
     * A safetensors header length whose low bytes read like a pickle's protocol marker ({@code 0x80 0x02}:
     * 640 bytes; {@code 0x80 0xEC}: 60,544 bytes, as a training checkpoint's run state made it) is
     * still safetensors, for {@code sniff}, {@code recognize} and reading.
     */
    @ParameterizedTest(name = "header of {0} bytes")
    @CsvSource({"640", "60544"})
    void aSafetensorsHeaderLengthThatLooksLikeAPickleMarkerIsSafetensors(int headerBytes) throws IOException {
        String json = "{\"head.bias\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}";
        ByteBuffer file = ByteBuffer.allocate(8 + headerBytes + 4).order(ByteOrder.LITTLE_ENDIAN);
        file.putLong(headerBytes)
                .put((json + " ".repeat(headerBytes - json.length())).getBytes(StandardCharsets.US_ASCII))
                .putFloat(1.5f);
        Path path = Files.write(dir.resolve("padded.safetensors"), file.array());
        assertEquals((byte) 0x80, file.array()[0]);

        assertEquals(CheckpointFormat.SAFETENSORS, CheckpointFormat.sniff(path));
        assertEquals(Optional.of(CheckpointFormat.SAFETENSORS), CheckpointFormat.recognize(path));
        assertEquals(1.5f, Checkpoints.read(path).get("head.bias").toFloatArray()[0]);
    }
}
