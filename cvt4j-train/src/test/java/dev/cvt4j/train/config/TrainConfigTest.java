package dev.cvt4j.train.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvt4j.Fixtures;
import dev.cvt4j.config.ConfigException;
import dev.cvt4j.config.Experiments;
import dev.cvt4j.config.Presets;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TrainConfigTest {
    @TempDir
    Path dir;

    /** The official CvT-13 experiment file, written to a temporary file. */
    private Path official() throws IOException {
        return write("cvt-13-224x224.yaml", officialText());
    }

    static String officialText() throws IOException {
        try (InputStream in = TrainConfigTest.class.getResourceAsStream("cvt-13-224x224.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    @Test
    void officialCvt13RecipeReadsUnchanged() throws IOException {
        Path file = official();
        TrainConfig c = TrainConfig.read(file, List.of());
        assertEquals(
                Presets.get("cvt-13").model(), Experiments.read(file).model(), "the same file also gives the model");
        TrainSpec t = c.train();
        assertEquals(256, t.batchSizePerGpu());
        assertEquals(0.00025, t.lr());
        assertTrue(t.scaleLr(), "official default SCALE_LR");
        assertEquals("adamW", t.optimizer());
        assertEquals(0.05, t.wd());
        assertEquals(List.of("bn", "bias", "ln"), t.withoutWdList());
        assertEquals(0, t.beginEpoch());
        assertEquals(300, t.endEpoch());
        assertEquals(224, t.imageWidth());
        assertEquals(224, t.imageHeight());
        assertEquals(0.0, t.clipGradNorm(), "official default CLIP_GRAD_NORM");
        assertEquals(new LrSchedulerSpec("timm", "cosine", 5, 1e-6, 1e-5, 10, 0.1), t.lrScheduler());
        assertEquals(new LossSpec(0.1, "softmax"), c.loss());
        AugSpec a = c.aug();
        assertEquals(1.0, a.mixupProb());
        assertEquals(0.8, a.mixup());
        assertEquals(1.0, a.mixcut());
        assertEquals(List.of(), a.mixcutMinmax());
        assertEquals(0.5, a.mixupSwitchProb(), "official default");
        assertEquals("batch", a.mixupMode(), "official default");
        assertEquals(List.of(0.08, 1.0), a.scale(), "official default");
        assertEquals(List.of(3.0 / 4.0, 4.0 / 3.0), a.ratio(), "official default");
        assertEquals(
                new TimmAugSpec(
                        true,
                        false,
                        0.25,
                        "pixel",
                        1,
                        false,
                        0.5,
                        0.0,
                        List.of(0.4),
                        "rand-m9-mstd0.5-inc1",
                        "bicubic"),
                a.timmAug());
        assertEquals(
                new InputSpec(List.of(0.485, 0.456, 0.406), List.of(0.229, 0.224, 0.225)),
                c.input(),
                "official default");
        assertEquals(new Cvt4jSpec(1, 1, 0), c.cvt4j(), "extension defaults reproduce the official loop");
        assertEquals(file.toString(), c.source());
    }

    @Test
    void overridesAreTypedByTheDefault() throws IOException {
        TrainConfig c = TrainConfig.read(
                official(),
                List.of(
                        "TRAIN.LR=0.001",
                        "TRAIN.END_EPOCH=3",
                        "TRAIN.IMAGE_SIZE=[64, 48]",
                        "AUG.TIMM_AUG.AUTO_AUGMENT=null",
                        "CVT4J.GRAD_ACCUM_STEPS=4",
                        "TRAIN.CLIP_GRAD_NORM=5",
                        "TRAIN.LR_SCHEDULER.ARGS.min_lr=1e-6",
                        "TRAIN.WITHOUT_WD_LIST=['dw', 'ln']",
                        "TRAIN.OPTIMIZER_ARGS.betas=[0.9, 0.99]",
                        "TRAIN.MOMENTUM=0.8"));
        assertEquals(0.001, c.train().lr());
        assertEquals(3, c.train().endEpoch());
        assertEquals(64, c.train().imageWidth());
        assertEquals(48, c.train().imageHeight());
        assertNull(c.aug().timmAug().autoAugment());
        assertEquals(4, c.cvt4j().gradAccumSteps());
        assertEquals(5.0, c.train().clipGradNorm(), "an integer is accepted for a float");
        assertEquals(1e-6, c.train().lrScheduler().minLr(), "1e-6 is a string in YAML 1.1 and parsed as a number");
        assertEquals(List.of("dw", "ln"), c.train().withoutWdList());
        assertEquals(Map.of("betas", List.of(0.9, 0.99)), c.train().optimizerArgs());
    }

    @Test
    void laterOverridesWin() throws IOException {
        TrainConfig c = TrainConfig.read(official(), List.of("TRAIN.LR=0.1", "TRAIN.LR=0.2"));
        assertEquals(0.2, c.train().lr());
    }

    /** Each override error names the key and the override. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "TRAIN.END_EPOCH=3.5|TRAIN.END_EPOCH: expected an integer, got '3.5' (override 'TRAIN.END_EPOCH=3.5')",
                "TRAIN.LR=fast|TRAIN.LR: expected a number, got 'fast'",
                "TRAIN.SHUFFLE=maybe|TRAIN.SHUFFLE: expected True or False, got 'maybe'",
                "TRAIN.IMAGE_SIZE=[64, x]|TRAIN.IMAGE_SIZE[1]: expected an integer, got 'x'",
                "TRAIN.LRR=0.1|TRAIN.LRR: unknown field",
                "LOSS.FOCAL=2|LOSS.FOCAL: unknown field",
                "MODEL.NUM_CLASES=10|MODEL.NUM_CLASES: unknown field",
                "MODEL.SPEC.DEPTH=[1, 0, 2]|MODEL.SPEC.DEPTH[1]: must be at least 1, got 0",
                "TRAIN.LR|override 'TRAIN.LR': expected KEY=VALUE",
                "TRAIN.IMAGE_SIZE=[64|TRAIN.IMAGE_SIZE: malformed value in override 'TRAIN.IMAGE_SIZE=[64'",
                "TRAIN.BATCH_SIZE_PER_GPU=0|TRAIN.BATCH_SIZE_PER_GPU: must be at least 1, got 0",
                "TRAIN.IMAGE_SIZE=[70000, 70000]|TRAIN.IMAGE_SIZE: a batch of"
            })
    void badOverridesAreNamed(String override, String expected) throws IOException {
        Path file = official();
        ConfigException e = assertThrows(ConfigException.class, () -> TrainConfig.read(file, List.of(override)));
        assertOneLine(file, e, expected);
    }

    /** Each edit of the official file fails with a message naming the field. */
    @ParameterizedTest(name = "{2}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "OPTIMIZER: adamW|OPTIMIZER: sgd|TRAIN.OPTIMIZER: 'sgd' is not supported (cvt4j implements 'adamW')",
                "    METHOD: 'timm'|    METHOD: 'MultiStep'|TRAIN.LR_SCHEDULER.METHOD: 'MultiStep' is not supported",
                "    METHOD: 'timm'|    ETA_MIN: 0.0|TRAIN.LR_SCHEDULER.METHOD: missing",
                "      sched: 'cosine'|      sched: 'step'|TRAIN.LR_SCHEDULER.ARGS.sched: 'step' is not supported",
                "      min_lr: 0.00001|      min_lr: -0.1|TRAIN.LR_SCHEDULER.ARGS.min_lr: must be a non-negative number",
                "      decay_rate: 0.1|      lr_cycle_limit: 2|TRAIN.LR_SCHEDULER.ARGS.lr_cycle_limit: unknown field",
                "      warmup_epochs: 5|      warmup_epochs: 5.5|TRAIN.LR_SCHEDULER.ARGS.warmup_epochs: expected an integer",
                "['bn', 'bias', 'ln']|['bn', 'bais', 'ln']|TRAIN.WITHOUT_WD_LIST[1]: expected one of dw, bn, gn, ln, bias, got 'bais'",
                "BATCH_SIZE_PER_GPU: 256|BATCH_SIZE_PER_GPU: 0|TRAIN.BATCH_SIZE_PER_GPU: must be at least 1, got 0",
                "LR: 0.00025|LR: 0|TRAIN.LR: must be a positive number, got 0.0",
                "WD: 0.05|WD: -0.05|TRAIN.WD: must be a non-negative number, got -0.05",
                "BEGIN_EPOCH: 0|BEGIN_EPOCH: 301|TRAIN.END_EPOCH: must be at least 301, got 300",
                "  IMAGE_SIZE: [224, 224]\\n  BEGIN|  IMAGE_SIZE: [224]\\n  BEGIN|TRAIN.IMAGE_SIZE: expected 2 values, got 1",
                "SHUFFLE: true|SHUFLE: true|TRAIN.SHUFLE: unknown field",
                "LABEL_SMOOTHING: 0.1|LABEL_SMOOTHING: 1.0|LOSS.LABEL_SMOOTHING: must be in [0, 1), got 1.0",
                "LABEL_SMOOTHING: 0.1|LOSS: 'focal'|LOSS.LOSS: expected one of softmax, got 'focal'",
                "MIXUP_PROB: 1.0|MIXUP_MODE: 'row'|AUG.MIXUP_MODE: expected one of batch, pair, elem, got 'row'",
                "MIXCUT: 1.0|MIXCUT: -1.0|AUG.MIXCUT: must be a non-negative number, got -1.0",
                "MIXUP_PROB: 1.0|MIXCUT_MINMAX: [0.8, 0.2]|AUG.MIXCUT_MINMAX: the first value must not exceed the second",
                "MIXUP_PROB: 1.0|SCALE: [0.08]|AUG.SCALE: expected 2 values, got 1",
                "MIXUP_PROB: 1.0|INTERPOLATION: 1|AUG.INTERPOLATION: expected 2 (bilinear) or 3 (bicubic), got 1",
                "RE_MODE: pixel|RE_MODE: noise|AUG.TIMM_AUG.RE_MODE: expected one of const, rand, pixel, got 'noise'",
                "RE_PROB: 0.25|RE_PROB: 1.25|AUG.TIMM_AUG.RE_PROB: must be a probability in [0, 1], got 1.25",
                "HFLIP: 0.5|HFLIP: yes|AUG.TIMM_AUG.HFLIP: expected a number, got 'true'",
                "INTERPOLATION: bicubic|INTERPOLATION: lanczos|AUG.TIMM_AUG.INTERPOLATION: expected one of bilinear, bicubic, random",
                "VFLIP: 0.0|VFLIPS: 0.0|AUG.TIMM_AUG.VFLIPS: unknown field",
                "COLOR_JITTER: 0.4|COLOR_JITTER: [0.4, 0.4]|AUG.TIMM_AUG.COLOR_JITTER: expected 1, 3 or 4 values, got 2",
                "COLOR_JITTER: 0.4|COLOR_JITTER: [0.4, -0.1, 0.4]|AUG.TIMM_AUG.COLOR_JITTER[1]: must be a non-negative number",
                "MIXUP_PROB: 1.0|COLOR_JITTER: [0.4, 0.4, 0.4]|AUG.COLOR_JITTER: expected 4 or 5 values, got 3",
                "MIXUP_PROB: 1.0|COLOR_JITTER: [0.4, 0.4, 0.4, 1.5]|AUG.COLOR_JITTER[3]: must be a probability in [0, 1], got 1.5",
                "DEBUG:|INPUT:\\n  MEAN: [0.5]\\nDEBUG:|INPUT.MEAN: expected 3 values, got 1",
                "DEBUG:|INPUT:\\n  STD: [0.2, 0.0, 0.2]\\nDEBUG:|INPUT.STD[1]: must be a positive number, got 0.0",
                "DEBUG:|CVT4J:\\n  GRAD_ACCUM_STEPS: 0\\nDEBUG:|CVT4J.GRAD_ACCUM_STEPS: must be at least 1, got 0",
                "DEBUG:|CVT4J:\\n  CHECKPOINT_FREQ: 0\\nDEBUG:|CVT4J.CHECKPOINT_FREQ: must be at least 1, got 0",
                "OUTPUT_DIR: 'OUTPUT/'|BASE: ['base.yaml']|BASE: including other experiment files is not supported",
                "  LR: 0.00025|  LR: [0.00025|malformed YAML"
            })
    void invalidFieldsAreNamed(String from, String to, String expected) throws IOException {
        String text = officialText();
        String fromText = from.replace("\\n", "\n");
        assertTrue(text.contains(fromText), "official file no longer contains " + from);
        Path file = write("bad.yaml", text.replace(fromText, to.replace("\\n", "\n")));
        ConfigException e = assertThrows(ConfigException.class, () -> TrainConfig.read(file, List.of()));
        assertOneLine(file, e, expected);
    }

    @Test
    void anyMixupSettingForcesMixupProbToOne() throws IOException {
        String text = officialText().replace("MIXUP_PROB: 1.0", "MIXUP_PROB: 0.0");
        assertEquals(
                1.0, TrainConfig.read(write("a.yaml", text), List.of()).aug().mixupProb());
        TrainConfig off = TrainConfig.read(write("b.yaml", text), List.of("AUG.MIXUP=0.0", "AUG.MIXCUT=0.0"));
        assertEquals(0.0, off.aug().mixupProb());
        assertTrue(!off.aug().mixesBatches());
        TrainConfig minmax = TrainConfig.read(
                write("c.yaml", text), List.of("AUG.MIXUP=0.0", "AUG.MIXCUT=0.0", "AUG.MIXCUT_MINMAX=[0.2, 0.8]"));
        assertEquals(1.0, minmax.aug().mixupProb());
    }

    @Test
    void officialKeysForUnimplementedPathsAndOpenSectionsAreAccepted() throws IOException {
        String text = officialText()
                .replace("  SHUFFLE: true", "  SHUFFLE: true\n  MOMENTUM: 0.9\n  NESTEROV: true")
                .replace("  LABEL_SMOOTHING: 0.1", "  LABEL_SMOOTHING: 0.1\n  EXTRA: 1")
                .replace("    METHOD: 'timm'", "    METHOD: 'timm'\n    ETA_MIN: 0.0")
                .replace("      decay_rate: 0.1", "      decay_rate: 0.1\n      epochs: 7");
        TrainConfig c = TrainConfig.read(write("extra.yaml", text), List.of());
        assertEquals(300, c.train().endEpoch(), "ARGS.epochs is replaced by END_EPOCH, as update_config does");
    }

    @Test
    void aModelOnlyFileHasNoRecipe() {
        Path spec = Fixtures.path("cvt-tiny", "spec.yaml");
        ConfigException e = assertThrows(ConfigException.class, () -> TrainConfig.read(spec, List.of()));
        assertOneLine(spec, e, "TRAIN.LR_SCHEDULER.METHOD: missing");
    }

    @Test
    void effectiveLrScalesWithWorldSizeOnlyWithScaleLr() throws IOException {
        TrainSpec scaled = TrainConfig.read(official(), List.of()).train();
        assertEquals(0.00025, scaled.effectiveLr(1));
        assertEquals(0.002, scaled.effectiveLr(8), 1e-15);
        TrainSpec fixed =
                TrainConfig.read(official(), List.of("TRAIN.SCALE_LR=False")).train();
        assertEquals(0.00025, fixed.effectiveLr(8));
        assertThrows(IllegalArgumentException.class, () -> scaled.effectiveLr(0));
    }

    private static void assertOneLine(Path file, ConfigException e, String expected) {
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), "one line: " + e.getMessage());
    }
}
