package dev.cvt4j.cli;

import dev.cvt4j.checkpoint.Safetensors;
import dev.cvt4j.checkpoint.StateDict;
import dev.cvt4j.checkpoint.Tensor;
import dev.cvt4j.config.ExperimentConfig;
import dev.cvt4j.image.EvalTransform;
import dev.cvt4j.image.ImageDecoder;
import dev.cvt4j.inference.CvtRunner;
import dev.cvt4j.inference.FeatureTensors;
import dev.cvt4j.inference.Preprocessing;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
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
@Command(
        name = "features",
        description = {
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
            ""
        })
final class FeaturesCommand implements Callable<Integer> {
    @Mixin
    ModelOptions modelOptions;

    @Mixin
    EngineOption engineOption;

    @Mixin
    WeightsOption weightsOption;

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
        Path weights = weightsOption.file();
        try (CvtRunner model = engineOption.engine.load(experiment.model(), weights, 0)) {
            for (Path image : images) {
                FloatBuffer x = Preprocessing.pixels(transform, List.of(ImageDecoder.decode(image)));
                FeatureTensors f = model.features(x, 1, transform.height(), transform.width());
                String key = keys.get(image);
                for (int i = 0; i < f.stageMaps().size(); i++) {
                    out.put(key + "/stage" + i, first(f.stageMaps().get(i)));
                }
                out.put(key + "/embedding", first(f.embedding()));
                metadata.put("source." + key, image.toString());
            }
        }
        Safetensors.write(output, out, metadata);
        return 0;
    }

    /** The single image of a batch of one: {@code (1, ...)} to {@code (...)}. */
    private static Tensor first(Tensor t) {
        return Tensor.ofFloats(Arrays.copyOfRange(t.shape(), 1, t.shape().length), t.toFloatArray());
    }
}
