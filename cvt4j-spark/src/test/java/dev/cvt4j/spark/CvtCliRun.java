package dev.cvt4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cvt4j.cli.CvtCli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Runs the {@code cvt} command in this JVM, as the reference the Spark results must equal. */
final class CvtCliRun {
    private CvtCliRun() {}

    /**
     * @param expectedExit the exit code the run must end with
     * @param args the command line after {@code cvt}
     * @return what it printed on stdout
     */
    static synchronized String stdout(int expectedExit, String... args) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        int exit;
        try {
            exit = CvtCli.run(args);
        } finally {
            System.setOut(original);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        assertEquals(expectedExit, exit, "cvt " + String.join(" ", args) + "\n" + out);
        return out;
    }

    /**
     * @param sparkPath a path as Spark's {@code binaryFile} source writes it ({@code file:/tmp/x.png})
     * @return the local path it names
     */
    static Path local(String sparkPath) {
        return Path.of(URI.create(sparkPath.replace(" ", "%20")).getPath());
    }
}
