package dev.cvt4j.train.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.cvt4j.config.ConfigValues;
import dev.cvt4j.train.config.TrainConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The three official criteria on logits {@code [[1, 2, 3], [1, 1, 1]]}, against hand-computed values:
 * log_softmax of the first row is {@code [1, 2, 3] - 3.40760596}, of the second {@code -log 3 = -1.09861229}.
 */
class LossTest {
    private static final float[] LOGITS = {1, 2, 3, 1, 1, 1};

    private static NDArray logits(NDManager manager) {
        return manager.create(LOGITS, new Shape(2, 3));
    }

    @Test
    void crossEntropyIsTheMeanNegativeLogLikelihood() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray loss = new CrossEntropyLoss().forward(logits(manager), manager.create(new long[] {2, 0}));
            assertEquals((0.40760596 + 1.09861229) / 2, loss.getFloat(), 1e-6);
            assertEquals(0, loss.getShape().dimension(), "a scalar");
        }
    }

    @Test
    void crossEntropyGradientIsSoftmaxMinusOneHotOverTheBatch() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = logits(manager);
            x.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                collector.backward(new CrossEntropyLoss().forward(x, manager.create(new long[] {2, 0})));
            }
            double z = Math.exp(1) + Math.exp(2) + Math.exp(3);
            float[] expected = {
                (float) (Math.exp(1) / z / 2), (float) (Math.exp(2) / z / 2), (float) ((Math.exp(3) / z - 1) / 2),
                (float) ((1.0 / 3 - 1) / 2), (float) (1.0 / 3 / 2), (float) (1.0 / 3 / 2)
            };
            assertArrayEquals(expected, x.getGradient().toFloatArray(), 1e-6f);
        }
    }

    @Test
    void labelSmoothingMixesTheNllWithTheMeanOverClasses() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray loss =
                    new LabelSmoothingCrossEntropy(0.1).forward(logits(manager), manager.create(new long[] {2, 0}));
            // smooth = mean_b(-sum_c lp) / 3 = (4.22281788 + 3.29583687) / 2 / 3 = 1.25310913
            assertEquals(0.1 * 1.25310913 + 0.9 * 0.75310912, loss.getFloat(), 1e-6);
            NDArray none =
                    new LabelSmoothingCrossEntropy(0).forward(logits(manager), manager.create(new long[] {2, 0}));
            assertEquals(0.75310912, none.getFloat(), 1e-6, "epsilon 0 is plain cross-entropy");
        }
    }

    @Test
    void softTargetsWeightEveryClass() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray target = manager.create(new float[] {0.2f, 0.3f, 0.5f, 1 / 3f, 1 / 3f, 1 / 3f}, new Shape(2, 3));
            NDArray loss = new SoftTargetCrossEntropy().forward(logits(manager), target);
            // row 0: 0.2 * 2.40760596 + 0.3 * 1.40760596 + 0.5 * 0.40760596 = 1.10760596; row 1: 1.09861229
            assertEquals((1.10760596 + 1.09861229) / 2, loss.getFloat(), 1e-6);
        }
    }

    @Test
    void targetsThatDoNotFitTheLogitsAreRejected() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = logits(manager);
            assertThrows(
                    IllegalArgumentException.class,
                    () -> new CrossEntropyLoss().forward(x, manager.create(new long[] {1, 2, 0})));
            assertThrows(
                    IllegalArgumentException.class,
                    () -> new SoftTargetCrossEntropy().forward(x, manager.create(new float[] {1, 0, 0})));
            assertThrows(IllegalArgumentException.class, () -> new LabelSmoothingCrossEntropy(1.0));
        }
    }

    @Test
    void criterionFollowsTheOfficialBuildCriterion() {
        String recipe = """
                TRAIN:
                  OPTIMIZER: adamW
                  LR_SCHEDULER:
                    METHOD: 'timm'
                    ARGS: {sched: 'cosine', warmup_epochs: 5, warmup_lr: 0.000001, min_lr: 0.00001,
                           cooldown_epochs: 10, decay_rate: 0.1}
                LOSS:
                  LABEL_SMOOTHING: 0.1
                AUG:
                  MIXUP: 0.8
                """;
        Map<String, Object> root = new Yaml().load(recipe);
        TrainConfig mixup = TrainConfig.of(ConfigValues.of(root, List.of(), "recipe"), "recipe");
        assertEquals(new SoftTargetCrossEntropy(), Loss.of(mixup, true));
        assertEquals(new CrossEntropyLoss(), Loss.of(mixup, false));
        TrainConfig smoothing = TrainConfig.of(ConfigValues.of(root, List.of("AUG.MIXUP=0.0"), "recipe"), "recipe");
        assertEquals(new LabelSmoothingCrossEntropy(0.1), Loss.of(smoothing, true));
        assertEquals(new LabelSmoothingCrossEntropy(0.1), Loss.of(smoothing, false));
        TrainConfig plain = TrainConfig.of(
                ConfigValues.of(root, List.of("AUG.MIXUP=0.0", "LOSS.LABEL_SMOOTHING=0.0"), "recipe"), "recipe");
        assertEquals(new CrossEntropyLoss(), Loss.of(plain, true));
    }
}
