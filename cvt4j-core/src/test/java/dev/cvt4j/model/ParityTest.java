package dev.cvt4j.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvt4j.Fixtures;
import dev.cvt4j.Parity;
import dev.cvt4j.checkpoint.Safetensors;
import dev.cvt4j.checkpoint.StateDict;
import dev.cvt4j.checkpoint.Tensor;
import dev.cvt4j.config.Experiments;
import dev.cvt4j.inference.CvtRunner;
import dev.cvt4j.inference.EmbeddingLogits;
import dev.cvt4j.inference.FeatureTensors;
import dev.cvt4j.inference.InferenceEngine;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Eval-mode parity with the official PyTorch implementation on every fixture folder, every checkpoint
 * file in it and every {@link InferenceEngine}: logits for every input batch in {@code io.safetensors}
 * (including the batch-1 input), and, where the folder holds them, every stage output and the class
 * token. A folder must hold {@code logits}; stage tensors and the batch-1 pair are compared when present.
 * Tolerance: max absolute difference at most 1e-4 * max(1, max |reference|).
 */
class ParityTest {
    private static final List<String> WEIGHT_FILES = List.of("official.pth", "hf.safetensors", "hf_pytorch_model.bin");

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (Path folder : Fixtures.modelFolders()) {
            for (String file : WEIGHT_FILES) {
                if (Files.isRegularFile(folder.resolve(file))) {
                    for (InferenceEngine engine : InferenceEngine.values()) {
                        cases.add(Arguments.of(folder.getFileName().toString(), file, engine));
                    }
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}/{1} on {2}")
    @MethodSource("cases")
    void logitsStagesAndClsTokenMatchOfficial(String folder, String file, InferenceEngine engine) {
        Path dir = Fixtures.path(folder);
        StateDict io = Safetensors.read(dir.resolve("io.safetensors"));
        List<String> inputs =
                io.keys().stream().filter(k -> k.startsWith("input")).toList();
        assertFalse(inputs.isEmpty(), "no input tensors in " + dir);
        assertTrue(io.contains("logits"), "no logits in " + dir);
        String what = folder + "/" + file + " on " + engine;
        try (CvtRunner runner =
                engine.load(Experiments.read(dir.resolve("spec.yaml")).model(), dir.resolve(file), 0)) {
            for (String inputKey : inputs) {
                String suffix = inputKey.substring("input".length());
                Tensor x = io.get(inputKey);
                int[] s = Arrays.stream(x.shape()).mapToInt(Math::toIntExact).toArray();
                if (io.contains("logits" + suffix)) {
                    float[] logits = runner.logits(FloatBuffer.wrap(x.toFloatArray()), s[0], s[2], s[3]);
                    long[] shape = {s[0], runner.config().numClasses()};
                    Parity.assertClose(
                            what + " logits" + suffix, io.get("logits" + suffix), Tensor.ofFloats(shape, logits));
                }
                if (suffix.isEmpty()) {
                    FeatureTensors f = runner.features(FloatBuffer.wrap(x.toFloatArray()), s[0], s[2], s[3]);
                    for (int i = 0; i < f.stageMaps().size(); i++) {
                        if (io.contains("stage" + i)) {
                            Parity.assertClose(
                                    what + " stage" + i,
                                    io.get("stage" + i),
                                    f.stageMaps().get(i));
                        }
                    }
                    if (io.contains("cls_token")) {
                        assertNotNull(f.clsToken(), what + ": no class token");
                        Parity.assertClose(what + " cls_token", io.get("cls_token"), f.clsToken());
                    }
                    EmbeddingLogits pass =
                            runner.embeddingAndLogits(FloatBuffer.wrap(x.toFloatArray()), s[0], s[2], s[3]);
                    assertArrayEquals(
                            f.embedding().toFloatArray(),
                            pass.embedding().toFloatArray(),
                            what + ": embeddingAndLogits' embedding differs from features'");
                    if (io.contains("logits")) {
                        Parity.assertClose(what + " embeddingAndLogits", io.get("logits"), pass.logits());
                    }
                }
            }
        }
    }
}
