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
        Path jar = Path.of(System.getProperty("cvt.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new AssertionError(jar + " missing: run mvn verify");
        }
        List<String> command = new ArrayList<>(List.of("java", "-jar", jar.toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("cvt-out", ".txt");
        Path err = Files.createTempFile("cvt-err", ".txt");
        try {
            Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new AssertionError("cvt " + String.join(" ", args) + " did not finish in 5 minutes");
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
