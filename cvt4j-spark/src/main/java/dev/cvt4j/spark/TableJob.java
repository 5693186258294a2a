package dev.cvt4j.spark;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * What {@code classify} and {@code embed} share: read every file under {@code --input} with Spark's
 * {@code binaryFile} source, transform, write the rows to {@code --output}, print a summary.
 */
abstract class TableJob implements Callable<Integer> {
    @Mixin
    JobOptions options;

    @Option(
            names = "--input",
            required = true,
            paramLabel = "URI",
            description = "Folder of image files, read recursively (binaryFile).")
    String input;

    @Option(names = "--output", required = true, paramLabel = "URI", description = "Where to write the table.")
    String output;

    @Option(names = "--format", defaultValue = "parquet", description = "parquet (default) or json.")
    String format;

    @Option(
            names = "--on-error",
            defaultValue = "record",
            description = "An undecodable image: record (default; the error column) or fail.")
    String onError;

    @Spec
    CommandSpec spec;

    /**
     * @param images the {@code binaryFile} rows
     * @return the transformed rows
     */
    abstract Dataset<Row> transform(Dataset<Row> images);

    @Override
    public Integer call() {
        SparkSession spark = CvtSparkJob.session();
        try {
            long start = System.nanoTime();
            Dataset<Row> images = spark.read()
                    .format("binaryFile")
                    .option("recursiveFileLookup", "true")
                    .load(input);
            transform(images).write().format(format).mode("errorifexists").save(output);
            double seconds = (System.nanoTime() - start) / 1e9;
            Dataset<Row> written = spark.read().format(format).load(output);
            long rows = written.count();
            long errors = written.where("error IS NOT NULL").count();
            PrintWriter out = spec.commandLine().getOut();
            out.printf(
                    "%,d images in %.1f s (%.2f images/s), %,d unreadable; output: %s%n",
                    rows, seconds, rows / seconds, errors, output);
            out.flush();
            return 0;
        } finally {
            spark.stop();
        }
    }
}
