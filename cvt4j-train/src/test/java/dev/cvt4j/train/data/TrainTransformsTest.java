package dev.cvt4j.train.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvt4j.config.ConfigException;
import dev.cvt4j.image.Normalization;
import dev.cvt4j.image.RgbImage;
import dev.cvt4j.train.config.TrainConfig;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The official recipes become the transforms and Mixup the official code builds. */
class TrainTransformsTest {
    /** The rest of a recipe, so that a file with only these and an AUG section reads: everything else default. */
    private static final String TRAIN_SECTION = """
            TRAIN:
              OPTIMIZER: adamW
              LR_SCHEDULER:
                METHOD: timm
                ARGS: {sched: cosine, warmup_epochs: 5, warmup_lr: 0.000001, min_lr: 0.00001, cooldown_epochs: 10,
                       decay_rate: 0.1}
            """;

    @TempDir
    Path dir;

    /** microsoft/CvT experiments/imagenet/cvt/cvt-13-224x224.yaml with {@code overrides}. */
    private static TrainConfig cvt13(String... overrides) throws URISyntaxException {
        Path official = Path.of(TrainTransformsTest.class
                .getResource("/dev/cvt4j/train/config/cvt-13-224x224.yaml")
                .toURI());
        return TrainConfig.read(official, List.of(overrides));
    }

    /** A recipe with the official defaults but for {@code sections}. */
    private TrainConfig recipe(String sections) throws IOException {
        Path file = dir.resolve("exp.yaml");
        Files.writeString(file, TRAIN_SECTION + sections);
        return TrainConfig.read(file, List.of());
    }

    @Test
    void cvt13UsesTheTimmPipeline() throws Exception {
        TrainConfig recipe = cvt13();
        TrainTransform t = TrainTransforms.of(recipe);
        assertEquals(224, t.size());
        assertEquals(3, t.augments().size());
        assertEquals(
                new RandomResizedCrop(224, 0.08, 1.0, 0.75, 4 / 3.0, Interpolation.BICUBIC),
                t.augments().get(0));
        assertEquals(new RandomFlip(true, 0.5), t.augments().get(1));
        RandAugment ra = assertInstanceOf(RandAugment.class, t.augments().get(2));
        assertEquals(RandAugment.INCREASING, ra.ops());
        assertEquals(9.0, ra.magnitude());
        assertEquals(0.5, ra.magnitudeStd());
        assertArrayEquals(new int[] {124, 116, 104}, ra.geometry().fill());
        assertEquals(Interpolation.BICUBIC, ra.geometry().resample());
        assertEquals(0.45, ra.geometry().translatePct());
        assertEquals(
                Optional.of(new RandomErasing(0.25, 0.02, 1 / 3.0, 0.3, 1 / 0.3, RandomErasing.Mode.PIXEL, 1, 1)),
                t.erasing());
        assertEquals(Normalization.IMAGENET, t.normalization());
        assertEquals(Optional.of(Mixup.official(1000)), Mixup.of(recipe, 1000));
    }

    @Test
    void cvt21WithoutTheTimmLoaderUsesPlainTorchvision() throws Exception {
        TrainConfig recipe = cvt13("AUG.TIMM_AUG.USE_LOADER=False");
        TrainTransform t = TrainTransforms.of(recipe);
        assertEquals(
                List.of(
                        new RandomResizedCrop(224, 0.08, 1.0, 0.75, 4 / 3.0, Interpolation.BILINEAR),
                        new RandomFlip(true, 0.5)),
                t.augments());
        assertEquals(Optional.empty(), t.erasing());
        assertTrue(Mixup.of(recipe, 1000).isPresent(), "Mixup does not depend on the loader");
    }

    @Test
    void torchvisionColorJitterAndGrayscaleWhenConfigured() throws IOException {
        TrainTransform t = TrainTransforms.of(recipe("""
                AUG:
                  COLOR_JITTER: [0.4, 0.3, 0.2, 0.1, 0.8]
                  GRAY_SCALE: 0.2
                  INTERPOLATION: 3
                """));
        assertEquals(
                List.of(
                        new RandomResizedCrop(224, 0.08, 1.0, 0.75, 4 / 3.0, Interpolation.BICUBIC),
                        new RandomFlip(true, 0.5),
                        new ColorJitter(0.4, 0.3, 0.2, 0.1, 0.8),
                        new RandomGrayscale(0.2)),
                t.augments());
        TrainTransform withoutHue = TrainTransforms.of(recipe("AUG:\n  COLOR_JITTER: [0.4, 0.3, 0.2, 0.8]\n"));
        assertEquals(
                new ColorJitter(0.4, 0.3, 0.2, 0, 0.8), withoutHue.augments().get(2));
    }

    @Test
    void timmColorJitterOnlyWithoutAutoAugment() throws IOException {
        TrainTransform t =
                TrainTransforms.of(recipe("AUG:\n  TIMM_AUG:\n    USE_TRANSFORM: true\n" + "    COLOR_JITTER: 0.3\n"));
        assertEquals(new ColorJitter(0.3, 0.3, 0.3, 0, 1), t.augments().get(2));
        assertEquals(Optional.empty(), t.erasing());
        TrainTransform perChannel = TrainTransforms.of(
                recipe("AUG:\n  TIMM_AUG:\n    USE_TRANSFORM: true\n" + "    COLOR_JITTER: [0.1, 0.2, 0.3, 0.05]\n"));
        assertEquals(
                new ColorJitter(0.1, 0.2, 0.3, 0.05, 1), perChannel.augments().get(2));
    }

    @Test
    void officialDefaultsHaveNoMixing() throws IOException {
        TrainConfig defaults = recipe("");
        assertEquals(Optional.empty(), Mixup.of(defaults, 1000));
        assertEquals(2, TrainTransforms.of(defaults).augments().size());
    }

    @Test
    void inputStatisticsNormaliseAndFillRandAugment() throws Exception {
        TrainTransform t = TrainTransforms.of(cvt13("INPUT.MEAN=[0.5, 0.25, 0.0]", "INPUT.STD=[0.5, 0.5, 0.25]"));
        assertEquals(
                new Normalization(new float[] {0.5f, 0.25f, 0f}, new float[] {0.5f, 0.5f, 0.25f}), t.normalization());
        RandAugment ra = assertInstanceOf(RandAugment.class, t.augments().get(2));
        assertArrayEquals(new int[] {128, 64, 0}, ra.geometry().fill(), "round(127.5) = 128, half to even");
    }

    @Test
    void officialTransformOutputIsDeterministicForASeed() throws Exception {
        TrainTransform t = TrainTransforms.of(cvt13());
        RgbImage img = new ShapesDataset(2, 1, 96, 1, "train").image(0);
        float[] a = t.apply(img, new SplittableRandom(5));
        assertEquals(3 * 224 * 224, a.length);
        assertArrayEquals(a, t.apply(img, new SplittableRandom(5)));
        assertNotEquals(a[0], t.apply(img, new SplittableRandom(6))[0]);
    }

    @Test
    void pairMixupModeIsRefusedWhenMixing() throws Exception {
        TrainConfig pair = cvt13("AUG.MIXUP_MODE=pair");
        ConfigException e = assertThrows(ConfigException.class, () -> Mixup.of(pair, 1000));
        assertTrue(e.getMessage().startsWith("AUG.MIXUP_MODE: only 'batch' is supported"), e.getMessage());
    }

    @Test
    void randomErasingSplitIsRefused() throws Exception {
        TrainConfig split = cvt13("AUG.TIMM_AUG.RE_SPLIT=True");
        ConfigException e = assertThrows(ConfigException.class, () -> TrainTransforms.of(split));
        assertTrue(e.getMessage().contains("AUG.TIMM_AUG.RE_SPLIT"), e.getMessage());
    }

    @Test
    void gaussianBlurIsRefused() throws IOException {
        TrainConfig blur = recipe("AUG:\n  GAUSSIAN_BLUR: 0.5\n");
        ConfigException e = assertThrows(ConfigException.class, () -> TrainTransforms.of(blur));
        assertTrue(e.getMessage().contains("AUG.GAUSSIAN_BLUR"), e.getMessage());
    }

    @Test
    void mixingWithoutAMethodIsRefused() throws IOException {
        TrainConfig recipe = recipe("AUG:\n  MIXUP_PROB: 1.0\n");
        assertThrows(ConfigException.class, () -> Mixup.of(recipe, 10));
    }
}
