package dev.cvt4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cvt4j.config.ExperimentConfig;
import dev.cvt4j.image.ImageDecoder;
import dev.cvt4j.image.RgbImage;
import dev.cvt4j.inference.CvtClassifier;
import dev.cvt4j.inference.Labels;
import dev.cvt4j.inference.Prediction;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code cvt classify}: decodes images, applies the evaluation transform of the model's config
 * (shorter side to size / 0.875, bicubic, center crop, ImageNet normalisation), runs the model and
 * prints the top-k classes, through {@link CvtClassifier}. Unreadable images are reported by name and
 * skipped; the exit code is 1 if any failed.
 */
@Command(name = "classify", description = "Print the top-k classes of image files.")
final class ClassifyCommand implements Callable<Integer> {
    @Mixin
    ModelOptions modelOptions;

    @Mixin
    EngineOption engineOption;

    @Mixin
    WeightsOption weightsOption;

    @Option(
            names = "--top",
            defaultValue = "5",
            paramLabel = "K",
            description = "Classes per image (default ${DEFAULT-VALUE}).")
    int top;

    @Option(
            names = "--batch-size",
            defaultValue = "8",
            paramLabel = "N",
            description = "Images per forward pass (default ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(
            names = "--labels",
            paramLabel = "FILE",
            description = "Class names, one per line in class-index order (e.g. a cvt train run's labels.txt);"
                    + " default: ImageNet-1k names for 1000 classes, else class_<i>.")
    Path labels;

    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "JPEG, PNG, BMP or GIF files.")
    List<Path> images;

    @Spec
    CommandSpec spec;

    private record Result(Path file, List<Prediction> predictions, String error) {}

    @Override
    public Integer call() {
        if (top < 1 || batchSize < 1) {
            throw new ParameterException(spec.commandLine(), "--top and --batch-size must be at least 1");
        }
        List<Result> results = new ArrayList<>();
        ExperimentConfig experiment = modelOptions.experiment();
        List<String> names = labels != null
                ? Labels.read(labels, experiment.model().numClasses())
                : Labels.forClasses(experiment.model().numClasses());
        Path weights = weightsOption.file();
        try (CvtClassifier classifier = CvtClassifier.load(experiment, weights, names, engineOption.engine)) {
            for (int start = 0; start < images.size(); start += batchSize) {
                classifyBatch(classifier, images.subList(start, Math.min(images.size(), start + batchSize)), results);
            }
        }
        print(results);
        return results.stream().anyMatch(r -> r.error != null) ? 1 : 0;
    }

    private void classifyBatch(CvtClassifier classifier, List<Path> batch, List<Result> results) {
        List<RgbImage> decoded = new ArrayList<>();
        List<Result> batchResults = new ArrayList<>();
        for (Path file : batch) {
            try {
                decoded.add(ImageDecoder.decode(file));
                batchResults.add(null);
            } catch (RuntimeException e) {
                batchResults.add(new Result(file, List.of(), Errors.describe(e)));
            }
        }
        List<List<Prediction>> predictions = classifier.classifyImages(decoded, top);
        int next = 0;
        for (int i = 0; i < batchResults.size(); i++) {
            if (batchResults.get(i) == null) {
                batchResults.set(i, new Result(batch.get(i), predictions.get(next++), null));
            }
        }
        results.addAll(batchResults);
    }

    private void print(List<Result> results) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        for (Result r : results) {
            if (r.error != null) {
                err.println("cvt: " + r.error);
            }
        }
        err.flush();
        if (json) {
            ObjectMapper mapper = new ObjectMapper();
            ArrayNode root = mapper.createArrayNode();
            for (Result r : results) {
                ObjectNode n = root.addObject().put("file", r.file.toString());
                if (r.error != null) {
                    n.put("error", r.error);
                    continue;
                }
                ArrayNode preds = n.putArray("predictions");
                for (Prediction p : r.predictions) {
                    preds.addObject()
                            .put("index", p.index())
                            .put("label", p.label())
                            .put("probability", p.probability());
                }
            }
            out.println(root.toPrettyString());
        } else {
            for (Result r : results) {
                if (r.error == null) {
                    out.println(r.file);
                    for (Prediction p : r.predictions) {
                        out.printf("  %6.4f  %s (%d)%n", p.probability(), p.label(), p.index());
                    }
                }
            }
        }
        out.flush();
    }
}
