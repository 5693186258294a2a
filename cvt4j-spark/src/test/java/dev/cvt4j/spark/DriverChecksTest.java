package dev.cvt4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvt4j.Fixtures;
import dev.cvt4j.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input fails in {@code transform()}, on the driver, before any job or task runs, with one line naming
 * the file or column.
 */
class DriverChecksTest {
    @TempDir
    static Path dir;

    static Dataset<Row> images;
    final AtomicInteger jobs = new AtomicInteger();
    final SparkListener listener = new SparkListener() {
        @Override
        public void onJobStart(SparkListenerJobStart jobStart) {
            jobs.incrementAndGet();
        }
    };

    @BeforeAll
    static void writeImages() {
        ImageTree.write(dir.resolve("tree"));
        images = LocalSpark.session()
                .read()
                .format("binaryFile")
                .load(dir.resolve("tree/class_4").toString());
    }

    @BeforeEach
    void countJobs() {
        LocalSpark.session().sparkContext().addSparkListener(listener);
    }

    @AfterEach
    void stopCounting() {
        LocalSpark.session().sparkContext().removeSparkListener(listener);
    }

    private <T extends Throwable> String fails(Class<T> type, Executable transform) {
        String message = assertThrows(type, transform).getMessage();
        assertFalse(message.contains("\n"), message);
        assertEquals(0, jobs.get(), "no job may run before the check fails");
        return message;
    }

    @Test
    void missingWeightsFile() {
        Path missing = dir.resolve("missing.pth");
        assertEquals(
                missing + ": no such file (param weights)",
                fails(
                        IllegalArgumentException.class,
                        () -> Tiny.classifier().setWeights(missing.toString()).transform(images)));
    }

    @Test
    void weightsThatDoNotFitTheModel() {
        String cvt13 = Fixtures.path("cvt-13", "official.pth").toString();
        String message = fails(
                IllegalArgumentException.class,
                () -> Tiny.classifier().setWeights(cvt13).transform(images));
        assertTrue(message.startsWith(cvt13 + ": does not fit the model: "), message);
    }

    @Test
    void weightsThatAreNotACheckpoint() throws Exception {
        Path text = Files.writeString(dir.resolve("notes.pth"), "not a checkpoint\n");
        String message = fails(
                IllegalArgumentException.class,
                () -> new CvtImageEmbedder()
                        .setModel(Tiny.SPEC)
                        .setWeights(text.toString())
                        .transform(images));
        assertTrue(message.startsWith(text + ": "), message);
    }

    @Test
    void unknownModel() {
        String message = fails(
                ConfigException.class,
                () -> Tiny.classifier().setModel("cvt-99").transform(images));
        assertTrue(message.startsWith("cvt-99: neither a preset"), message);
    }

    @Test
    void labelsOfAnotherCount() throws Exception {
        Path labels = Files.writeString(dir.resolve("labels.txt"), "cat\ndog\n");
        String message = fails(
                ConfigException.class,
                () -> Tiny.classifier().setLabels(labels.toString()).transform(images));
        assertTrue(message.startsWith(labels + ": 2 labels for a model of 10 classes"), message);
    }

    @Test
    void inputColumnOfTheWrongType() {
        Dataset<Row> text = images.withColumn("content", images.col("content").cast("string"));
        assertEquals(
                "column content (param inputCol): expected binary, got string",
                fails(IllegalArgumentException.class, () -> Tiny.classifier().transform(text)));
    }

    @Test
    void missingInputColumn() {
        assertEquals(
                "column bytes (param inputCol): no such column among path, modificationTime, length, content",
                fails(
                        IllegalArgumentException.class,
                        () -> Tiny.classifier().setInputCol("bytes").transform(images)));
    }

    @Test
    void pathColumnOfTheWrongType() {
        Dataset<Row> numbered = images.withColumn("path", images.col("length"));
        assertEquals(
                "column path (param pathCol): expected string, got bigint",
                fails(IllegalArgumentException.class, () -> Tiny.classifier().transform(numbered)));
    }

    @Test
    void unknownEngine() {
        String message =
                fails(IllegalArgumentException.class, () -> Tiny.classifier().setEngine("tensorflow"));
        assertTrue(message.contains("engine") && message.contains("tensorflow"), message);
    }
}
