package dev.cvt4j.train.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvt4j.image.Normalization;
import dev.cvt4j.image.RgbImage;
import dev.cvt4j.model.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The official AUG sections become the transforms and Mixup the official code builds. */
class TrainTransformsTest {
    /** The AUG, LOSS and TRAIN sections of microsoft/CvT experiments/imagenet/cvt/cvt-13-224x224.yaml. */
    private static final String CVT13 = """
            AUG:
              MIXUP_PROB: 1.0
              MIXUP: 0.8
              MIXCUT: 1.0
              TIMM_AUG:
                USE_LOADER: true
                RE_COUNT: 1
                RE_MODE: pixel
                RE_SPLIT: false
                RE_PROB: 0.25
                AUTO_AUGMENT: rand-m9-mstd0.5-inc1
                HFLIP: 0.5
                VFLIP: 0.0
                COLOR_JITTER: 0.4
                INTERPOLATION: bicubic
            LOSS:
              LABEL_SMOOTHING: 0.1
            TRAIN:
              IMAGE_SIZE: [224, 224]
            """;

    @TempDir
    Path dir;

    private AugConfig read(String yaml) throws IOException {
        Path file = dir.resolve("exp.yaml");
        Files.writeString(file, yaml);
        return AugConfig.read(file);
    }

    @Test
    void cvt13UsesTheTimmPipeline() throws IOException {
        AugConfig config = read(CVT13);
        TrainTransform t = TrainTransforms.of(config);
        assertEquals(224, t.size());
        assertEquals(3, t.augments().size());
        assertEquals(new RandomResizedCrop(224, 0.08, 1.0, 0.75, 4 / 3.0, Interpolation.BICUBIC), t.augments().get(0));
        assertEquals(new RandomFlip(true, 0.5), t.augments().get(1));
        RandAugment ra = assertInstanceOf(RandAugment.class, t.augments().get(2));
        assertEquals(RandAugment.INCREASING, ra.ops());
        assertEquals(9.0, ra.magnitude());
        assertEquals(0.5, ra.magnitudeStd());
        assertArrayEquals(new int[] {124, 116, 104}, ra.geometry().fill());
        assertEquals(Interpolation.BICUBIC, ra.geometry().resample());
        assertEquals(0.45, ra.geometry().translatePct());
        assertEquals(Optional.of(new RandomErasing(0.25, 0.02, 1 / 3.0, 0.3, 1 / 0.3, RandomErasing.Mode.PIXEL, 1, 1)),
                t.erasing());
        assertEquals(Normalization.IMAGENET, t.normalization());
        assertEquals(Optional.of(Mixup.official(1000)), config.mixup(0.1, 1000));
    }

    @Test
    void cvt21WithoutTheTimmLoaderUsesPlainTorchvision() throws IOException {
        AugConfig config = read(CVT13.replace("USE_LOADER: true", "USE_LOADER: false"));
        TrainTransform t = TrainTransforms.of(config);
        assertEquals(List.of(new RandomResizedCrop(224, 0.08, 1.0, 0.75, 4 / 3.0, Interpolation.BILINEAR),
                new RandomFlip(true, 0.5)), t.augments());
        assertEquals(Optional.empty(), t.erasing());
        assertTrue(config.mixup(0.1, 1000).isPresent(), "Mixup does not depend on the loader");
    }

    @Test
    void torchvisionColorJitterAndGrayscaleWhenConfigured() throws IOException {
        AugConfig config = read("""
                AUG:
                  COLOR_JITTER: [0.4, 0.3, 0.2, 0.1, 0.8]
                  GRAY_SCALE: 0.2
                  INTERPOLATION: 3
                """);
        TrainTransform t = TrainTransforms.of(config);
        assertEquals(List.of(new RandomResizedCrop(224, 0.08, 1.0, 0.75, 4 / 3.0, Interpolation.BICUBIC),
                new RandomFlip(true, 0.5), new ColorJitter(0.4, 0.3, 0.2, 0.1, 0.8), new RandomGrayscale(0.2)),
                t.augments());
    }

    @Test
    void timmColorJitterOnlyWithoutAutoAugment() throws IOException {
        TrainTransform t = TrainTransforms.of(read("AUG:\n  TIMM_AUG:\n    USE_TRANSFORM: true\n"
                + "    COLOR_JITTER: 0.3\n"));
        assertEquals(new ColorJitter(0.3, 0.3, 0.3, 0, 1), t.augments().get(2));
        assertEquals(Optional.empty(), t.erasing());
    }

    @Test
    void defaultsHaveNoMixing() {
        AugConfig defaults = AugConfig.defaults();
        assertEquals(Optional.empty(), defaults.mixup(0.1, 1000));
        assertEquals(2, TrainTransforms.of(defaults).augments().size());
    }

    @Test
    void anyMixAlphaForcesMixupProbabilityOne() throws IOException {
        AugConfig config = read("AUG:\n  MIXUP_PROB: 0.3\n  MIXUP: 0.2\n");
        assertEquals(1.0, config.mixing().prob());
    }

    @Test
    void officialTransformOutputIsDeterministicForASeed() throws IOException {
        TrainTransform t = TrainTransforms.of(read(CVT13));
        RgbImage img = new ShapesDataset(2, 1, 96, 1, "train").image(0);
        float[] a = t.apply(img, new SplittableRandom(5));
        assertEquals(3 * 224 * 224, a.length);
        assertArrayEquals(a, t.apply(img, new SplittableRandom(5)));
        assertNotEquals(a[0], t.apply(img, new SplittableRandom(6))[0]);
    }

    @Test
    void unknownAugFieldIsRefused() throws IOException {
        ConfigException e = assertThrows(ConfigException.class, () -> read("AUG:\n  MIXUPP: 0.8\n"));
        assertTrue(e.getMessage().contains("exp.yaml: AUG.MIXUPP: unknown field"), e.getMessage());
    }

    @Test
    void malformedValueNamesTheField() throws IOException {
        ConfigException e = assertThrows(ConfigException.class, () -> read("AUG:\n  TIMM_AUG:\n    RE_PROB: high\n"));
        assertTrue(e.getMessage().contains("AUG.TIMM_AUG.RE_PROB: expected a number"), e.getMessage());
    }

    @Test
    void pairMixupModeIsRefused() throws IOException {
        ConfigException e = assertThrows(ConfigException.class, () -> read("AUG:\n  MIXUP_MODE: pair\n"));
        assertTrue(e.getMessage().contains("AUG.MIXUP_MODE"), e.getMessage());
    }

    @Test
    void randomErasingSplitIsRefused() {
        assertThrows(ConfigException.class, () -> read(CVT13.replace("RE_SPLIT: false", "RE_SPLIT: true")));
    }

    @Test
    void gaussianBlurIsRefused() throws IOException {
        AugConfig config = read("AUG:\n  GAUSSIAN_BLUR: 0.5\n");
        ConfigException e = assertThrows(ConfigException.class, () -> TrainTransforms.of(config));
        assertTrue(e.getMessage().contains("AUG.GAUSSIAN_BLUR"), e.getMessage());
    }

    @Test
    void unsupportedInterpolationIsRefused() throws IOException {
        AugConfig config = read(CVT13.replace("INTERPOLATION: bicubic", "INTERPOLATION: lanczos"));
        ConfigException e = assertThrows(ConfigException.class, () -> TrainTransforms.of(config));
        assertTrue(e.getMessage().contains("AUG.TIMM_AUG.INTERPOLATION"), e.getMessage());
    }

    @Test
    void mixingWithoutAMethodIsRefused() throws IOException {
        AugConfig config = read("AUG:\n  MIXUP_PROB: 1.0\n");
        assertThrows(ConfigException.class, () -> config.mixup(0.1, 10));
    }
}
