package dev.cvt4j.untrusted;

import dev.cvt4j.Fixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Helpers of the fuzz tests: the readers under test take files, so each fuzz input is written to
 * one scratch file per test class (rewritten for every input), and seeds come from the fixtures.
 */
public final class FuzzInputs {
    private FuzzInputs() {}

    /**
     * A scratch file for the inputs of one fuzz test, deleted when the JVM exits.
     *
     * @param suffix the file name's ending, e.g. {@code ".pth"}
     * @return a new empty file
     */
    public static Path scratch(String suffix) {
        try {
            Path file = Files.createTempFile("cvt4j-fuzz", suffix);
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes {@code data} to {@code file}, replacing what it held.
     *
     * @return {@code file}
     */
    public static Path write(Path file, byte[] data) {
        try {
            return Files.write(file, data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The bytes of fixture {@code first/more...}. */
    public static byte[] fixture(String first, String... more) {
        try {
            return Files.readAllBytes(Fixtures.path(first, more));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
