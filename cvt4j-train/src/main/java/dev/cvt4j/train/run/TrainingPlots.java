package dev.cvt4j.train.run;

import dev.cvt4j.checkpoint.AtomicFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The run's curves, redrawn after every epoch with XChart: {@code loss.png} (training and
 * validation loss), {@code accuracy.png} (validation top-1 and top-5, %) and {@code lr.png}
 * (learning rate). Each PNG is written atomically ({@link AtomicFile}), so a reader never sees half a
 * picture.
 */
public final class TrainingPlots {
    private static final int WIDTH = 800;
    private static final int HEIGHT = 500;

    private TrainingPlots() {}

    /**
     * Draws the three charts into {@code runDir}.
     *
     * @param runDir the run directory
     * @param epochs the epochs so far (nothing is drawn for none)
     * @throws dev.cvt4j.checkpoint.CheckpointException naming the file when a PNG cannot be written
     */
    public static void draw(Path runDir, List<EpochMetrics> epochs) {
        if (epochs.isEmpty()) {
            return;
        }
        XYChart loss = chart("Loss", "cross-entropy");
        series(loss, "train", epochs, EpochMetrics::trainLoss);
        series(loss, "validation", epochs, EpochMetrics::valLoss);
        save(loss, runDir.resolve("loss.png"));
        XYChart accuracy = chart("Validation accuracy", "%");
        series(accuracy, "top-1", epochs, EpochMetrics::valTop1);
        series(accuracy, "top-5", epochs, EpochMetrics::valTop5);
        save(accuracy, runDir.resolve("accuracy.png"));
        XYChart lr = chart("Learning rate", "lr");
        series(lr, "lr", epochs, EpochMetrics::lr);
        lr.getStyler().setLegendVisible(false);
        save(lr, runDir.resolve("lr.png"));
    }

    private static XYChart chart(String title, String yTitle) {
        XYChart chart = new XYChartBuilder()
                .width(WIDTH)
                .height(HEIGHT)
                .title(title)
                .xAxisTitle("epoch")
                .yAxisTitle(yTitle)
                .build();
        chart.getStyler().setMarkerSize(6);
        return chart;
    }

    private static void series(
            XYChart chart, String name, List<EpochMetrics> epochs, ToDoubleFunction<EpochMetrics> y) {
        double[] xs = epochs.stream().mapToDouble(m -> m.epoch() + 1).toArray();
        double[] ys = epochs.stream().mapToDouble(y).toArray();
        chart.addSeries(name, xs, ys).setMarker(SeriesMarkers.CIRCLE);
    }

    private static void save(XYChart chart, Path file) {
        byte[] png;
        try {
            png = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot encode the plot (" + e.getMessage() + ")", e);
        }
        AtomicFile.write(file, png);
    }
}
