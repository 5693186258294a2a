package dev.cvt4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code cvt config}: the resolved configuration, marks on non-default values, overrides and their errors. */
class ConfigCliTest {
    private static final String TINY =
            CvtProcess.fixtures().resolve("cvt-tiny").resolve("spec.yaml").toString();

    @Test
    void printsEveryKeyAndMarksWhatDiffersFromTheOfficialDefault() throws Exception {
        CvtProcess.Result r = CvtProcess.run(
                "config", "--model", TINY, "TRAIN.LR=0.01", "INPUT.MEAN=[0.5, 0.5, 0.5]", "TEST.INTERPOLATION=2");
        assertEquals(0, r.exit(), r.toString());
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.contains("* TRAIN.LR: 0.01  (default 0.001)"), r.out());
        assertTrue(lines.contains("* INPUT.MEAN: [0.5, 0.5, 0.5]  (default [0.485, 0.456, 0.406])"), r.out());
        assertTrue(lines.contains("* MODEL.NUM_CLASSES: 10  (default 1000)"), r.out());
        assertTrue(lines.contains("* TEST.IMAGE_SIZE: [64, 64]  (default [224, 224])"), r.out());
        assertTrue(lines.contains("* MODEL.SPEC.DIM_EMBED: [24, 48, 96]  (default none)"), r.out());
        assertTrue(lines.contains("  TEST.INTERPOLATION: 2"), "set to the default: not marked\n" + r.out());
        assertTrue(lines.contains("  TRAIN.WD: 1.0E-4"), r.out());
        assertTrue(lines.contains("  CVT4J.GRAD_ACCUM_STEPS: 1"), r.out());
        assertTrue(lines.contains("  TRAIN.MOMENTUM: 0.9  (unused)"), r.out());
        assertTrue(lines.contains("  TRAIN.LR_SCHEDULER.METHOD: (unset)"), r.out());
    }

    @Test
    void presetsResolveToTheirModelAndTestSettings() throws Exception {
        CvtProcess.Result r = CvtProcess.run("config", "--model", "cvt-w24");
        assertEquals(0, r.exit(), r.toString());
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.contains("* MODEL.SPEC.DEPTH: [2, 2, 20]  (default none)"), r.out());
        assertTrue(lines.contains("* TEST.CENTER_CROP: false  (default true)"), r.out());
        assertTrue(lines.contains("  MODEL.NUM_CLASSES: 1000"), r.out());
    }

    @Test
    void imageSizeIsTheTestImageSizeOverrideThatLaterOverridesBeat() throws Exception {
        CvtProcess.Result r = CvtProcess.run("config", "--model", "cvt-13", "--image-size", "384");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().lines().toList().contains("* TEST.IMAGE_SIZE: [384, 384]  (default [224, 224])"), r.out());
        CvtProcess.Result later =
                CvtProcess.run("config", "--model", "cvt-13", "--image-size", "384", "TEST.IMAGE_SIZE=[160, 160]");
        assertTrue(
                later.out().lines().toList().contains("* TEST.IMAGE_SIZE: [160, 160]  (default [224, 224])"),
                later.toString());
    }

    @Test
    void badOverridesFailWithOneLineNamingTheKey() throws Exception {
        for (String[] c : new String[][] {
            {"TRAIN.LR=fast", "TRAIN.LR: expected a number, got 'fast' (override 'TRAIN.LR=fast')"},
            {"MODEL.SPEC.NUM_HEADS=[1, 5, 3]", "MODEL.SPEC.NUM_HEADS[1]: DIM_EMBED 48 is not divisible by NUM_HEADS 5"},
            {"TRAIN.LRR=0.1", "TRAIN.LRR: unknown field (override 'TRAIN.LRR=0.1')"}
        }) {
            CvtProcess.Result r = CvtProcess.run("config", "--model", TINY, c[0]);
            assertEquals(1, r.exit(), r.toString());
            assertEquals("cvt: " + TINY + ": " + c[1], r.err().strip(), r.toString());
        }
    }
}
