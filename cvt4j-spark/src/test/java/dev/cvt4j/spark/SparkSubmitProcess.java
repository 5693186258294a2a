package dev.cvt4j.spark;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code spark-submit} of the shaded application jar, as a user runs it, in a child JVM: the entry point
 * {@code org.apache.spark.deploy.SparkSubmit} on the class path of a minimal SPARK_HOME (Spark's own jars at
 * Spark's own versions, built by the cvt4j-spark-home module), with {@code --master local-cluster[2,1,1024]}: a
 * standalone master and two workers in the driver's JVM, each worker launching its executor as a JVM of its
 * own (Spark's {@code WorkerCommandBuilder}: {@code $SPARK_HOME/jars/*}, the Scala version from
 * {@code SPARK_SCALA_VERSION}), which fetches the application jar from the driver. Everything binds to
 * 127.0.0.1; the UI is off.
 */
final class SparkSubmitProcess {
    private SparkSubmitProcess() {}

    /** Exit code and output of one submission. */
    record Result(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr (last 4000 characters)\n"
                    + err.substring(Math.max(0, err.length() - 4000));
        }
    }

    /** @return the SPARK_HOME the cvt4j-spark-home module assembled */
    static Path sparkHome() {
        Path home = Path.of(System.getProperty("cvt.spark.home"));
        assertTrue(Files.isDirectory(home.resolve("jars")), home + "/jars missing: run mvn verify from the root");
        return home;
    }

    /**
     * Submits the application and waits for it, failing the test after five minutes.
     *
     * @param args the application's arguments (a {@link CvtSparkJob} subcommand and its options)
     * @return its exit code and output
     */
    static Result submit(String... args) throws IOException, InterruptedException {
        Path jar = Path.of(System.getProperty("cvt.spark.jar"));
        assertTrue(Files.isRegularFile(jar), jar + " missing: run mvn verify");
        Path home = sparkHome();
        List<String> command = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx768m"));
        command.addAll(List.of(System.getProperty("cvt.spark.java.opens").trim().split("\\s+")));
        command.addAll(List.of(
                "-cp",
                home.resolve("jars") + File.separator + "*",
                "org.apache.spark.deploy.SparkSubmit",
                "--master",
                "local-cluster[2,1,1024]",
                "--conf",
                "spark.executor.memory=1g",
                "--conf",
                "spark.driver.host=127.0.0.1",
                "--conf",
                "spark.driver.bindAddress=127.0.0.1",
                "--conf",
                "spark.ui.enabled=false",
                "--conf",
                "spark.executorEnv.OMP_WAIT_POLICY=PASSIVE",
                "--class",
                CvtSparkJob.class.getName(),
                jar.toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("spark-submit-out", ".txt");
        Path err = Files.createTempFile("spark-submit-err", ".txt");
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().put("SPARK_HOME", home.toString());
        builder.environment().put("SPARK_SCALA_VERSION", "2.12");
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        Process process = builder.start();
        try {
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError("spark-submit " + String.join(" ", args) + " did not end within 5 minutes\n"
                        + Files.readString(err, StandardCharsets.UTF_8));
            }
            return new Result(
                    process.exitValue(),
                    Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
