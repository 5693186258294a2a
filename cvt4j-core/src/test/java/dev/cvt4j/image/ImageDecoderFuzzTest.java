package dev.cvt4j.image;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.cvt4j.untrusted.FuzzInputs;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fuzzes {@link ImageDecoder#decode} (with a 4-megapixel limit, to keep each run short) followed by
 * the evaluation transform: any outcome but a tensor or an {@link ImageDecodeException} is a
 * finding. Seeds: the fixture images (PNG gray, RGB and RGBA, JPEG).
 */
class ImageDecoderFuzzTest {
    private static final Path FILE = FuzzInputs.scratch(".img");
    private static final long MAX_PIXELS = 1 << 22;
    private static final EvalTransform TRANSFORM = EvalTransform.imagenet(32);

    static Stream<Arguments> seeds() {
        return Stream.of("tiny.png", "gray.png", "rgba.png", "landscape.jpg")
                .map(name -> Arguments.of((Object) FuzzInputs.fixture("preprocess", name)));
    }

    @MethodSource("seeds")
    @FuzzTest
    void decode(byte[] image) {
        try {
            TRANSFORM.apply(ImageDecoder.decode(FuzzInputs.write(FILE, image), MAX_PIXELS));
        } catch (ImageDecodeException expected) {
            // a refusal in one line is the contract, unless the reader only caught an exhausted stack or heap
            if (expected.getCause() instanceof VirtualMachineError error) {
                throw error;
            }
        }
    }
}
