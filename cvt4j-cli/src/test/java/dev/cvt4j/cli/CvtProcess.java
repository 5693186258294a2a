package dev.cvt4j.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the built {@code cvt.jar} in a child JVM, as a user would, and captures what it prints. */
final class CvtProcess {
    private CvtProcess() {}

    /** Exit code and output of one run. */
    record Result(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    /** The fixture root, as the build passes it. */
    static Path fixtures() {
        String env = System.getenv("CVT_FIXTURES");
        return Path.of(env != null && !env.isBlank() ? env : System.getProperty("cvt.fixtures"));
    }

    static Result run(String... args) throws IOException, InterruptedException {
        return run(5, args);
    }

    /** Runs {@code cvt args} to its end, failing the test after {@code minutes}. */
    static Result run(int minutes, String... args) throws IOException, InterruptedException {
        try (Running r = start(args)) {
            return r.await(minutes);
        }
    }

    /** Starts {@code cvt args} without waiting, e.g. to signal or kill it. */
    static Running start(String... args) throws IOException {
        Path jar = Path.of(System.getProperty("cvt.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new AssertionError(jar + " missing: run mvn verify");
        }
        List<String> command = new ArrayList<>(List.of("java", "-jar", jar.toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("cvt-out", ".txt");
        Path err = Files.createTempFile("cvt-err", ".txt");
        Process p = new ProcessBuilder(command)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        return new Running(p, out, err, "cvt " + String.join(" ", args));
    }

    /** A started {@code cvt} process whose stdout and stderr go to temporary files, deleted on close. */
    record Running(Process process, Path out, Path err, String command) implements AutoCloseable {
        /** What the process has written to stderr so far. */
        String errSoFar() throws IOException {
            return Files.readString(err, StandardCharsets.UTF_8);
        }

        /** Waits for the end, failing the test after {@code minutes}. */
        Result await(int minutes) throws IOException, InterruptedException {
            if (!process.waitFor(minutes, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError(command + " did not finish in " + minutes + " minutes");
            }
            return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), errSoFar());
        }

        /** Kills a process still running and deletes the output files. */
        @Override
        public void close() throws IOException {
            process.destroyForcibly();
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
