package dev.cvt4j;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Locates the reference fixtures produced by the official PyTorch implementation.
 *
 * <p>The root is the environment variable {@code CVT_FIXTURES}, else the system property
 * {@code cvt.fixtures} (set by the build to {@code ../shared/fixtures} next to the checkout).
 * A missing root fails the test run instead of skipping it, so CI never passes on no data.
 */
public final class Fixtures {
    private Fixtures() {}

    /** The fixture root; fails with an assertion error when it does not exist. */
    public static Path root() {
        String env = System.getenv("CVT_FIXTURES");
        String prop = System.getProperty("cvt.fixtures", "../shared/fixtures");
        Path root = Path.of(env != null && !env.isBlank() ? env : prop)
                .toAbsolutePath()
                .normalize();
        if (!Files.isDirectory(root)) {
            throw new AssertionError("fixture root " + root + " does not exist (set CVT_FIXTURES)");
        }
        return root;
    }

    /** A file or folder under the fixture root, e.g. {@code path("preprocess", "landscape.jpg")}. */
    public static Path path(String first, String... more) {
        return root().resolve(Path.of(first, more));
    }

    /** Every model folder under the root: those holding {@code spec.yaml} and {@code io.safetensors}. */
    public static List<Path> modelFolders() {
        try (Stream<Path> s = Files.list(root())) {
            List<Path> folders = s.filter(p -> Files.isRegularFile(p.resolve("spec.yaml")))
                    .filter(p -> Files.isRegularFile(p.resolve("io.safetensors")))
                    .sorted()
                    .toList();
            if (folders.isEmpty()) {
                throw new AssertionError("no model fixture folders under " + root());
            }
            return folders;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
