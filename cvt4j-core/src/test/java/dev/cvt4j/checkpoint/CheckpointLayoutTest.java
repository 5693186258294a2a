package dev.cvt4j.checkpoint;

import static dev.cvt4j.checkpoint.CheckpointLayout.HUGGINGFACE;
import static dev.cvt4j.checkpoint.CheckpointLayout.OFFICIAL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class CheckpointLayoutTest {
    private static final StateDict TINY_OFFICIAL = TorchPickleReader.read(CheckpointFiles.tinyOfficial());

    static Stream<Path> officialFixtures() {
        return Stream.of(CheckpointFiles.tinyOfficial(), CheckpointFiles.cvt13Official());
    }

    @Test
    void officialFixtureKeysMapToTheHuggingFaceFixtureKeysInOrder() {
        List<String> mapped =
                TINY_OFFICIAL.keys().stream().map(HUGGINGFACE::fromOfficial).toList();
        assertEquals(
                List.copyOf(
                        Safetensors.read(CheckpointFiles.tinyHfSafetensors()).keys()),
                mapped);
        assertEquals(
                List.copyOf(TorchPickleReader.read(CheckpointFiles.tinyHfBin()).keys()), mapped);
    }

    @ParameterizedTest
    @MethodSource("officialFixtures")
    void officialToHuggingFaceToOfficialIsIdentity(Path checkpoint) {
        for (String key : TorchPickleReader.read(checkpoint).keys()) {
            assertEquals(key, OFFICIAL.toOfficial(key));
            assertEquals(key, OFFICIAL.fromOfficial(key));
            String hf = HUGGINGFACE.fromOfficial(key);
            assertEquals(HUGGINGFACE, CheckpointLayout.detect(List.of(hf)), hf);
            assertEquals(key, HUGGINGFACE.toOfficial(hf));
        }
    }

    @Test
    void huggingFaceToOfficialToHuggingFaceIsIdentity() {
        for (String hf : Safetensors.read(CheckpointFiles.tinyHfSafetensors()).keys()) {
            assertEquals(hf, HUGGINGFACE.fromOfficial(HUGGINGFACE.toOfficial(hf)));
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "stage0.patch_embed.proj.weight, cvt.encoder.stages.0.embedding.convolution_embeddings.projection.weight",
        "stage1.patch_embed.norm.bias, cvt.encoder.stages.1.embedding.convolution_embeddings.normalization.bias",
        "stage2.cls_token, cvt.encoder.stages.2.cls_token",
        "stage2.blocks.9.attn.conv_proj_q.conv.weight, cvt.encoder.stages.2.layers.9.attention.attention.convolution_projection_query.convolution_projection.convolution.weight",
        "stage1.blocks.1.attn.conv_proj_k.bn.running_var, cvt.encoder.stages.1.layers.1.attention.attention.convolution_projection_key.convolution_projection.normalization.running_var",
        "stage0.blocks.0.attn.conv_proj_v.bn.num_batches_tracked, cvt.encoder.stages.0.layers.0.attention.attention.convolution_projection_value.convolution_projection.normalization.num_batches_tracked",
        "stage2.blocks.10.attn.proj_v.bias, cvt.encoder.stages.2.layers.10.attention.attention.projection_value.bias",
        "stage2.blocks.0.attn.proj.weight, cvt.encoder.stages.2.layers.0.attention.output.dense.weight",
        "stage1.blocks.0.mlp.fc1.weight, cvt.encoder.stages.1.layers.0.intermediate.dense.weight",
        "stage1.blocks.0.mlp.fc2.bias, cvt.encoder.stages.1.layers.0.output.dense.bias",
        "stage0.blocks.0.norm1.weight, cvt.encoder.stages.0.layers.0.layernorm_before.weight",
        "stage0.blocks.0.norm2.bias, cvt.encoder.stages.0.layers.0.layernorm_after.bias",
        "norm.weight, layernorm.weight",
        "head.bias, classifier.bias",
    })
    void mapsEveryTableRow(String official, String huggingFace) {
        assertEquals(huggingFace, HUGGINGFACE.fromOfficial(official));
        assertEquals(official, HUGGINGFACE.toOfficial(huggingFace));
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "HUGGINGFACE, cvt.encoder.stages.0.pos_embed, unknown HuggingFace CvT key 'cvt.encoder.stages.0.pos_embed'",
        "HUGGINGFACE, stage0.cls_token, unknown HuggingFace CvT key 'stage0.cls_token'",
        "OFFICIAL, stage0.pos_embed, unknown official CvT key 'stage0.pos_embed'",
        "OFFICIAL, stage01.cls_token, unknown official CvT key 'stage01.cls_token'",
        "OFFICIAL, head.weight.extra, unknown official CvT key 'head.weight.extra'",
    })
    void unknownKeysAreErrorsNamingTheKey(CheckpointLayout layout, String key, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> layout.toOfficial(key));
        assertTrue(e.getMessage().startsWith(expected), e.getMessage());
    }

    @Test
    void detectsLayoutByExplicitPrefixes() {
        assertEquals(OFFICIAL, CheckpointLayout.detect(TINY_OFFICIAL.keys()));
        assertEquals(HUGGINGFACE, CheckpointLayout.detect(List.of("layernorm.weight", "classifier.bias", "cvt.x")));
        assertEquals(OFFICIAL, CheckpointLayout.detect(List.of()));
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> CheckpointLayout.detect(List.of("classifier.bias", "head.bias")));
        assertTrue(
                e.getMessage().contains("'classifier.bias'") && e.getMessage().contains("'head.bias'"), e.getMessage());
    }

    @Test
    void renamesStateDictsKeepingOrderAndOfficialMetadataOnly() {
        StateDict hf = HUGGINGFACE.fromOfficial(TINY_OFFICIAL);
        assertTrue(hf.metadata().isEmpty());
        assertEquals(TINY_OFFICIAL.asMap(), HUGGINGFACE.toOfficial(hf).asMap());
        assertEquals(
                List.copyOf(TINY_OFFICIAL.keys()),
                List.copyOf(HUGGINGFACE.toOfficial(hf).keys()));
        assertEquals(TINY_OFFICIAL, OFFICIAL.toOfficial(TINY_OFFICIAL));
        StateDict hfWithMetadata = HUGGINGFACE.fromOfficial(TINY_OFFICIAL);
        hfWithMetadata.setMetadata(Map.of("cvt", Map.of("version", 1)));
        assertTrue(HUGGINGFACE.toOfficial(hfWithMetadata).metadata().isEmpty());
    }
}
