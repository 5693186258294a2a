package dev.cvt4j.cli;

import dev.cvt4j.checkpoint.CheckpointException;
import dev.cvt4j.checkpoint.CheckpointLayout;
import dev.cvt4j.checkpoint.Checkpoints;
import dev.cvt4j.checkpoint.LoadReport;
import dev.cvt4j.checkpoint.StateDict;
import dev.cvt4j.model.CvtModel;
import dev.cvt4j.model.WeightLoader;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code cvt convert}: rewrites a checkpoint under official or HuggingFace names, after checking
 * strictly that it fits the model. BatchNorm {@code num_batches_tracked} (int64) and PyTorch's
 * {@code _metadata} are carried over. The output format follows the extension: {@code .safetensors},
 * or a PyTorch zip for {@code .pth}/{@code .bin}/{@code .pt}.
 */
@Command(name = "convert", description = "Convert a checkpoint between official and HuggingFace names.")
final class ConvertCommand implements Callable<Integer> {
    @Mixin
    ModelOptions modelOptions;

    @Mixin
    WeightsOption weightsOption;

    @Option(
            names = "--to",
            required = true,
            paramLabel = "official|hf",
            converter = LayoutConverter.class,
            description = "Names to write: official or hf.")
    CheckpointLayout to;

    @Option(names = "--output", required = true, paramLabel = "OUT.safetensors", description = "Where to write.")
    Path output;

    @Override
    public Integer call() {
        Path weights = weightsOption.file();
        StateDict official = Checkpoints.read(weights);
        try (CvtModel model = CvtModel.create(modelOptions.experiment().model())) {
            LoadReport report = WeightLoader.check(model, official);
            if (!report.isClean()) {
                throw new CheckpointException(weights, "does not fit the model: " + report.summary());
            }
        }
        Checkpoints.write(output, official, to);
        return 0;
    }
}
