package dev.cvt4j.checkpoint;

import static dev.cvt4j.checkpoint.CheckpointFiles.assertFails;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CheckpointsTest {
    private static final StateDict TINY = Checkpoints.read(CheckpointFiles.tinyOfficial());

    @TempDir
    Path dir;

    @Test
    void everyTinyFileGivesBitIdenticalOfficialTensors() {
        StateDict fromBin = Checkpoints.read(CheckpointFiles.tinyHfBin());
        StateDict fromSafetensors = Checkpoints.read(CheckpointFiles.tinyHfSafetensors());
        assertEquals(153, TINY.size());
        assertEquals(TINY.asMap(), fromBin.asMap());
        assertEquals(TINY.asMap(), fromSafetensors.asMap());
        assertEquals(List.copyOf(TINY.keys()), List.copyOf(fromSafetensors.keys()));
        assertEquals(133, TINY.metadata().size());
        assertTrue(fromBin.metadata().isEmpty() && fromSafetensors.metadata().isEmpty());
    }

    @Test
    void readsCvt13WithOfficialNames() {
        assertEquals(
                TorchPickleReader.read(CheckpointFiles.cvt13Official()),
                Checkpoints.read(CheckpointFiles.cvt13Official()));
    }

    @ParameterizedTest(name = "{0} as {1}")
    @CsvSource({
        "out.safetensors, OFFICIAL, SAFETENSORS, stage0.patch_embed.proj.weight",
        "out.safetensors, HUGGINGFACE, SAFETENSORS, cvt.encoder.stages.0.embedding.convolution_embeddings.projection.weight",
        "out.pth, OFFICIAL, TORCH, stage0.patch_embed.proj.weight",
        "pytorch_model.bin, HUGGINGFACE, TORCH, cvt.encoder.stages.0.embedding.convolution_embeddings.projection.weight",
    })
    void writesEachLayoutInTheFormatOfTheExtension(
            String name, CheckpointLayout layout, CheckpointFormat format, String firstKey) {
        Path file = dir.resolve(name);
        Checkpoints.write(file, TINY, layout);
        assertEquals(format, CheckpointFormat.sniff(file));
        StateDict stored = format == CheckpointFormat.TORCH ? TorchPickleReader.read(file) : Safetensors.read(file);
        assertEquals(firstKey, stored.keys().iterator().next());
        assertEquals(TINY.asMap(), Checkpoints.read(file).asMap());
    }

    @Test
    void explicitFormatOverridesTheExtension() {
        Path file = dir.resolve("weights.data");
        Checkpoints.write(file, TINY, CheckpointLayout.OFFICIAL, CheckpointFormat.TORCH);
        assertEquals(CheckpointFormat.TORCH, CheckpointFormat.sniff(file));
        assertEquals(TINY, Checkpoints.read(file));
    }

    @Test
    void failsOnUnknownExtension() {
        Path file = dir.resolve("weights.onnx");
        assertFails(
                file,
                () -> Checkpoints.write(file, TINY, CheckpointLayout.OFFICIAL),
                "cannot tell the checkpoint format");
    }

    @Test
    void failsOnUnknownHuggingFaceKey() {
        StateDict hf = Safetensors.read(CheckpointFiles.tinyHfSafetensors());
        hf.put("cvt.encoder.stages.0.pos_embed", Tensor.ofFloats(new long[] {1}, new float[] {0}));
        Path file = dir.resolve("extra.safetensors");
        Safetensors.write(file, hf);
        assertFails(file, () -> Checkpoints.read(file), "unknown HuggingFace CvT key 'cvt.encoder.stages.0.pos_embed'");
    }

    @Test
    void failsOnMixedLayouts() {
        StateDict mixed = Safetensors.read(CheckpointFiles.tinyHfSafetensors());
        mixed.put("head.weight", TINY.get("head.weight"));
        Path file = dir.resolve("mixed.safetensors");
        Safetensors.write(file, mixed);
        assertFails(file, () -> Checkpoints.read(file), "keys mix the HuggingFace layout", "'head.weight'");
    }

    @Test
    void failsOnUnknownOfficialKeyWhenWriting() {
        StateDict sd = new StateDict();
        sd.put("backbone.weight", Tensor.ofFloats(new long[] {1}, new float[] {0}));
        Path file = dir.resolve("bad.safetensors");
        assertFails(
                file,
                () -> Checkpoints.write(file, sd, CheckpointLayout.HUGGINGFACE),
                "unknown official CvT key 'backbone.weight'");
    }

    @Test
    void failsOnLegacyTorchFormat() throws IOException {
        Path file = Files.write(
                dir.resolve("legacy.pth"), new byte[] {(byte) 0x80, 0x02, (byte) 0x8a, 0x0a, 0x6c, (byte) 0xfc});
        assertFails(file, () -> Checkpoints.read(file), "legacy (pre-1.6, non-zip) torch.save format is not supported");
    }

    @Test
    void failsOnGarbage() throws IOException {
        Path file = Files.write(dir.resolve("garbage.pth"), "definitely not a checkpoint".getBytes());
        assertFails(file, () -> Checkpoints.read(file), "not a safetensors file?");
    }

    @Test
    void failsOnMissingFile() {
        Path file = dir.resolve("missing.pth");
        assertFails(file, () -> Checkpoints.read(file), "no such file");
    }
}
