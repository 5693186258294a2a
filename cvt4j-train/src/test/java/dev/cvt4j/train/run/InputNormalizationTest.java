package dev.cvt4j.train.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.cvt4j.Fixtures;
import dev.cvt4j.config.ExperimentConfig;
import dev.cvt4j.image.Normalization;
import dev.cvt4j.image.RgbImage;
import dev.cvt4j.inference.Preprocessing;
import dev.cvt4j.train.data.TrainTransforms;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training and evaluation normalise with the same {@code INPUT.MEAN} / {@code INPUT.STD}, as the
 * official {@code build_transforms} does for both: the training transform, the Trainer's validation,
 * and what {@code cvt eval}, {@code classify}, {@code features} and {@code preprocess --model} build
 * from the same experiment.
 */
class InputNormalizationTest {
    private static final Normalization OTHER =
            new Normalization(new float[] {0.5f, 0.25f, 0.125f}, new float[] {0.5f, 0.75f, 0.25f});

    @TempDir
    Path dir;

    private Path experiment() throws IOException {
        String spec = Files.readString(Fixtures.path("cvt-tiny", "spec.yaml"));
        Path file = dir.resolve("other-input.yaml");
        Files.writeString(
                file,
                spec + "INPUT:\n  MEAN: [0.5, 0.25, 0.125]\n  STD: [0.5, 0.75, 0.25]\n"
                        + "TRAIN:\n  OPTIMIZER: adamW\n  LR_SCHEDULER:\n    METHOD: timm\n    ARGS:\n      sched: cosine\n"
                        + "      warmup_epochs: 0\n      warmup_lr: 0.0\n      min_lr: 0.0\n      cooldown_epochs: 0\n"
                        + "      decay_rate: 0.1\n");
        return file;
    }

    @Test
    void anExperimentFileNormalisesEvaluationAsTraining() throws IOException {
        Path file = experiment();
        RunConfig run = RunConfig.ofFile(file, List.of());
        Normalization train = TrainTransforms.of(run.recipe()).normalization();
        assertEquals(OTHER, train);
        assertEquals(
                train,
                Preprocessing.evalTransform(run.experiment(10)).normalization(),
                "the Trainer's validation normalises as its training");
        assertEquals(
                train,
                Preprocessing.evalTransform(ExperimentConfig.resolve(file.toString()))
                        .normalization(),
                "eval, classify and features with --model FILE normalise as training");
    }

    @Test
    void overridesReachTrainingAndValidationAlike() {
        RunConfig run =
                RunConfig.ofPreset("cvt-13", List.of("INPUT.MEAN=[0.5, 0.25, 0.125]", "INPUT.STD=[0.5, 0.75, 0.25]"));
        Normalization train = TrainTransforms.of(run.recipe()).normalization();
        assertEquals(OTHER, train);
        assertEquals(train, Preprocessing.evalTransform(run.experiment(10)).normalization());
        assertEquals(Normalization.IMAGENET, ExperimentConfig.resolve("cvt-13").input(), "presets are ImageNet models");
    }

    @Test
    void theEvaluationTensorUsesTheExperimentStatistics() throws IOException {
        RgbImage grey = RgbImage.of(64, 64, filled(64 * 64 * 3, (byte) 128));
        float[] tensor = Preprocessing.evalTransform(
                        ExperimentConfig.resolve(experiment().toString()))
                .apply(grey);
        float x = 128 / 255f;
        assertArrayEquals(
                new float[] {(x - 0.5f) / 0.5f, (x - 0.25f) / 0.75f, (x - 0.125f) / 0.25f},
                new float[] {tensor[0], tensor[64 * 64], tensor[2 * 64 * 64]});
        assertNotEquals(Normalization.IMAGENET.toTensor(grey)[0], tensor[0]);
    }

    private static byte[] filled(int n, byte value) {
        byte[] b = new byte[n];
        Arrays.fill(b, value);
        return b;
    }
}
