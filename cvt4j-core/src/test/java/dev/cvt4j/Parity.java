package dev.cvt4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvt4j.checkpoint.Tensor;

/** The parity tolerance of the issues: max absolute difference at most 1e-4 * max(1, max |reference|). */
public final class Parity {
    private Parity() {}

    /**
     * Asserts equal shapes and the tolerance, and prints the measured error for the record.
     *
     * @param what names the comparison in the message and the printed line
     * @param reference the expected values
     * @param actual the values to check
     */
    public static void assertClose(String what, Tensor reference, Tensor actual) {
        assertArrayEquals(reference.shape(), actual.shape(), what + ": shape");
        float[] ref = reference.toFloatArray();
        float[] got = actual.toFloatArray();
        double maxRef = 0;
        double maxDiff = 0;
        for (int i = 0; i < ref.length; i++) {
            maxRef = Math.max(maxRef, Math.abs(ref[i]));
            maxDiff = Math.max(maxDiff, Math.abs(ref[i] - got[i]));
        }
        double tolerance = 1e-4 * Math.max(1, maxRef);
        System.out.printf(
                "parity %-50s max|diff| %.3e  (tolerance %.3e, max|ref| %.3f)%n", what, maxDiff, tolerance, maxRef);
        assertTrue(maxDiff <= tolerance, what + ": max |diff| " + maxDiff + " > " + tolerance);
    }
}
