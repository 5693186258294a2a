package dev.cvt4j.checkpoint;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.cvt4j.untrusted.FuzzInputs;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fuzzes the safetensors reader end to end ({@link Checkpoints#read} on a {@code .safetensors}
 * file): any outcome but a state dict or a {@link CheckpointException} is a finding. Seed: a
 * three-tensor file made from the fixture {@code cvt-tiny/official.pth}.
 */
class SafetensorsFuzzTest {
    private static final Path FILE = FuzzInputs.scratch(".safetensors");

    static Stream<Arguments> seeds() {
        return Stream.of(Arguments.of((Object) FuzzSeeds.smallCheckpoint(".safetensors", Safetensors::write)));
    }

    @MethodSource("seeds")
    @FuzzTest
    void read(byte[] file) {
        try {
            Checkpoints.read(FuzzInputs.write(FILE, file));
        } catch (CheckpointException expected) {
            // a refusal in one line is the contract, unless the reader only caught an exhausted stack or heap
            if (expected.getCause() instanceof VirtualMachineError error) {
                throw error;
            }
        }
    }
}
