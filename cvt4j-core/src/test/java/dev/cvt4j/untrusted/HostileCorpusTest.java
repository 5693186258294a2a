package dev.cvt4j.untrusted;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvt4j.Fixtures;
import dev.cvt4j.checkpoint.CheckpointException;
import dev.cvt4j.checkpoint.Checkpoints;
import dev.cvt4j.config.ConfigException;
import dev.cvt4j.config.ExperimentConfig;
import dev.cvt4j.image.EvalTransform;
import dev.cvt4j.image.ImageDecodeException;
import dev.cvt4j.image.ImageDecoder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The readers, in process, on the hostile corpus (cvt4j-cli's HostileCorpusCliTest runs the same
 * files through the command and checks each message against the table): every hostile file is
 * refused with the reader's exception, in one line naming the file, never because the stack or
 * heap ran out; every {@code v-} file is accepted.
 */
class HostileCorpusTest {
    @TempDir
    static Path dir;

    private static Path corpus;

    @BeforeAll
    static void generate() {
        corpus = dir.resolve("corpus");
        HostileCorpus.generate(corpus);
    }

    @TestFactory
    Stream<DynamicTest> checkpoints() throws IOException {
        return files("checkpoints", file -> {
            if (accepted(file)) {
                assertEquals(Checkpoints.read(Fixtures.path("cvt-tiny", "official.pth")), Checkpoints.read(file));
            } else if (!file.getFileName().toString().startsWith("sd-")) {
                refused(file, assertThrows(CheckpointException.class, () -> Checkpoints.read(file)));
            }
        });
    }

    @TestFactory
    Stream<DynamicTest> experimentFiles() throws IOException {
        return files(
                "yaml",
                file -> refused(
                        file, assertThrows(ConfigException.class, () -> ExperimentConfig.resolve(file.toString()))));
    }

    @TestFactory
    Stream<DynamicTest> images() throws IOException {
        EvalTransform transform = EvalTransform.imagenet(32);
        return files("images", file -> {
            if (accepted(file)) {
                assertEquals(3 * 32 * 32, transform.apply(ImageDecoder.decode(file)).length);
            } else {
                refused(file, assertThrows(ImageDecodeException.class, () -> ImageDecoder.decode(file)));
            }
        });
    }

    private static boolean accepted(Path file) {
        return file.getFileName().toString().startsWith("v-");
    }

    private static void refused(Path file, RuntimeException e) {
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        assertFalse(e.getCause() instanceof VirtualMachineError, () -> "needed the last line of defence: " + e);
    }

    private interface Check {
        void run(Path file) throws Exception;
    }

    private static Stream<DynamicTest> files(String category, Check check) throws IOException {
        try (Stream<Path> files = Files.list(corpus.resolve(category))) {
            List<Path> sorted = files.sorted().toList();
            return sorted.stream()
                    .map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> check.run(f)));
        }
    }
}
