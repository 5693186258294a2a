package dev.cvt4j.bench;

import dev.cvt4j.image.EvalTransform;
import dev.cvt4j.image.ImageDecoder;
import dev.cvt4j.image.RgbImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The evaluation transform of one decoded image (PIL-exact bicubic resize of the shorter side to
 * 256, center crop 224, ImageNet normalisation to a {@code (3, 224, 224)} float array), for a
 * 500x375 image (the ImageNet median size) of seeded random pixels; and what {@code cvt serve} does
 * per uploaded image, decoding and the transform, for each image of the preprocessing fixtures
 * ({@code ../shared/fixtures/preprocess}, read from the working directory, the repository root).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PreprocessBench {
    private final EvalTransform transform = EvalTransform.imagenet(224);
    private RgbImage image;

    /** One encoded image of the preprocessing fixtures, for {@link #decodeAndTransform}. */
    @State(Scope.Benchmark)
    public static class Fixture {
        /** The file's name in {@code ../shared/fixtures/preprocess}. */
        @Param({"landscape.jpg", "portrait.png", "gray.png", "rgba.png"})
        public String file;

        private byte[] encoded;

        /**
         * Reads the file.
         *
         * @throws IOException when the fixture cannot be read
         */
        @Setup
        public void read() throws IOException {
            encoded = Files.readAllBytes(Path.of("../shared/fixtures/preprocess", file));
        }
    }

    /** Draws the image. */
    @Setup
    public void setUp() {
        byte[] rgb = new byte[500 * 375 * 3];
        new Random(0).nextBytes(rgb);
        image = RgbImage.of(500, 375, rgb);
    }

    /** @return the transformed pixels */
    @Benchmark
    public float[] evalTransform() {
        return transform.apply(image);
    }

    /**
     * @param fixture the encoded image
     * @return the pixels of the decoded, transformed fixture
     */
    @Benchmark
    public float[] decodeAndTransform(Fixture fixture) {
        return transform.apply(ImageDecoder.decode(fixture.encoded, fixture.file, ImageDecoder.MAX_IMAGE_PIXELS));
    }
}
