package dev.cvt4j.spark;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code embed}: the classifier's input embedding of every image under {@code --input}. */
@Command(name = "embed", description = "Write path, embedding, error of every image.")
final class EmbedJob extends TableJob {
    @Option(names = "--vector", description = "Spark ML vectors instead of array<float>.")
    boolean vector;

    @Override
    Dataset<Row> transform(Dataset<Row> images) {
        return options.apply(new CvtImageEmbedder())
                .setEmbeddingType(vector ? "vector" : "array")
                .setOnError(onError)
                .transform(images);
    }
}
