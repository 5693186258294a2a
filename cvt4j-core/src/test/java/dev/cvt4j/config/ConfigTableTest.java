package dev.cvt4j.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The configuration table: official defaults, typed overrides of any key, errors naming the key. */
class ConfigTableTest {

    /** Every default has its key's type and passes its check, except the official choices cvt4j does not build. */
    @Test
    void everyDefaultHasItsKeysTypeAndPassesItsCheck() {
        for (ConfigKey k : ConfigTable.keys()) {
            if (k.defaultValue() != null) {
                assertEquals(k.defaultValue(), k.type().coerce(k.defaultValue(), k.key()), k.key());
                if (k.used() && !List.of("MODEL.NAME", "TRAIN.OPTIMIZER").contains(k.key())) {
                    k.check().apply(k.defaultValue(), k.key());
                }
            }
            assertFalse(k.description().isBlank(), k.key());
        }
    }

    @Test
    void defaultsAreTheOfficialOnes() {
        ConfigValues v = ConfigValues.of(Map.of(), List.of(), "empty");
        assertEquals(1000, v.integer("MODEL.NUM_CLASSES"));
        assertEquals(List.of(224, 224), v.integers("TEST.IMAGE_SIZE"));
        assertEquals(2, v.integer("TEST.INTERPOLATION"));
        assertTrue(v.bool("TEST.CENTER_CROP"));
        assertEquals(List.of(0.485, 0.456, 0.406), v.numbers("INPUT.MEAN"));
        assertEquals(0.001, v.number("TRAIN.LR"));
        assertEquals(List.of(0.4, 0.4, 0.4, 0.1, 0.0), v.numbers("AUG.COLOR_JITTER"));
        assertEquals("imagenet", v.string("DATASET.DATASET"));
        assertFalse(v.isSet("TRAIN.LR"));
        assertEquals("sgd", v.resolved("TRAIN.OPTIMIZER"));
        assertEquals(
                "TRAIN.OPTIMIZER: 'sgd' is not supported (cvt4j implements 'adamW')",
                assertThrows(ConfigException.class, () -> v.string("TRAIN.OPTIMIZER"))
                        .getMessage(),
                "the official default is held to the check when it is used");
        ConfigException e = assertThrows(ConfigException.class, () -> v.integer("MODEL.SPEC.NUM_STAGES"));
        assertEquals("MODEL.SPEC.NUM_STAGES: missing", e.getMessage());
    }

    @Test
    void anyKeyCanBeOverriddenTyped() {
        ConfigValues v = ConfigValues.of(
                Map.of("TRAIN", Map.of("LR", 0.5)),
                List.of(
                        "TRAIN.LR=1e-3",
                        "DATASET.ROOT=/data",
                        "CUDNN.BENCHMARK=False",
                        "MODEL.SPEC.DEPTH=[1, 2]",
                        "TEST.IMAGE_SIZE=[32, 48]",
                        "TRAIN.OPTIMIZER_ARGS.betas=[0.9, 0.99]"),
                "test");
        assertEquals(0.001, v.number("TRAIN.LR"), "a YAML 1.1 string number is parsed");
        assertEquals("/data", v.string("DATASET.ROOT"));
        assertFalse(v.bool("CUDNN.BENCHMARK"));
        assertEquals(List.of(1, 2), v.integers("MODEL.SPEC.DEPTH"));
        assertEquals(List.of(32, 48), v.integers("TEST.IMAGE_SIZE"));
        assertEquals(Map.of("betas", List.of(0.9, 0.99)), v.mapping("TRAIN.OPTIMIZER_ARGS"));
    }

    @Test
    void errorsNameTheSourceAndTheKey() {
        assertEquals(
                "f.yaml: TEST.CENTER_CROP: expected True or False, got '3' (override 'TEST.CENTER_CROP=3')",
                message(Map.of(), "TEST.CENTER_CROP=3"));
        assertEquals(
                "f.yaml: TEST.INTERPOLATION: expected 2 (bilinear) or 3 (bicubic), got 1 (override"
                        + " 'TEST.INTERPOLATION=1')",
                message(Map.of(), "TEST.INTERPOLATION=1"));
        assertEquals(
                "f.yaml: MODEL.SPEC.FOO: unknown field", message(Map.of("MODEL", Map.of("SPEC", Map.of("FOO", 1)))));
        assertEquals("f.yaml: INPUT: expected a mapping, got '3'", message(Map.of("INPUT", 3)));
        assertEquals(
                "f.yaml: TRAIN.IMAGE_SIZE[1]: must be at least 1, got 0 (override 'TRAIN.IMAGE_SIZE=[8, 0]')",
                message(Map.of(), "TRAIN.IMAGE_SIZE=[8, 0]"));
    }

    @Test
    void openSectionsAcceptUnknownKeys() {
        ConfigValues v = ConfigValues.of(
                Map.of(
                        "LOSS",
                        Map.of("FOCAL", 2),
                        "DATASET",
                        Map.of("EXTRA", 1),
                        "TEST",
                        Map.of("TTA", true),
                        "ELSEWHERE",
                        1),
                List.of(),
                "f.yaml");
        assertEquals("softmax", v.string("LOSS.LOSS"));
    }

    private static String message(Map<String, Object> root, String... overrides) {
        return assertThrows(ConfigException.class, () -> ConfigValues.of(root, List.of(overrides), "f.yaml"))
                .getMessage();
    }
}
