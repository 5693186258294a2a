package dev.cvt4j.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cvt4j.checkpoint.AtomicFile;
import dev.cvt4j.eval.EvalResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code eval}: {@code cvt eval} on the cluster, for an ImageFolder tree on any Hadoop file system. */
@Command(name = "eval", description = "Top-1, top-5, loss and per-class accuracy on an ImageFolder tree.")
final class EvalJob implements Callable<Integer> {
    @Mixin
    JobOptions options;

    @Option(
            names = "--data",
            required = true,
            paramLabel = "URI",
            description = "ImageFolder tree root/<class>/<image>.")
    String data;

    @Option(
            names = "--output",
            paramLabel = "REPORT.json",
            description = "Write the report (the fields of cvt eval's) to this local file on the driver.")
    Path output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        SparkSession spark = CvtSparkJob.session();
        EvalResult r;
        try {
            r = CvtSpark.evaluate(
                    options.apply(new CvtImageClassifier()), CvtSpark.imageFolder(spark, data), CvtSpark.LABEL);
        } finally {
            spark.stop();
        }
        PrintWriter err = spec.commandLine().getErr();
        r.unreadable().forEach(u -> err.println("cvt4j-spark: " + u.file() + ": " + u.reason()));
        err.flush();
        if (output != null) {
            ObjectMapper mapper = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
            ObjectNode root = mapper.createObjectNode()
                    .put("model", options.model)
                    .put("weights", options.weights)
                    .put("data", data)
                    .put("image_size", options.imageSize)
                    .put("batch_size", options.batchSize)
                    .put("engine", options.engine);
            root.setAll((ObjectNode) mapper.valueToTree(r));
            AtomicFile.write(output, mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf("top-1 %.3f%%  top-%d %.3f%%  loss %.4f%n", r.top1(), r.topK(), r.top5(), r.loss());
        out.printf(
                "%,d images evaluated in %.1f s (%.2f images/s), %d unreadable%n",
                r.evaluated(), r.seconds(), r.imagesPerSecond(), r.unreadable().size());
        out.flush();
        return 0;
    }
}
