package dev.cvt4j.spark;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code classify}: the top-k classes (and optionally the logits) of every image under {@code --input}. */
@Command(name = "classify", description = "Write path, top_k (and logits), error of every image.")
final class ClassifyJob extends TableJob {
    @Option(names = "--top", defaultValue = "5", description = "Classes per image.")
    int top;

    @Option(names = "--logits", description = "Also write the logits.")
    boolean logits;

    @Override
    Dataset<Row> transform(Dataset<Row> images) {
        return options.apply(new CvtImageClassifier())
                .setTopK(top)
                .setOutputLogits(logits)
                .setOnError(onError)
                .transform(images);
    }
}
