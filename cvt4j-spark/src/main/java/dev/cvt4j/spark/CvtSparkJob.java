package dev.cvt4j.spark;

import java.io.UncheckedIOException;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The application {@code spark-submit} runs from the shaded jar ({@code cvt4j-spark/target/cvt4j-spark.jar}):
 * {@code classify} and {@code embed} write a table of results, {@code eval} the report of {@code cvt eval}.
 *
 * <pre>{@code
 * spark-submit --master spark://host:7077 --executor-memory 2g \
 *     --conf spark.executorEnv.OMP_WAIT_POLICY=PASSIVE cvt4j-spark.jar \
 *     eval --model cvt-13 --weights hdfs:///models/CvT-13-224x224-IN-1k.pth --data hdfs:///imagenet/val
 * }</pre>
 *
 * <p>Exit codes: 0 success, 1 failure (one line on stderr naming the file or column), 2 usage error.
 */
@Command(
        name = "cvt4j-spark",
        mixinStandardHelpOptions = true,
        description = "Classify, embed and evaluate image collections with a CvT on Spark.",
        subcommands = {ClassifyJob.class, EmbedJob.class, EvalJob.class})
public final class CvtSparkJob {
    private CvtSparkJob() {}

    /**
     * Runs a job and exits with its code.
     *
     * @param args a subcommand and its options
     */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /**
     * Runs a job without exiting (for tests).
     *
     * @param args a subcommand and its options
     * @return the exit code
     */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new CvtSparkJob());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            Throwable t = e instanceof UncheckedIOException u ? u.getCause() : e;
            String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
            commandLine
                    .getErr()
                    .println("cvt4j-spark: " + message.lines().findFirst().orElse(message));
            return 1;
        });
        return cli.execute(args);
    }

    /** @return the session of the application, as spark-submit configured it */
    static SparkSession session() {
        return SparkSession.builder().appName("cvt4j-spark").getOrCreate();
    }
}
