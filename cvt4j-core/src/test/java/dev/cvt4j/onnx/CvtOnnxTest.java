package dev.cvt4j.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cvt4j.Fixtures;
import dev.cvt4j.Parity;
import dev.cvt4j.checkpoint.CheckpointException;
import dev.cvt4j.checkpoint.StateDict;
import dev.cvt4j.checkpoint.Tensor;
import dev.cvt4j.config.ActLayer;
import dev.cvt4j.config.CvtConfig;
import dev.cvt4j.config.Experiments;
import dev.cvt4j.config.ProjectionMethod;
import dev.cvt4j.config.TestConfigs;
import dev.cvt4j.inference.CvtRunner;
import dev.cvt4j.inference.EmbeddingLogits;
import dev.cvt4j.inference.FeatureTensors;
import dev.cvt4j.inference.InferenceEngine;
import dev.cvt4j.inference.TorchRunner;
import dev.cvt4j.model.CvtModel;
import dev.cvt4j.model.WeightLoader;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The written ONNX graph on ONNX Runtime against the PyTorch network with the same weights, for the
 * variants the fixtures do not cover: every projection method, with and without a class token in the last
 * stage, QuickGELU and exact GELU, with and without the contrib-operator fusions, at a non-square size and
 * batch 2. Weights are random, with BatchNorm statistics and affine parameters moved away from their
 * defaults so that folding them is tested. Tolerance: {@link Parity}.
 */
class CvtOnnxTest {
    private static final Path SOURCE = Path.of("random-weights");
    private static final int HEIGHT = 72;
    private static final int WIDTH = 56;

    static Stream<Arguments> variants() {
        List<Arguments> cases = new ArrayList<>();
        for (ProjectionMethod method : ProjectionMethod.values()) {
            for (boolean cls : new boolean[] {true, false}) {
                cases.add(Arguments.of(method, cls, ActLayer.QUICK_GELU, Fusions.DEFAULT));
            }
        }
        cases.add(Arguments.of(ProjectionMethod.DW_BN, true, ActLayer.GELU, Fusions.DEFAULT));
        cases.add(Arguments.of(ProjectionMethod.DW_BN, true, ActLayer.QUICK_GELU, Fusions.NONE));
        cases.add(Arguments.of(ProjectionMethod.DW_BN, true, ActLayer.QUICK_GELU, Fusions.ALL));
        cases.add(Arguments.of(ProjectionMethod.AVG, true, ActLayer.QUICK_GELU, Fusions.ALL));
        cases.add(Arguments.of(ProjectionMethod.AVG, false, ActLayer.GELU, Fusions.NONE));
        return cases.stream();
    }

    private static CvtConfig tiny() {
        return Experiments.read(Fixtures.path("cvt-tiny", "spec.yaml")).model();
    }

    @ParameterizedTest(name = "{0}, cls token {1}, {2}, {3}")
    @MethodSource("variants")
    void matchesThePyTorchNetwork(ProjectionMethod method, boolean cls, ActLayer act, Fusions fusions) {
        CvtConfig base = TestConfigs.withMethod(tiny(), method, cls);
        CvtConfig config = new CvtConfig(base.stages(), base.numClasses(), act, base.layerNormEps(), base.init());
        float[] images = new float[2 * 3 * HEIGHT * WIDTH];
        Random random = new Random(7);
        for (int i = 0; i < images.length; i++) {
            images[i] = (float) random.nextGaussian();
        }
        try (CvtModel model = CvtModel.create(config)) {
            StateDict weights = withMovedBatchNorm(WeightLoader.export(model), random);
            WeightLoader.load(model, weights, SOURCE, true);
            try (CvtRunner torch = new TorchRunner(model);
                    CvtRunner ort = OrtRunner.load(config, () -> weights, SOURCE, 1, fusions)) {
                String what = method + (cls ? " cls " : " ") + act + " " + fusions;
                float[] expected = torch.logits(FloatBuffer.wrap(images), 2, HEIGHT, WIDTH);
                float[] actual = ort.logits(FloatBuffer.wrap(images), 2, HEIGHT, WIDTH);
                Parity.assertClose(
                        what + " logits",
                        Tensor.ofFloats(new long[] {2, 10}, expected),
                        Tensor.ofFloats(new long[] {2, 10}, actual));
                FeatureTensors e = torch.features(FloatBuffer.wrap(images), 2, HEIGHT, WIDTH);
                FeatureTensors a = ort.features(FloatBuffer.wrap(images), 2, HEIGHT, WIDTH);
                for (int i = 0; i < e.stageMaps().size(); i++) {
                    Parity.assertClose(
                            what + " stage" + i,
                            e.stageMaps().get(i),
                            a.stageMaps().get(i));
                }
                Parity.assertClose(what + " embedding", e.embedding(), a.embedding());
                EmbeddingLogits pass = ort.embeddingAndLogits(FloatBuffer.wrap(images), 2, HEIGHT, WIDTH);
                Parity.assertClose(what + " pooled embedding", e.embedding(), pass.embedding());
                Parity.assertClose(what + " pooled logits", e.logits(), pass.logits());
                if (cls) {
                    Parity.assertClose(what + " cls_token", e.clsToken(), a.clsToken());
                } else {
                    assertNull(a.clsToken());
                }
            }
        }
    }

    /** BatchNorm weight 1 + 0.1 n, bias 0.1 n, running mean 0.1 n, running variance in [0.5, 1.5]. */
    private static StateDict withMovedBatchNorm(StateDict weights, Random random) {
        StateDict out = new StateDict();
        weights.asMap().forEach((name, t) -> {
            if (name.contains(".bn.") && !name.endsWith(WeightLoader.BATCH_COUNTER)) {
                float[] v = new float[t.toFloatArray().length];
                for (int i = 0; i < v.length; i++) {
                    double n = random.nextGaussian();
                    v[i] = (float)
                            (name.endsWith("running_var")
                                    ? 0.5 + random.nextDouble()
                                    : name.endsWith("weight") ? 1 + 0.1 * n : 0.1 * n);
                }
                out.put(name, Tensor.ofFloats(t.shape(), v));
            } else {
                out.put(name, t);
            }
        });
        return out;
    }

    @Test
    void aCheckpointThatDoesNotFitFailsWithTheMessageOfEveryEngine() {
        CvtConfig fiveClasses = tiny().withNumClasses(5);
        Path weights = Fixtures.path("cvt-tiny", "official.pth");
        List<String> messages = new ArrayList<>();
        for (InferenceEngine engine : InferenceEngine.values()) {
            CheckpointException e = assertThrows(CheckpointException.class, () -> engine.load(fiveClasses, weights, 1));
            messages.add(e.getMessage());
        }
        assertEquals(
                weights + ": does not fit the model: 0 missing, 0 unexpected, 2 mismatched (head.weight: file"
                        + " [10, 96] F32, model [5, 96] F32; head.bias: file [10] F32, model [5] F32)",
                messages.get(0));
        assertEquals(messages.get(0), messages.get(1));
    }
}
