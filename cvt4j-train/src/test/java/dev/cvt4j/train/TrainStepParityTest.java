package dev.cvt4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Parameter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cvt4j.checkpoint.Safetensors;
import dev.cvt4j.checkpoint.StateDict;
import dev.cvt4j.checkpoint.Tensor;
import dev.cvt4j.model.CvtModel;
import dev.cvt4j.model.OfficialNames;
import dev.cvt4j.model.StateEntry;
import dev.cvt4j.train.loss.CrossEntropyLoss;
import dev.cvt4j.train.optim.AdamW;
import dev.cvt4j.train.optim.WeightDecayGroups;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One training step against the official PyTorch one, for every fixture folder with
 * {@code train_step.safetensors} and {@code train_step.json} (fixtures README, "cvt-tiny training step"):
 * train-mode logits and loss, every gradient, BatchNorm running statistics and counters after the
 * forward pass, the weight-decay grouping, and every parameter after one AdamW step (lr, weight decay,
 * betas and eps from the json), held to 1e-6 where the reference gradient's sign is determined at the
 * measured gradient error (see {@link #compareAfterStep}). Measured errors are printed to the test log.
 */
class TrainStepParityTest {

    static Stream<String> folders() {
        return TrainFixtures.trainStepFolders().stream()
                .map(p -> p.getFileName().toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("folders")
    void forwardBackwardAndStepMatchOfficial(String folderName) {
        Reference ref = Reference.of(folderName);
        try (CvtModel model = TrainFixtures.model(ref.folder());
                NDManager manager = NDManager.newBaseManager();
                TrainStep step = ref.trainStep(model)) {
            Map<String, StateEntry> names = OfficialNames.of(model.net());
            long batchesBefore = model.net()
                    .stages()
                    .get(0)
                    .blocks()
                    .get(0)
                    .attn()
                    .convProjQ()
                    .numBatchesTracked();
            MicroBatchResult out = ref.accumulate(step, manager);

            Tensor logits = ref.tensors().get("logits");
            assertArrayEquals(logits.shape(), out.logits().getShape().getShape(), "logits shape");
            report(
                    folderName,
                    "train-mode logits",
                    maxDiff(logits.toFloatArray(), out.logits().toFloatArray()),
                    1e-5 * Math.max(1, maxAbs(logits.toFloatArray())));
            double refLoss = ref.tensors().get("loss").toFloatArray()[0];
            assertEquals(ref.json().get("loss").asDouble(), refLoss, 1e-6, "json and safetensors loss");
            report(folderName, "loss (relative)", Math.abs(out.loss() - refLoss) / Math.abs(refLoss), 1e-5);

            double gradErr = 0;
            Map<String, Double> measured = new HashMap<>();
            for (Map.Entry<String, Parameter> e : step.optimizer().parameters().entrySet()) {
                float[] refGrad = ref.grad(e.getKey());
                try (NDArray g = e.getValue().getArray().getGradient()) {
                    double diff = maxDiff(refGrad, g.toFloatArray());
                    measured.put(e.getKey(), diff);
                    double err = diff / Math.max(1e-3, maxAbs(refGrad));
                    assertTrue(err <= 1e-4, "grad." + e.getKey() + ": error " + err + " x max(1e-3, max|ref|)");
                    gradErr = Math.max(gradErr, err);
                }
            }
            assertEquals(
                    ref.tensors().keys().stream()
                            .filter(k -> k.startsWith("grad."))
                            .count(),
                    step.optimizer().parameters().size(),
                    "a gradient for every reference gradient");
            report(folderName, "gradients (x max(1e-3, max|ref|))", gradErr, 1e-4);

            double bnErr = 0;
            int stats = 0;
            for (String key : ref.tensors().keys()) {
                if (key.startsWith("bn_after.")) {
                    StateEntry.ParameterArray t =
                            (StateEntry.ParameterArray) names.get(key.substring("bn_after.".length()));
                    bnErr = Math.max(
                            bnErr,
                            maxDiff(
                                    ref.tensors().get(key).toFloatArray(),
                                    t.parameter().getArray().toFloatArray()));
                    stats++;
                }
            }
            assertTrue(stats > 0, "no bn_after tensors");
            report(folderName, stats + " BatchNorm running statistics", bnErr, 1e-5);
            for (StateEntry e : names.values()) {
                if (e instanceof StateEntry.BatchCounter c) {
                    assertEquals(batchesBefore + 1, c.projection().numBatchesTracked(), "num_batches_tracked");
                }
            }

            assertEquals(1, step.apply(ref.lr()).step());
            compareAfterStep(folderName, ref, step.optimizer(), measured);
            out.logits().close();
        }
    }

    /** AdamW alone: given PyTorch's own gradients, every parameter (zero- and noise-gradient ones included) must match. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("folders")
    void adamWOnReferenceGradientsMatchesOfficial(String folderName) {
        Reference ref = Reference.of(folderName);
        try (CvtModel model = TrainFixtures.model(ref.folder());
                NDManager manager = NDManager.newBaseManager();
                TrainStep step = ref.trainStep(model)) {
            ref.accumulate(step, manager).logits().close();
            for (Map.Entry<String, Parameter> e : step.optimizer().parameters().entrySet()) {
                try (NDArray g = e.getValue().getArray().getGradient();
                        NDArray refGrad =
                                TrainFixtures.array(manager, ref.tensors().get("grad." + e.getKey()))) {
                    g.set(new NDIndex("..."), refGrad);
                }
            }
            step.apply(ref.lr());
            compareAfterStep(folderName, ref, step.optimizer(), Map.of());
        }
    }

    /**
     * Every parameter after one AdamW step against {@code after_step}, by the sign rule. AdamW's first
     * step moves a weight by {@code u(g) = lr * g / (|g| + eps)} (bias-corrected moments {@code g} and
     * {@code g^2}), about {@code lr * sign(g)}: an element whose reference gradient is within float32
     * rounding of zero can change sign, and its weight then moves up to {@code 2 lr} differently whatever
     * the implementation. With {@code E} the gradient error measured on the element's tensor in this run
     * ({@code max |g - g_ref|}; no fixed magnitude), the element's step is <em>determined</em> when the
     * sign of {@code g_ref} is ({@code |g_ref| > E}) and {@code u} varies by at most 1e-6 over
     * {@code [g_ref - E, g_ref + E]}; determined elements are held to 1e-6, the others are reported and
     * held to that variation ({@code u(g_ref + E) - u(g_ref - E)}, at most {@code 2 lr}). With the reference
     * gradients ({@code measured} empty) every element is held to 1e-6. The json's {@code zero_grad} and
     * {@code noise_grad} tensors (gradients zero up to float rounding) get 1e-3 with our own gradients.
     *
     * @param measured the gradient error measured on each tensor, by name; empty for the reference gradients
     */
    private static void compareAfterStep(String folder, Reference ref, AdamW adamW, Map<String, Double> measured) {
        boolean ownGradients = !measured.isEmpty();
        Set<String> listed = new HashSet<>(strings(ref.json().get("zero_grad")));
        ref.json().get("noise_grad").fieldNames().forEachRemaining(listed::add);
        double eps = ref.json().get("eps").asDouble();
        double[] err = new double[3]; // step determined, listed tensors, step undetermined
        long undetermined = 0;
        for (Map.Entry<String, Parameter> e : adamW.parameters().entrySet()) {
            float[] expected = ref.tensors().get("after_step." + e.getKey()).toFloatArray();
            float[] actual = e.getValue().getArray().toFloatArray();
            float[] g = ref.grad(e.getKey());
            double gradError = measured.getOrDefault(e.getKey(), 0.0);
            for (int i = 0; i < actual.length; i++) {
                double spread = step(ref.lr(), eps, g[i] + gradError) - step(ref.lr(), eps, g[i] - gradError);
                boolean determined = Math.abs(g[i]) > gradError && spread <= 1e-6;
                int category = !ownGradients ? 0 : listed.contains(e.getKey()) ? 1 : determined ? 0 : 2;
                undetermined += category == 2 ? 1 : 0;
                double d = Math.abs((double) actual[i] - expected[i]);
                double tolerance = category == 0 ? 1e-6 : category == 1 ? 1e-3 : spread + 1e-6;
                assertTrue(
                        d <= tolerance,
                        "after_step." + e.getKey() + "[" + i + "]: error " + d + " > " + tolerance
                                + " (reference gradient " + g[i] + ", measured gradient error " + gradError + ")");
                err[category] = Math.max(err[category], d);
            }
        }
        String source = ownGradients ? "own gradients, step determined" : "reference gradients";
        report(folder, "parameters after AdamW, " + source, err[0], 1e-6);
        if (ownGradients) {
            report(folder, listed.size() + " zero/noise-gradient tensors after AdamW", err[1], 1e-3);
            report(
                    folder,
                    undetermined + " step-undetermined elements after AdamW (<= 2 lr)",
                    err[2],
                    2 * ref.lr() + 1e-6);
        }
    }

    /** AdamW's first move of a weight with gradient {@code g}, weight decay aside: {@code lr * g / (|g| + eps)}. */
    private static double step(double lr, double eps, double g) {
        return lr * g / (Math.abs(g) + eps);
    }

    /** Prints the measured error for the test log and asserts the tolerance. */
    private static void report(String folder, String what, double err, double tolerance) {
        System.out.printf("train-step parity %s %-50s max error %.3e (tolerance %.1e)%n", folder, what, err, tolerance);
        assertTrue(err <= tolerance, folder + " " + what + ": " + err + " > " + tolerance);
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static double maxDiff(float[] a, float[] b) {
        assertEquals(a.length, b.length, "element count");
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            d = Math.max(d, Math.abs((double) a[i] - b[i]));
        }
        return d;
    }

    private static double maxAbs(float[] a) {
        double m = 0;
        for (float v : a) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    /** A fixture folder's reference step: tensors and json. */
    private record Reference(Path folder, StateDict tensors, JsonNode json) {
        static Reference of(String name) {
            Path folder = TrainFixtures.trainStepFolders().stream()
                    .filter(p -> p.getFileName().toString().equals(name))
                    .findFirst()
                    .orElseThrow();
            try {
                return new Reference(
                        folder,
                        Safetensors.read(folder.resolve("train_step.safetensors")),
                        new ObjectMapper()
                                .readTree(folder.resolve("train_step.json").toFile()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        double lr() {
            return json.get("lr").asDouble();
        }

        /** One forward/backward pass on the reference input and target. */
        MicroBatchResult accumulate(TrainStep step, NDManager manager) {
            return step.accumulate(
                    TrainFixtures.array(manager, tensors.get("input")),
                    TrainFixtures.array(manager, tensors.get("target")));
        }

        float[] grad(String name) {
            return tensors.get("grad." + name).toFloatArray();
        }

        /** The official grouping (asserted equal to the json's) and AdamW hyper-parameters; cross-entropy, no clipping. */
        TrainStep trainStep(CvtModel model) {
            WeightDecayGroups groups = WeightDecayGroups.of(model.net(), strings(json.get("without_wd_list")));
            assertEquals(strings(json.get("decay")), List.copyOf(groups.decay().keySet()), "decay group");
            assertEquals(
                    strings(json.get("no_decay")), List.copyOf(groups.noDecay().keySet()), "no-decay group");
            assertEquals(
                    strings(json.get("no_weight_decay")),
                    WeightDecayGroups.noWeightDecay(model.config().numStages()).stream()
                            .sorted()
                            .toList(),
                    "no_weight_decay names");
            AdamW adamW = new AdamW(
                    groups.paramGroups(json.get("weight_decay").asDouble()),
                    json.get("betas").get(0).asDouble(),
                    json.get("betas").get(1).asDouble(),
                    json.get("eps").asDouble());
            return new TrainStep(model, new CrossEntropyLoss(), adamW, 0, 1);
        }
    }
}
