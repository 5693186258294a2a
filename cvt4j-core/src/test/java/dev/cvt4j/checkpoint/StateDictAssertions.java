package dev.cvt4j.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Comparing state dicts in tests, e.g. the checkpoints of two training runs. */
public final class StateDictAssertions {
    private StateDictAssertions() {}

    /**
     * Asserts equal key sets and shapes, every F32 element within {@code tolerance} and every other
     * tensor bit-identical.
     *
     * @param expected the reference
     * @param actual the state dict under test
     * @param tolerance largest absolute difference allowed per F32 element
     */
    public static void assertWithin(StateDict expected, StateDict actual, double tolerance) {
        assertEquals(expected.keys(), actual.keys());
        for (String key : expected.keys()) {
            Tensor x = expected.get(key);
            Tensor y = actual.get(key);
            assertArrayEquals(x.shape(), y.shape(), key);
            if (x.dtype() != DType.F32) {
                assertEquals(x, y, key);
                continue;
            }
            float[] u = x.toFloatArray();
            float[] v = y.toFloatArray();
            for (int i = 0; i < u.length; i++) {
                assertEquals(u[i], v[i], tolerance, key + "[" + i + "]");
            }
        }
    }
}
