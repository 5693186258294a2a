package dev.cvt4j.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvt4j.Fixtures;
import dev.cvt4j.image.Normalization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Experiments built from official files through the configuration table. */
class ExperimentsTest {
    @TempDir
    Path dir;

    @Test
    void officialCvt13FileEqualsPreset() {
        ExperimentConfig e = Experiments.read(Fixtures.path("cvt-13", "spec.yaml"));
        assertEquals(Presets.get("cvt-13").model(), e.model());
        assertEquals(224, e.test().width());
        assertEquals(2, e.test().interpolation(), "official default TEST.INTERPOLATION when absent");
        assertEquals(Normalization.IMAGENET, e.input(), "official default INPUT");
    }

    @Test
    void presetsResolveThroughTheTableUnchanged() {
        for (String name : Presets.names()) {
            assertEquals(Presets.get(name), ExperimentConfig.resolve(name));
        }
    }

    @Test
    void overridesReachTheModel() {
        ConfigValues v = Experiments.values(
                Fixtures.path("cvt-tiny", "spec.yaml").toString(),
                List.of("MODEL.NUM_CLASSES=7", "MODEL.SPEC.DEPTH=[1, 2, 3]", "TEST.IMAGE_SIZE=[32, 32]"));
        ExperimentConfig e = Experiments.experiment(v, "tiny");
        assertEquals(7, e.model().numClasses());
        assertEquals(3, e.model().stage(2).depth());
        assertEquals(32, e.test().width());
    }

    @Test
    void tinyFileFields() {
        CvtConfig c = Experiments.read(Fixtures.path("cvt-tiny", "spec.yaml")).model();
        assertEquals(3, c.numStages());
        assertEquals(10, c.numClasses());
        assertEquals(96, c.dimLast());
        assertEquals(ActLayer.QUICK_GELU, c.actLayer());
        assertTrue(c.lastStageHasClsToken());
    }

    @Test
    void resolvesPresetsAndPaths() {
        assertEquals("cvt-21", ExperimentConfig.resolve("cvt-21").name());
        assertEquals(16, ExperimentConfig.resolve("cvt-21").model().stage(2).depth());
        assertEquals(
                10,
                ExperimentConfig.resolve(Fixtures.path("cvt-tiny", "spec.yaml").toString())
                        .model()
                        .numClasses());
        ConfigException e = assertThrows(ConfigException.class, () -> ExperimentConfig.resolve("cvt-99"));
        assertTrue(e.getMessage().contains("cvt-99"), e.getMessage());
    }

    /** Each edit of the tiny spec must fail with a message naming the field. */
    @ParameterizedTest(name = "{2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "NUM_HEADS: [1, 2, 3]|NUM_HEADS: [1, 5, 3]|MODEL.SPEC.NUM_HEADS[1]: DIM_EMBED 48 is not divisible by NUM_HEADS 5",
                "DEPTH: [1, 1, 2]|DEPTH: [1, 1]|MODEL.SPEC.DEPTH: expected 3 values, got 2",
                "QKV_PROJ_METHOD: ['dw_bn', 'dw_bn', 'dw_bn']|QKV_PROJ_METHOD: ['dw_bn', 'conv', 'dw_bn']|MODEL.SPEC.QKV_PROJ_METHOD[1]: unknown projection method 'conv'",
                "POS_EMBED: [False, False, False]|POS_EMBED: [False, True, False]|MODEL.SPEC.POS_EMBED[1]: true is not supported",
                "STRIDE_Q: [1, 1, 1]|STRID_Q: [1, 1, 1]|MODEL.SPEC.STRID_Q: unknown field",
                "DIM_EMBED: [24, 48, 96]|DIM_EMBED: [24, x, 96]|MODEL.SPEC.DIM_EMBED[1]: expected an integer, got 'x'",
                "DROP_PATH_RATE: [0.0, 0.0, 0.0]|DROP_PATH_RATE: [0.0, 0.0, 1.5]|MODEL.SPEC.DROP_PATH_RATE[2]: must be in [0, 1)",
                "NUM_CLASSES: 10|NUM_CLASSES: 0|MODEL.NUM_CLASSES: must be at least 1",
                "NAME: cls_cvt|NAME: cls_vit|MODEL.NAME: expected one of cls_cvt, got 'cls_vit'",
                "  IMAGE_SIZE: [64, 64]|  IMAGE_SIZE: [64]|TEST.IMAGE_SIZE: expected 2 values, got 1",
                "    KERNEL_QKV: [3, 3, 3]|    KERNEL_QKV: [3, 3, 3|malformed YAML"
            })
    void invalidFieldsAreNamed(String from, String to, String expected) throws IOException {
        String text = Files.readString(Fixtures.path("cvt-tiny", "spec.yaml"));
        assertTrue(text.contains(from), "fixture no longer contains " + from);
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, text.replace(from, to));
        ConfigException e = assertThrows(ConfigException.class, () -> Experiments.read(file));
        assertTrue(e.getMessage().startsWith(file.toString() + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), "one line");
    }

    @Test
    void missingSpecFieldAndMissingFile() throws IOException {
        String text = Files.readString(Fixtures.path("cvt-tiny", "spec.yaml"));
        Path file = dir.resolve("missing.yaml");
        Files.writeString(file, text.replaceAll("(?m)^\\s+MLP_RATIO:.*\\n", ""));
        ConfigException e = assertThrows(ConfigException.class, () -> Experiments.read(file));
        assertTrue(e.getMessage().contains("MODEL.SPEC.MLP_RATIO: missing"), e.getMessage());
        ConfigException absent = assertThrows(ConfigException.class, () -> Experiments.read(dir.resolve("no.yaml")));
        assertTrue(absent.getMessage().contains("no.yaml: cannot read"), absent.getMessage());
    }
}
