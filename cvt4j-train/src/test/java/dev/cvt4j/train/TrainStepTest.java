package dev.cvt4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import dev.cvt4j.checkpoint.StateDict;
import dev.cvt4j.model.CvtModel;
import dev.cvt4j.train.loss.CrossEntropyLoss;
import dev.cvt4j.train.optim.AdamW;
import dev.cvt4j.train.optim.WeightDecayGroups;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Training steps on cvt-tiny: accumulation, clipping, divergence, misuse, and flat memory over many steps. */
class TrainStepTest {
    private static final List<String> OFFICIAL_WITHOUT_WD = List.of("bn", "bias", "ln");

    private static TrainStep step(CvtModel model, double clip, int accumulation) {
        AdamW adamW = AdamW.official(WeightDecayGroups.of(model.net(), OFFICIAL_WITHOUT_WD), 0.05);
        return new TrainStep(model, new CrossEntropyLoss(), adamW, clip, accumulation);
    }

    private static NDArray images(NDManager manager, int seedOffset) {
        manager.getEngine().setRandomSeed(1234 + seedOffset);
        return manager.randomNormal(new Shape(2, 3, 64, 64));
    }

    private static NDArray targets(NDManager manager, long... classes) {
        return manager.create(classes);
    }

    private static Map<String, float[]> gradients(TrainStep step) {
        Map<String, float[]> out = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> e : step.optimizer().parameters().entrySet()) {
            try (NDArray g = e.getValue().getArray().getGradient()) {
                out.put(e.getKey(), g.toFloatArray());
            }
        }
        return out;
    }

    private static Map<String, float[]> values(TrainStep step) {
        Map<String, float[]> out = new LinkedHashMap<>();
        step.optimizer()
                .parameters()
                .forEach((name, p) -> out.put(name, p.getArray().toFloatArray()));
        return out;
    }

    @Test
    void accumulatedGradientIsTheMeanOfTheMicroBatchGradients() {
        try (CvtModel single = TrainFixtures.tiny();
                CvtModel accumulating = TrainFixtures.tiny();
                NDManager manager = NDManager.newBaseManager();
                TrainStep one = step(single, 0, 1);
                TrainStep two = step(accumulating, 0, 2)) {
            NDArray x1 = images(manager, 0);
            NDArray x2 = images(manager, 1);
            NDArray y1 = targets(manager, 3, 7);
            NDArray y2 = targets(manager, 1, 1);
            double loss1 = one.accumulate(x1, y1).loss();
            Map<String, float[]> g1 = gradients(one);
            one.apply(0); // lr 0 leaves the parameters as they are and zeroes the gradients
            double loss2 = one.accumulate(x2, y2).loss();
            Map<String, float[]> g2 = gradients(one);

            two.accumulate(x1, y1);
            two.accumulate(x2, y2);
            Map<String, float[]> both = gradients(two);
            for (String name : both.keySet()) {
                float[] a = g1.get(name);
                float[] b = g2.get(name);
                float[] expected = new float[a.length];
                double scale = 0;
                for (int i = 0; i < a.length; i++) {
                    expected[i] = (a[i] + b[i]) / 2;
                    scale = Math.max(scale, Math.abs(expected[i]));
                }
                assertArrayEquals(expected, both.get(name), (float) (1e-5 * Math.max(scale, 1e-3)), name);
            }
            StepResult result = two.apply(1e-3);
            assertEquals(1, result.step());
            assertEquals((loss1 + loss2) / 2, result.loss(), 1e-6, "mean of the micro-batch losses");
            assertTrue(Double.isNaN(result.gradNorm()), "no clipping, no norm");
        }
    }

    @Test
    void clippingBoundsTheGradientNormAndReportsIt() {
        try (CvtModel model = TrainFixtures.tiny();
                NDManager manager = NDManager.newBaseManager();
                TrainStep step = step(model, 0.01, 1)) {
            step.accumulate(images(manager, 0), targets(manager, 3, 7)).logits().close();
            Map<String, float[]> before = gradients(step);
            double total = 0;
            for (float[] g : before.values()) {
                for (float v : g) {
                    total += (double) v * v;
                }
            }
            // apply() clips, steps and zeroes; the norm it reports is the one before clipping
            StepResult result = step.apply(1e-3);
            assertEquals(Math.sqrt(total), result.gradNorm(), 1e-5 * Math.sqrt(total));
            assertTrue(result.gradNorm() > 0.01, "the batch gradient must exceed the clip norm for this test");
        }
    }

    @Test
    void nanLossIsReportedWithTheStepNumberAndChangesNothing() {
        try (CvtModel model = TrainFixtures.tiny();
                NDManager manager = NDManager.newBaseManager();
                TrainStep step = step(model, 0, 1)) {
            step.accumulate(images(manager, 0), targets(manager, 3, 7)).logits().close();
            step.apply(1e-3);
            Map<String, float[]> weights = values(step);
            StateDict optimizerState = step.optimizer().stateDict();
            NDArray bad = images(manager, 1).mul(Float.NaN);
            NonFiniteLossException e =
                    assertThrows(NonFiniteLossException.class, () -> step.accumulate(bad, targets(manager, 3, 7)));
            assertEquals(2, e.step());
            assertTrue(Double.isNaN(e.loss()));
            assertTrue(e.getMessage().startsWith("step 2: the loss is NaN"), e.getMessage());
            Map<String, float[]> after = values(step);
            weights.forEach((name, v) -> assertArrayEquals(v, after.get(name), name + " unchanged"));
            assertEquals(optimizerState, step.optimizer().stateDict(), "optimizer state unchanged");
            gradients(step)
                    .forEach((name, g) -> assertArrayEquals(new float[g.length], g, name + " gradient discarded"));
            // the step can be retried with good data: nothing is pending and the gradients start from zero
            step.accumulate(images(manager, 2), targets(manager, 3, 7)).logits().close();
            assertEquals(2, step.apply(1e-3).step());
        }
    }

    @Test
    void applyNeedsExactlyTheConfiguredMicroBatches() {
        try (CvtModel model = TrainFixtures.tiny();
                NDManager manager = NDManager.newBaseManager();
                TrainStep step = step(model, 0, 2)) {
            IllegalStateException none = assertThrows(IllegalStateException.class, () -> step.apply(1e-3));
            assertTrue(none.getMessage().contains("needs 2 accumulated micro-batches, got 0"), none.getMessage());
            step.accumulate(images(manager, 0), targets(manager, 3, 7)).logits().close();
            assertThrows(IllegalStateException.class, () -> step.apply(1e-3));
            step.accumulate(images(manager, 1), targets(manager, 3, 7)).logits().close();
            IllegalStateException extra = assertThrows(
                    IllegalStateException.class, () -> step.accumulate(images(manager, 2), targets(manager, 3, 7)));
            assertTrue(extra.getMessage().contains("call apply() first"), extra.getMessage());
            assertEquals(1, step.apply(1e-3).step());
        }
    }

    @Test
    void thirtyStepsKeepTheNumberOfLiveArraysFlat() {
        try (CvtModel model = TrainFixtures.tiny();
                NDManager manager = NDManager.newBaseManager();
                TrainStep step = step(model, 1.0, 2)) {
            NDArray x = images(manager, 0);
            NDArray y = targets(manager, 3, 7);
            List<Integer> counts = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                for (int micro = 0; micro < 2; micro++) {
                    step.accumulate(x, y).logits().close();
                }
                step.apply(1e-4);
                // The model's manager holds the parameters and, in a sub-manager, the optimizer state.
                counts.add(model.manager().getManagedArrays().size()
                        + manager.getManagedArrays().size());
            }
            System.out.println("live arrays after each of 30 steps: " + counts);
            assertTrue(counts.stream().allMatch(c -> c.equals(counts.get(0))), "live arrays grew: " + counts);
            assertEquals(2, manager.getManagedArrays().size(), "only the batch stays in its manager");
        }
    }
}
