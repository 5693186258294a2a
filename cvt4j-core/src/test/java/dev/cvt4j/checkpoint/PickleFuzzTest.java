package dev.cvt4j.checkpoint;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.cvt4j.Fixtures;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fuzzes the {@code data.pkl} unpickler ({@link TorchPickleReader#fromPickle}) with storages of zeros:
 * any outcome but a state dict or a {@link CheckpointException} is a finding (an
 * {@code OutOfMemoryError}, a {@code StackOverflowError}, an unwrapped runtime exception, a hang).
 * Seeds: the {@code data.pkl} of the fixtures' {@code official.pth} and {@code hf_pytorch_model.bin}.
 * Normal test runs replay the seeds and the findings kept under {@code PickleFuzzTestInputs/};
 * {@code mvn -Pfuzz} fuzzes (see docs/security.md).
 */
class PickleFuzzTest {
    private static final Path FILE = Path.of("fuzz.pth");
    private static final long MAX_STORAGE_BYTES = 1 << 20;

    static Stream<Arguments> seeds() {
        return Stream.of("official.pth", "hf_pytorch_model.bin")
                .map(name -> Arguments.of((Object) dataPkl(Fixtures.path("cvt-tiny", name))));
    }

    @MethodSource("seeds")
    @FuzzTest
    void unpickle(byte[] pickle) {
        try {
            TorchPickleReader.fromPickle(FILE, "data.pkl", pickle, PickleFuzzTest::zeros, ByteOrder.LITTLE_ENDIAN);
        } catch (CheckpointException expected) {
            // a refusal in one line is the contract, unless the reader only caught an exhausted stack or heap
            if (expected.getCause() instanceof VirtualMachineError error) {
                throw error;
            }
        }
    }

    private static byte[] zeros(String key, long bytes) {
        if (bytes > MAX_STORAGE_BYTES) {
            throw new CheckpointException(
                    FILE, "storage " + key + " of " + bytes + " bytes: larger than the fuzz archive");
        }
        return new byte[(int) bytes];
    }

    /** The bytes of the {@code <folder>/data.pkl} entry of a zip checkpoint. */
    static byte[] dataPkl(Path zip) {
        return CheckpointFiles.zipEntries(zip).entrySet().stream()
                .filter(e -> e.getKey().endsWith("/data.pkl"))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElseThrow();
    }
}
