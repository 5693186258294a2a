package dev.cvt4j.cli;

import dev.cvt4j.config.ExperimentConfig;
import dev.cvt4j.inference.Labels;
import dev.cvt4j.onnx.OnnxExport;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code cvt export}: writes a checkpoint as an ONNX model ({@link OnnxExport}) that a plain ONNX Runtime
 * session loads, with the preprocessing settings in its metadata. The file is written to a temporary
 * file and renamed, so an interrupted or failed export never leaves a half-written file.
 */
@Command(
        name = "export",
        description = {
            "Write the model as ONNX (opset 17 + com.microsoft contrib operators, for ONNX Runtime).",
            "",
            "Input images (batch, 3, height, width) float32, any batch and size; output logits",
            "(batch, classes). --features adds stage0..stageN (batch, C_i, H_i, W_i), cls_token",
            "(batch, 1, C) when the last stage has one, and embedding (batch, C). Metadata: model,",
            "config, image size, resize/crop rule, interpolation, mean/std, class count, labels file,",
            "cvt4j version, checkpoint SHA-256.",
            ""
        })
final class ExportCommand implements Callable<Integer> {
    @Mixin
    ModelOptions modelOptions;

    @Mixin
    WeightsOption weightsOption;

    @Option(names = "--output", required = true, paramLabel = "MODEL.onnx", description = "Where to write.")
    Path output;

    @Option(names = "--features", description = "Also output the stage maps, cls_token and embedding.")
    boolean features;

    @Option(
            names = "--labels",
            paramLabel = "FILE",
            description = "Class names, one per line in class-index order; checked, and named in the metadata.")
    Path labels;

    @Override
    public Integer call() {
        ExperimentConfig experiment = modelOptions.experiment();
        if (labels != null) {
            Labels.read(labels, experiment.model().numClasses());
        }
        Path weights = weightsOption.file();
        OnnxExport.write(experiment, weights, output, features, labels);
        return 0;
    }
}
