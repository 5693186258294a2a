package dev.cvt4j.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvt4j.Fixtures;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The decoder, resampler and eval transform against the official pipeline's outputs (Pillow 9.4,
 * torchvision 0.14.1) in {@code fixtures/preprocess}. Measured figures go to the test log.
 */
class PilParityTest {
    private static F32Tensors expected;
    private static F32Tensors extras;

    @BeforeAll
    static void load() {
        expected = F32Tensors.open(Fixtures.path("preprocess", "expected.safetensors"));
        extras = F32Tensors.open(Fixtures.path("preprocess", "extras.safetensors"));
    }

    /** One official configuration: image, transform, and where its reference pixels and tensor are. */
    record Case(String name, String file, EvalTransform transform, boolean inExtras, String pixels, String tensor) {
        F32Tensors source() {
            return inExtras ? extras : expected;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        EvalTransform noCrop384 = new EvalTransform(384, 384, false, Filter.BICUBIC, Normalization.IMAGENET);
        return Stream.of(
                imagenet224("landscape", "landscape.jpg"),
                imagenet224("portrait", "portrait.png"),
                imagenet224("gray", "gray.png"),
                imagenet224("rgba", "rgba.png"),
                imagenet224("tiny", "tiny.png"),
                new Case(
                        "landscape@384",
                        "landscape.jpg",
                        EvalTransform.imagenet(384),
                        false,
                        "landscape.pixels384",
                        "landscape.tensor384"),
                new Case(
                        "landscape@384_nocrop",
                        "landscape.jpg",
                        noCrop384,
                        true,
                        "landscape.pixels384_nocrop",
                        "landscape.tensor384_nocrop"));
    }

    private static Case imagenet224(String name, String file) {
        return new Case(name, file, EvalTransform.imagenet(224), false, name + ".pixels", name + ".tensor");
    }

    static Stream<Arguments> jpegCases() {
        return cases().filter(c -> c.file().endsWith(".jpg")).map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void fullPipelineMatchesPil(Case c) {
        RgbImage decoded = ImageDecoder.decode(Fixtures.path("preprocess", c.file()));
        RgbImage pixels = c.transform().resizeAndCrop(decoded);
        PixelDiff diff = PixelDiff.of(pixels, c.source().image(c.pixels()));
        System.out.printf("full pipeline  %-22s %s%n", c.name(), diff);
        assertTrue(diff.identical() >= 0.999 && diff.maxDiff() <= 1, c.name() + ": " + diff);
        if (!c.file().endsWith(".jpg")) {
            assertEquals(1.0, diff.identical(), c.name() + ": lossless source must match exactly, " + diff);
        }

        float[] tensor = c.transform().apply(decoded);
        float[] reference = c.source().get(c.tensor());
        assertEquals(reference.length, tensor.length);
        float[] std = c.transform().normalization().std();
        int plane = tensor.length / 3;
        double worst = 0;
        for (int i = 0; i < tensor.length; i++) {
            double err = Math.abs(tensor[i] - reference[i]);
            worst = Math.max(worst, err);
            assertTrue(
                    err <= 1 / 255.0 / std[i / plane] + 1e-6,
                    c.name() + " tensor[" + i + "] " + tensor[i] + " vs " + reference[i]);
        }
        System.out.printf("tensor         %-22s max abs diff %.3e%n", c.name(), worst);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jpegCases")
    void resamplerAloneIsBitExactOnPilDecodedPixels(Case c) {
        RgbImage pilDecoded = extras.image("landscape.decoded");
        PixelDiff diff =
                PixelDiff.of(c.transform().resizeAndCrop(pilDecoded), c.source().image(c.pixels()));
        System.out.printf("resampler only %-22s %s%n", c.name(), diff);
        assertEquals(new PixelDiff(1.0, 0), diff, c.name());
    }

    @Test
    void jpegDecodeMatchesLibjpegTurbo() {
        RgbImage ours = ImageDecoder.decode(Fixtures.path("preprocess", "landscape.jpg"));
        PixelDiff diff = PixelDiff.of(ours, extras.image("landscape.decoded"));
        System.out.printf("JPEG decode    %-22s %s (vs Pillow 9.4 / libjpeg-turbo 2.1.5)%n", "landscape.jpg", diff);
        assertEquals(new PixelDiff(1.0, 0), diff, "baseline 4:2:0 JPEG");
    }

    @Test
    void grayPngIsReplicatedExactly() {
        Path gray = Fixtures.path("preprocess", "gray.png");
        RgbImage decoded = ImageDecoder.decode(gray);
        assertEquals(256, decoded.width());
        // 256 x 256 is not resampled: the reference pixels are the decoded image's center crop
        assertEquals(expected.image("gray.pixels"), decoded.crop(16, 16, 224, 224));
    }
}
