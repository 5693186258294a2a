package dev.cvt4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cvt4j.checkpoint.AtomicFile;
import dev.cvt4j.config.ExperimentConfig;
import dev.cvt4j.config.TestSpec;
import dev.cvt4j.eval.ClassMap;
import dev.cvt4j.eval.EvalListener;
import dev.cvt4j.eval.EvalProtocol;
import dev.cvt4j.eval.EvalResult;
import dev.cvt4j.eval.Evaluator;
import dev.cvt4j.eval.ImageFolderListing;
import dev.cvt4j.eval.RealLabels;
import dev.cvt4j.inference.CvtRunner;
import dev.cvt4j.inference.Preprocessing;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code cvt eval}: top-1, top-5, cross-entropy loss, throughput and per-class accuracy of a model
 * on an ImageFolder tree ({@code DIR/<class>/<image>}, e.g. the ImageNet validation set with its
 * WordNet-id folders), with the model's evaluation transform. A live progress bar (images done,
 * images/s, running top-1, ETA) goes to stderr when it is a terminal. The summary goes to stdout,
 * the full report, atomically, to {@code --output} as JSON. Unreadable images are listed on stderr
 * and in the report and left out of the metrics; they do not change the exit code.
 *
 * <p>Beyond the validation folder ({@link EvalProtocol}, timm's {@code validate.py} flags):
 * {@code --class-map} maps folders to class indices by name (a subset, ImageNet-R/A) or number
 * (ImageNet-V2), {@code --restrict-logits} scores over the classes present only, and
 * {@code --real-labels} adds ReaL top-1/top-5. Without a map, a tree whose folders look like
 * WordNet ids or class numbers but whose sorted positions are not those classes gets a warning
 * naming the flag. Exit 1, before any model is loaded, when the tree is missing or empty, its class
 * count differs from the model's (by sorted position), a folder is not in the map, or the ReaL file
 * is not JSON, misses an image or an image name has no validation number; exit 1 also when no
 * image is readable.
 */
@Command(name = "eval", description = "Top-1/top-5 accuracy and loss on an ImageFolder tree (e.g. ImageNet val).")
final class EvalCommand implements Callable<Integer> {
    /** The most decoding threads without {@code --workers}. */
    private static final int DEFAULT_WORKERS = 8;

    @Mixin
    ModelOptions modelOptions;

    @Mixin
    EngineOption engineOption;

    @Mixin
    WeightsOption weightsOption;

    @Option(
            names = "--data",
            required = true,
            paramLabel = "DIR",
            description = "ImageFolder tree: one folder per class (sorted names = class indices), images inside.")
    Path data;

    @Option(
            names = "--batch-size",
            defaultValue = "64",
            paramLabel = "N",
            description = "Images per forward pass (default ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(
            names = "--limit",
            paramLabel = "N",
            description = "Evaluate N images spread evenly over the tree (every class once N >= classes).")
    Integer limit;

    @Option(
            names = "--workers",
            paramLabel = "N",
            description = "Image decoding threads (default: the CPU count, at most " + DEFAULT_WORKERS + ").")
    Integer workers;

    @Option(names = "--output", paramLabel = "REPORT.json", description = "Write the full report as JSON.")
    Path output;

    @Option(names = "--quiet", description = "No progress bar.")
    boolean quiet;

    @Option(
            names = "--class-map",
            paramLabel = "FILE|imagenet-1k|numeric",
            description = "Map folder names to class indices: a file of the model's class names (one per line, in"
                    + " class-index order), the ImageNet-1k WordNet ids, or folder name = index (ImageNet-V2);"
                    + " the tree may then hold any subset of the classes. Default: sorted position.")
    String classMap;

    @Option(
            names = "--restrict-logits",
            description = "Softmax and top-k over the classes present in the tree only (ImageNet-R/A protocol).")
    boolean restrictLogits;

    @Option(
            names = "--real-labels",
            paramLabel = "real.json",
            description = "Also score ImageNet-ReaL labels, matched by the ILSVRC2012_val_NNNNNNNN file names.")
    Path realLabels;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException, IOException {
        int threads = workers != null
                ? workers
                : Math.min(DEFAULT_WORKERS, Runtime.getRuntime().availableProcessors());
        if (batchSize < 1 || threads < 1 || (limit != null && limit < 1)) {
            throw new ParameterException(spec.commandLine(), "--batch-size, --workers and --limit must be at least 1");
        }
        ExperimentConfig experiment = modelOptions.experiment();
        ImageFolderListing tree = ImageFolderListing.scan(data);
        int numClasses = experiment.model().numClasses();
        if (classMap == null) {
            ClassMap.sortedPositionWarning(tree, numClasses)
                    .ifPresent(w -> spec.commandLine().getErr().println("cvt: warning: " + w));
        }
        ClassMap map = classMap == null ? ClassMap.sortedPosition() : ClassMap.parse(classMap);
        EvalProtocol protocol =
                new EvalProtocol(map, restrictLogits, realLabels == null ? null : RealLabels.read(realLabels));
        protocol.check(tree, numClasses);
        if (limit != null) {
            tree = tree.evenlySpaced(limit);
        }
        EvalResult result;
        Path weights = weightsOption.file();
        try (CvtRunner model = engineOption.engine.load(experiment.model(), weights, 0);
                ProgressBar bar = quiet || !Terminal.stderrIsTerminal()
                        ? null
                        : progressBar(tree.samples().size())) {
            EvalListener listener = bar == null
                    ? EvalListener.NONE
                    : (done, total, top1) -> {
                        bar.stepTo(done);
                        bar.setExtraMessage(String.format(" top-1 %.2f%%", top1));
                    };
            result = new Evaluator(model, Preprocessing.evalTransform(experiment), batchSize, threads)
                    .evaluate(tree, protocol, listener);
        }
        PrintWriter err = spec.commandLine().getErr();
        for (EvalResult.Unreadable u : result.unreadable()) {
            err.println("cvt: " + u.file() + ": " + u.reason());
        }
        err.flush();
        if (output != null) {
            writeReport(experiment, threads, result);
        }
        printSummary(experiment, tree, result);
        return 0;
    }

    private static ProgressBar progressBar(int total) {
        return new ProgressBarBuilder()
                .setTaskName("eval")
                .setInitialMax(total)
                .setUnit(" img", 1)
                .showSpeed()
                .setUpdateIntervalMillis(500)
                .build();
    }

    private void writeReport(ExperimentConfig experiment, int threads, EvalResult result) throws IOException {
        ObjectMapper mapper = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
        TestSpec test = experiment.test();
        ObjectNode root = mapper.createObjectNode();
        root.put("model", experiment.name());
        root.put("weights", weightsOption.weights.toString());
        root.put("engine", engineOption.engine.engineName());
        root.put("data", data.toString());
        root.putArray("image_size").add(test.width()).add(test.height());
        root.put("center_crop", test.centerCrop());
        root.put("interpolation", test.interpolation());
        root.put("batch_size", batchSize);
        root.put("workers", threads);
        root.put("limit", limit);
        root.setAll((ObjectNode) mapper.valueToTree(result));
        AtomicFile.write(output, mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
    }

    private void printSummary(ExperimentConfig experiment, ImageFolderListing tree, EvalResult r) {
        PrintWriter out = spec.commandLine().getOut();
        TestSpec test = experiment.test();
        out.printf(
                "%s on %s: %,d images, %d classes, %dx%d%n",
                experiment.name(), data, r.images(), tree.classes().size(), test.width(), test.height());
        EvalResult.Protocol p = r.protocol();
        if (classMap != null || restrictLogits) {
            out.printf(
                    "class map %s%s%n",
                    p.classMap(),
                    restrictLogits ? ", logits restricted to the " + p.scoredClasses() + " classes present" : "");
        }
        out.printf("top-1 %.3f%%  top-%d %.3f%%  loss %.4f%n", r.top1(), r.topK(), r.top5(), r.loss());
        if (r.real() != null) {
            out.printf(
                    "ReaL top-1 %.3f%%  top-%d %.3f%%  over %,d images (%,d with no ReaL label left out)%n",
                    r.real().top1(),
                    r.topK(),
                    r.real().top5(),
                    r.real().evaluated(),
                    r.real().unlabelled());
        }
        out.printf(
                "%,d images evaluated in %.1f s (%.1f images/s), %d unreadable%n",
                r.evaluated(), r.seconds(), r.imagesPerSecond(), r.unreadable().size());
        if (output != null) {
            out.println("report: " + output);
        }
        out.flush();
    }
}
