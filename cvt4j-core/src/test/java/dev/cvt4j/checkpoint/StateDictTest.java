package dev.cvt4j.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

class StateDictTest {
    private static Tensor scalar(float v) {
        return Tensor.ofFloats(new long[] {}, new float[] {v});
    }

    private static StateDict abc() {
        StateDict sd = new StateDict();
        sd.put("c", scalar(1));
        sd.put("a", scalar(2));
        sd.put("b", scalar(3));
        return sd;
    }

    @Test
    void keepsInsertionOrder() {
        StateDict sd = abc();
        assertEquals(List.of("c", "a", "b"), List.copyOf(sd.keys()));
        assertEquals(scalar(2), sd.put("a", scalar(5)));
        assertEquals(List.of("c", "a", "b"), List.copyOf(sd.keys()));
        assertEquals(scalar(1), sd.remove("c"));
        assertNull(sd.remove("c"));
        assertEquals(List.of("a", "b"), List.copyOf(sd.keys()));
        assertEquals(2, sd.size());
    }

    @Test
    void getNamesMissingKey() {
        NoSuchElementException e = assertThrows(NoSuchElementException.class, () -> abc().get("head.weight"));
        assertTrue(e.getMessage().contains("'head.weight'"));
    }

    @Test
    void renameKeepsOrderAndMetadata() {
        StateDict sd = abc();
        sd.setMetadata(Map.of("", Map.of("version", 1)));
        StateDict renamed = sd.renameKeys(k -> "x." + k);
        assertEquals(List.of("x.c", "x.a", "x.b"), List.copyOf(renamed.keys()));
        assertEquals(Map.of("", Map.of("version", 1L)), renamed.metadata());
        assertEquals(List.of("c", "a", "b"), List.copyOf(sd.keys()));
    }

    @Test
    void renameRefusesCollisions() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> abc().renameKeys(k -> "same"));
        assertTrue(e.getMessage().contains("'same'"));
    }

    @Test
    void metadataValuesAreNormalisedAndChecked() {
        StateDict sd = new StateDict();
        sd.setMetadata(Map.of("m", Map.of("version", 2, "scale", 0.5f, "flag", true, "name", "x")));
        assertEquals(Map.of("m", Map.of("version", 2L, "scale", 0.5, "flag", true, "name", "x")), sd.metadata());
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> sd.setMetadata(Map.of("m", Map.of("list", List.of(1)))));
        assertTrue(e.getMessage().contains("_metadata['m']['list']"), e.getMessage());
    }

    @Test
    void equalityIncludesOrderAndMetadata() {
        assertEquals(abc(), abc());
        StateDict reordered = new StateDict(Map.of("a", scalar(2)));
        reordered.put("b", scalar(3));
        reordered.put("c", scalar(1));
        assertNotEquals(abc(), reordered);
        StateDict withMetadata = abc();
        withMetadata.setMetadata(Map.of("", Map.of("version", 1)));
        assertNotEquals(abc(), withMetadata);
    }
}
