package dev.cvt4j.checkpoint;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.cvt4j.untrusted.FuzzInputs;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fuzzes the PyTorch zip checkpoint reader end to end ({@link Checkpoints#read} on a {@code .pth}
 * file: format sniffing, the zip checks, the unpickler, the layout): any outcome but a state dict
 * or a {@link CheckpointException} is a finding. Seed: a three-tensor checkpoint made from the
 * fixture {@code cvt-tiny/official.pth} by {@link TorchPickleWriter}, which writes torch's layout.
 */
class ZipCheckpointFuzzTest {
    private static final Path FILE = FuzzInputs.scratch(".pth");

    static Stream<Arguments> seeds() {
        return Stream.of(Arguments.of((Object) FuzzSeeds.smallCheckpoint(".pth", TorchPickleWriter::write)));
    }

    @MethodSource("seeds")
    @FuzzTest
    void read(byte[] archive) {
        try {
            Checkpoints.read(FuzzInputs.write(FILE, archive));
        } catch (CheckpointException expected) {
            // a refusal in one line is the contract, unless the reader only caught an exhausted stack or heap
            if (expected.getCause() instanceof VirtualMachineError error) {
                throw error;
            }
        }
    }
}
