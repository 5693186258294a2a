package dev.cvt4j.train.optim;

import static dev.cvt4j.train.optim.TestParameters.addGradients;
import static dev.cvt4j.train.optim.TestParameters.gradient;
import static dev.cvt4j.train.optim.TestParameters.parameter;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** clip_grad_norm_ semantics: total 2-norm over all gradients, scale by max_norm / (total + 1e-6) when above. */
class GradientClippingTest {

    @Test
    void scalesEveryGradientByTheTotalNorm() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Parameter a = parameter(manager, "a", 0f, 0f);
            Parameter b = parameter(manager, "b", 0f);
            addGradients(manager, Map.of(a, new float[] {3, 4}, b, new float[] {12})); // norms 5 and 12, total 13
            double total = GradientClipping.clipGradNorm(List.of(a, b), 6.5);
            assertEquals(13.0, total, 1e-6);
            float coefficient = 6.5f / (13f + 1e-6f);
            assertArrayEquals(new float[] {3 * coefficient, 4 * coefficient}, gradient(a), 1e-7f);
            assertArrayEquals(new float[] {12 * coefficient}, gradient(b), 1e-7f);
        }
    }

    @Test
    void leavesGradientsBelowTheLimitUnchanged() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Parameter a = parameter(manager, "a", 0f, 0f);
            addGradients(manager, Map.of(a, new float[] {3, 4}));
            assertEquals(5.0, GradientClipping.clipGradNorm(List.of(a), 100), 1e-6);
            assertArrayEquals(new float[] {3, 4}, gradient(a));
        }
    }

    @Test
    void rejectsANonPositiveLimit() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Parameter a = parameter(manager, "a", 0f);
            assertThrows(IllegalArgumentException.class, () -> GradientClipping.clipGradNorm(List.of(a), 0));
            assertThrows(IllegalArgumentException.class, () -> GradientClipping.clipGradNorm(List.of(), 1));
        }
    }
}
