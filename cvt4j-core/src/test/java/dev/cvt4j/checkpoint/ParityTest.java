package dev.cvt4j.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.cvt4j.Fixtures;
import dev.cvt4j.config.Experiments;
import dev.cvt4j.model.CvtFeatures;
import dev.cvt4j.model.CvtModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Eval-mode parity with the official PyTorch implementation on every fixture folder and every
 * checkpoint file in it: logits for every input batch in {@code io.safetensors} (including the
 * batch-1 input), every stage output and the class token. Tolerance: max absolute difference at
 * most 1e-4 * max(1, max |reference|).
 */
class ParityTest {
    private static final List<String> WEIGHT_FILES = List.of("official.pth", "hf.safetensors", "hf_pytorch_model.bin");

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (Path folder : Fixtures.modelFolders()) {
            for (String file : WEIGHT_FILES) {
                if (Files.isRegularFile(folder.resolve(file))) {
                    cases.add(Arguments.of(folder.getFileName().toString(), file));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}/{1}")
    @MethodSource("cases")
    void logitsStagesAndClsTokenMatchOfficial(String folder, String file) {
        Path dir = Fixtures.path(folder);
        StateDict io = Safetensors.read(dir.resolve("io.safetensors"));
        List<String> inputs = io.keys().stream().filter(k -> k.startsWith("input")).toList();
        assertFalse(inputs.isEmpty(), "no input tensors in " + dir);
        try (CvtModel model = CvtModel.create(Experiments.read(dir.resolve("spec.yaml")).model());
                NDManager manager = NDManager.newBaseManager()) {
            WeightLoader.load(model, dir.resolve(file));
            for (String inputKey : inputs) {
                String suffix = inputKey.substring("input".length());
                NDArray x = array(manager, io.get(inputKey));
                compare(folder + "/" + file + " logits" + suffix, io.get("logits" + suffix), model.logits(x));
                if (suffix.isEmpty()) {
                    CvtFeatures f = model.features(x);
                    for (int i = 0; i < f.stageMaps().size(); i++) {
                        compare(folder + "/" + file + " stage" + i, io.get("stage" + i), f.stageMaps().get(i));
                    }
                    compare(folder + "/" + file + " cls_token", io.get("cls_token"), f.clsToken());
                }
            }
        }
    }

    static NDArray array(NDManager manager, Tensor t) {
        return manager.create(t.toFloatArray(), new Shape(t.shape()));
    }

    /** Asserts the tolerance and prints the measured error for the record. */
    static void compare(String what, Tensor reference, NDArray actual) {
        assertTrue(reference != null, what + ": reference tensor missing");
        assertArrayEquals(reference.shape(), actual.getShape().getShape(), what + ": shape");
        float[] ref = reference.toFloatArray();
        float[] got = actual.toFloatArray();
        double maxRef = 0;
        double maxDiff = 0;
        for (int i = 0; i < ref.length; i++) {
            maxRef = Math.max(maxRef, Math.abs(ref[i]));
            maxDiff = Math.max(maxDiff, Math.abs(ref[i] - got[i]));
        }
        double tolerance = 1e-4 * Math.max(1, maxRef);
        System.out.printf("parity %-40s max|diff| %.3e  (tolerance %.3e, max|ref| %.3f)%n", what, maxDiff, tolerance,
                maxRef);
        assertTrue(maxDiff <= tolerance, what + ": max |diff| " + maxDiff + " > " + tolerance);
    }
}
