package dev.cvt4j.train.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cvt4j.config.ConfigValues;
import dev.cvt4j.train.config.TrainConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** timm 0.3.2 CosineLRScheduler as the official recipe configures it, against hand-computed values. */
class LrScheduleTest {
    /** The official CvT-13 recipe: LR 0.00025, warmup 5 epochs from 1e-6, min 1e-5, 300 epochs. */
    private static final LrSchedule CVT13 = new LrSchedule(0.00025, 1e-6, 5, 1e-5, 300);

    @Test
    void warmupIsLinearFromWarmupLr() {
        assertEquals(1e-6, CVT13.lr(0), 1e-18);
        assertEquals(1e-6 + 4.98e-5, CVT13.lr(1), 1e-18); // (0.00025 - 1e-6) / 5 per epoch
        assertEquals(1e-6 + 4 * 4.98e-5, CVT13.lr(4), 1e-18);
    }

    @Test
    void cosineRunsOverAllEpochsFromZero() {
        // warmup_prefix=False: at epoch 5 the cosine is already at t = 5, a little below the base rate
        assertEquals(1e-5 + 1.2e-4 * (1 + 0.99862953475457387), CVT13.lr(5), 1e-15); // cos(pi * 5 / 300)
        assertEquals(1.3e-4, CVT13.lr(150), 1e-15); // cos(pi / 2) = 0
        assertEquals(1e-5 + 1.2e-4 * (1 - 0.99994516936551214), CVT13.lr(299), 1e-15); // cos(pi * 299 / 300)
    }

    @Test
    void afterTheCycleTheRateStaysAtTheMinimum() {
        assertEquals(1e-5, CVT13.lr(300));
        assertEquals(1e-5, CVT13.lr(309));
        assertEquals(1e-5, CVT13.lr(10_000));
    }

    @Test
    void withoutWarmupTheFirstEpochHasTheBaseRate() {
        LrSchedule s = new LrSchedule(0.1, 0, 0, 0, 10);
        assertEquals(0.1, s.lr(0));
        assertEquals(0.05 * (1 + Math.cos(Math.PI * 3 / 10)), s.lr(3), 1e-17);
    }

    @Test
    void builtFromTheRecipeWithTheEndEpochAsCycleLength() {
        Map<String, Object> root = new Yaml().load("""
                TRAIN:
                  LR: 0.00025
                  END_EPOCH: 300
                  OPTIMIZER: adamW
                  LR_SCHEDULER:
                    METHOD: 'timm'
                    ARGS: {sched: 'cosine', warmup_epochs: 5, warmup_lr: 0.000001, min_lr: 0.00001,
                           cooldown_epochs: 10, decay_rate: 0.1}
                """);
        TrainConfig recipe = TrainConfig.of(ConfigValues.of(root, List.of(), "recipe"), "recipe");
        assertEquals(CVT13, LrSchedule.of(recipe.train(), 1));
        TrainConfig shortRun = TrainConfig.of(ConfigValues.of(root, List.of("TRAIN.END_EPOCH=10"), "recipe"), "recipe");
        assertEquals(
                1e-5 + 1.2e-4 * (1 + Math.cos(Math.PI * 5 / 10)),
                LrSchedule.of(shortRun.train(), 1).lr(5),
                1e-15);
        assertEquals(0.002, LrSchedule.of(recipe.train(), 8).baseLr(), 1e-15, "SCALE_LR with 8 processes");
    }

    @Test
    void rejectsNegativeEpochsAndEmptySchedules() {
        assertThrows(IllegalArgumentException.class, () -> CVT13.lr(-1));
        assertThrows(IllegalArgumentException.class, () -> new LrSchedule(0.1, 0, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new LrSchedule(0.1, 0, -1, 0, 10));
    }
}
