package dev.cvt4j.checkpoint;

import dev.cvt4j.untrusted.FuzzInputs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BiConsumer;

/** Small checkpoints made from the first tensors of the fixture {@code cvt-tiny/official.pth}, as fuzz seeds. */
final class FuzzSeeds {
    private static final int TENSORS = 3;

    private FuzzSeeds() {}

    /** The fixture's first tensors, with its {@code _metadata}, written by {@code writer} into a file's bytes. */
    static byte[] smallCheckpoint(String suffix, BiConsumer<Path, StateDict> writer) {
        StateDict all = TorchPickleReader.read(CheckpointFiles.tinyOfficial());
        StateDict few = new StateDict();
        all.keys().stream().limit(TENSORS).forEach(k -> few.put(k, all.get(k)));
        few.setMetadata(all.metadata());
        Path file = FuzzInputs.scratch(suffix);
        writer.accept(file, few);
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
