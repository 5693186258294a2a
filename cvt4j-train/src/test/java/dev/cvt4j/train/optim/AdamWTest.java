package dev.cvt4j.train.optim;

import static dev.cvt4j.train.optim.TestParameters.addGradients;
import static dev.cvt4j.train.optim.TestParameters.parameter;
import static dev.cvt4j.train.optim.TestParameters.values;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import dev.cvt4j.checkpoint.StateDict;
import dev.cvt4j.checkpoint.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * AdamW against hand-computed values. With a constant gradient g the bias-corrected moments are exactly
 * g and g^2, so each step is {@code p = p * (1 - lr * wd) - lr * g / (|g| + eps)}.
 */
class AdamWTest {
    private static final double LR = 0.1;

    /** A decaying weight {@code w = [1, -2]} with gradient {@code [0.5, -0.1]} and a non-decaying {@code b = [1]} with gradient {@code [0.5]}. */
    private record Weights(Parameter w, Parameter b) {
        static Weights withGradients(NDManager manager) {
            Weights p = new Weights(parameter(manager, "w", 1.0f, -2.0f), parameter(manager, "b", 1.0f));
            addGradients(manager, Map.of(p.w, new float[] {0.5f, -0.1f}, p.b, new float[] {0.5f}));
            return p;
        }

        AdamW adamW() {
            return new AdamW(
                    List.of(new ParamGroup(Map.of("w", w), 0.01), new ParamGroup(Map.of("b", b), 0)),
                    AdamW.DEFAULT_BETA1,
                    AdamW.DEFAULT_BETA2,
                    AdamW.DEFAULT_EPS);
        }
    }

    @Test
    void twoStepsWithDecoupledWeightDecay() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Weights p = Weights.withGradients(manager);
            Parameter w = p.w();
            Parameter b = p.b();
            try (AdamW adamW = p.adamW()) {
                adamW.step(LR);
                // 1 * (1 - 0.1 * 0.01) - 0.1 * 0.5 / (0.5 + 1e-8);  -2 * 0.999 + 0.1 * 0.1 / (0.1 + 1e-8)
                assertArrayEquals(new float[] {0.899000002f, -1.89800001f}, values(w), 1e-7f);
                assertArrayEquals(new float[] {0.900000002f}, values(b), 1e-7f, "no decay in the second group");
                adamW.step(LR);
                assertArrayEquals(new float[] {0.798101004f, -1.79610202f}, values(w), 1e-7f);
                assertArrayEquals(new float[] {0.800000004f}, values(b), 1e-7f);
                assertEquals(2, adamW.steps());
            }
        }
    }

    @Test
    void stateRoundTripsThroughAStateDict() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Weights first = Weights.withGradients(manager);
            Weights second = Weights.withGradients(manager);
            Parameter w = first.w();
            Parameter b = first.b();
            Parameter w2 = second.w();
            Parameter b2 = second.b();
            try (AdamW original = first.adamW();
                    AdamW restored = second.adamW()) {
                original.step(LR);
                StateDict state = original.stateDict();
                assertEquals(
                        List.of("step.w", "exp_avg.w", "exp_avg_sq.w", "step.b", "exp_avg.b", "exp_avg_sq.b"),
                        List.copyOf(state.keys()));
                assertArrayEquals(new long[] {1}, state.get("step.w").toLongArray());
                assertArrayEquals(
                        new float[] {0.05f, -0.01f}, state.get("exp_avg.w").toFloatArray(), 1e-9f);
                assertArrayEquals(
                        new float[] {0.00025f, 0.00001f},
                        state.get("exp_avg_sq.w").toFloatArray(),
                        1e-11f);

                restored.step(LR); // the same first step on an identical copy, then its state is replaced
                restored.loadStateDict(state);
                assertEquals(1, restored.steps());
                original.step(LR);
                restored.step(LR);
                assertArrayEquals(values(w), values(w2), "same update after restoring");
                assertArrayEquals(values(b), values(b2));
                assertEquals(original.stateDict(), restored.stateDict());
            }
        }
    }

    @Test
    void aFreshOptimizerExportsNoState() {
        try (NDManager manager = NDManager.newBaseManager()) {
            try (AdamW adamW = new Weights(parameter(manager, "w", 1f), parameter(manager, "b", 1f)).adamW()) {
                assertEquals(0, adamW.stateDict().size());
            }
        }
    }

    @Test
    void badStateIsRejectedNamingTheKey() {
        try (NDManager manager = NDManager.newBaseManager()) {
            try (AdamW adamW = Weights.withGradients(manager).adamW()) {
                adamW.step(LR);
                StateDict good = adamW.stateDict();

                StateDict unknown = copy(good);
                unknown.put("exp_avg.head.weight", Tensor.ofFloats(new long[] {1}, new float[] {0}));
                assertRejected(adamW, unknown, "unexpected key exp_avg.head.weight");

                StateDict incomplete = copy(good);
                incomplete.remove("exp_avg_sq.w");
                assertRejected(adamW, incomplete, "missing exp_avg_sq.w");

                StateDict wrongShape = copy(good);
                wrongShape.put("exp_avg.w", Tensor.ofFloats(new long[] {3}, new float[3]));
                assertRejected(adamW, wrongShape, "exp_avg.w is F32 [3], expected F32 [2]");

                StateDict wrongType = copy(good);
                wrongType.put("step.w", Tensor.ofFloats(new long[0], new float[] {1}));
                assertRejected(adamW, wrongType, "step.w is F32 [], expected I64 []");

                assertEquals(good, adamW.stateDict(), "a rejected state leaves the current one");
            }
        }
    }

    @Test
    void rejectsBadHyperParametersAndGroups() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Parameter w = parameter(manager, "w", 1f);
            assertThrows(
                    IllegalArgumentException.class,
                    () -> new AdamW(List.of(new ParamGroup(Map.of("w", w), 0)), 1.0, 0.999, 1e-8));
            assertThrows(
                    IllegalArgumentException.class,
                    () -> new AdamW(List.of(new ParamGroup(Map.of("w", w), 0)), 0.9, 0.999, 0));
            assertThrows(
                    IllegalArgumentException.class,
                    () -> new AdamW(
                            List.of(new ParamGroup(Map.of("w", w), 0), new ParamGroup(Map.of("w", w), 0.1)),
                            0.9,
                            0.999,
                            1e-8));
            assertThrows(
                    IllegalArgumentException.class,
                    () -> new AdamW(List.of(new ParamGroup(Map.of(), 0)), 0.9, 0.999, 1e-8));
            assertThrows(IllegalArgumentException.class, () -> new ParamGroup(Map.of("w", w), -0.1));
            try (AdamW adamW = new AdamW(List.of(new ParamGroup(Map.of("w", w), 0)), 0.9, 0.999, 1e-8)) {
                assertThrows(IllegalArgumentException.class, () -> adamW.step(-1));
                assertThrows(IllegalArgumentException.class, () -> adamW.step(Double.NaN));
            }
        }
    }

    private static StateDict copy(StateDict s) {
        return new StateDict(s.asMap());
    }

    private static void assertRejected(AdamW adamW, StateDict state, String fragment) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> adamW.loadStateDict(state));
        assertTrue(e.getMessage().contains(fragment), "expected '" + fragment + "' in: " + e.getMessage());
    }
}
