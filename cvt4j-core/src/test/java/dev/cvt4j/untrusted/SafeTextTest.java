package dev.cvt4j.untrusted;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SafeTextTest {
    @Test
    void escapesControlAndFormattingCharacters() {
        assertEquals("'\\u001b[2J\\n\\t\\\\ \\u202e'", SafeText.quote("\u001b[2J\n\t\\ \u202e"));
        assertEquals("caf\u00e9 \u4e2d", SafeText.render("caf\u00e9 \u4e2d"));
    }

    @Test
    void boundsLength() {
        String rendered = SafeText.render("x".repeat(1_000_000));
        assertEquals(SafeText.MAX_LENGTH, rendered.length());
        assertTrue(rendered.endsWith("..."), rendered);
    }

    @Test
    void rendersSelfContainingAndDeepStructuresInConstantSpace() {
        List<Object> cyclic = new ArrayList<>();
        cyclic.add(cyclic);
        assertEquals("[[[[...]]]]", SafeText.render(cyclic));
        Object deep = new Object[0];
        for (int i = 0; i < 200_000; i++) {
            deep = new Object[] {deep};
        }
        assertEquals("((((...))))", SafeText.render(deep));
        Map<Object, Object> map = new LinkedHashMap<>();
        map.put("self", map);
        assertEquals("{self: {self: {self: {...}}}}", SafeText.render(map));
    }

    @Test
    void showsFewItemsAndTypesOnly() {
        assertEquals(
                "[0, 1, 2, 3, 4, 5, ... 94 more]",
                SafeText.render(java.util.stream.IntStream.range(0, 100).boxed().toList()));
        assertEquals(
                "(None, <3 bytes>, <Thread>)",
                SafeText.render(new Object[] {null, new byte[3], Thread.currentThread()}));
    }
}
