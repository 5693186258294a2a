package dev.cvt4j.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.cvt4j.checkpoint.Safetensors;
import dev.cvt4j.checkpoint.StateDict;
import dev.cvt4j.checkpoint.WeightLoader;
import dev.cvt4j.image.EvalTransform;
import dev.cvt4j.image.ImageDecoder;
import dev.cvt4j.inference.Preprocessing;
import dev.cvt4j.model.CvtFeatures;
import dev.cvt4j.model.CvtModel;
import dev.cvt4j.model.ExperimentConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code cvt features}: runs the model on image files (evaluation transform of the config) and
 * writes every stage's map and the classifier's input embedding of each image to one safetensors
 * file, under names that start with the image's key: its file stem, or its path as given when another
 * image has the same stem ({@link ImageKeys}, as {@code cvt preprocess} keys its tensors).
 * {@code __metadata__} records the source file of every key.
 */
@Command(name = "features", description = {
    "Write each image's stage maps and final embedding to a safetensors file.",
    "",
    "Tensors, all F32, for an image keyed KEY: its file stem (photo for photo.jpg),",
    "or its path as given when another image has the same stem (as cvt preprocess):",
    "  KEY/stage<i>    (C_i, H_i, W_i)  the map stage i returns, i = 0..N (the",
    "                                   official stage output, class token removed)",
    "  KEY/embedding   (C_last)         the classifier's input: the class token after",
    "                                   the final LayerNorm, or the mean of the",
    "                                   normalised last-stage tokens when the last",
    "                                   stage has no class token",
    ""})
final class FeaturesCommand implements Callable<Integer> {
    @Mixin
    ModelOptions modelOptions;

    @Option(names = "--weights", required = true, paramLabel = "FILE", description = "Checkpoint file.")
    Path weights;

    @Option(names = "--output", required = true, paramLabel = "OUT.safetensors", description = "Where to write.")
    Path output;

    @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "JPEG, PNG, BMP, GIF or WebP files.")
    List<Path> images;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Map<Path, String> keys = ImageKeys.of(images, spec.commandLine());
        ExperimentConfig experiment = modelOptions.experiment();
        EvalTransform transform = Preprocessing.evalTransform(experiment);
        StateDict out = new StateDict();
        Map<String, String> metadata = new LinkedHashMap<>();
        try (CvtModel model = WeightLoader.loadModel(experiment.model(), weights);
                NDManager manager = NDManager.newBaseManager()) {
            for (Path image : images) {
                try (NDManager scope = manager.newSubManager()) {
                    NDArray x = Preprocessing.batch(scope, transform, List.of(ImageDecoder.decode(image)));
                    CvtFeatures f = model.features(x);
                    String key = keys.get(image);
                    for (int i = 0; i < f.stageMaps().size(); i++) {
                        out.put(key + "/stage" + i, LogitsCommand.toTensor(f.stageMaps().get(i).get(0)));
                    }
                    out.put(key + "/embedding", LogitsCommand.toTensor(model.pooledFeatures(f).get(0)));
                    metadata.put("source." + key, image.toString());
                }
            }
        }
        Safetensors.write(output, out, metadata);
        return 0;
    }
}
