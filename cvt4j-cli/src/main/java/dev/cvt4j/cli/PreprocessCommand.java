package dev.cvt4j.cli;

import dev.cvt4j.checkpoint.Safetensors;
import dev.cvt4j.checkpoint.StateDict;
import dev.cvt4j.checkpoint.Tensor;
import dev.cvt4j.config.ExperimentConfig;
import dev.cvt4j.config.TestSpec;
import dev.cvt4j.image.ImageDecodeException;
import dev.cvt4j.image.ImageDecoder;
import dev.cvt4j.image.ImageTransform;
import dev.cvt4j.image.Normalization;
import dev.cvt4j.inference.Preprocessing;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code cvt preprocess}: writes the exact input tensors the model would see, one F32 {@code (3,
 * N, N)} tensor per image, for comparison with PyTorch. The transform is the one {@code cvt
 * classify} and {@code cvt eval} use ({@link Preprocessing#evalTransform}): by default the
 * official 224-style settings (shorter side to {@code N / 0.875}, bicubic, center crop, ImageNet
 * mean/std) at {@code --image-size}; with {@code --model}, the config's {@code TEST} settings and its
 * {@code INPUT} mean and std.
 *
 * <p>Tensors are keyed by file stem ({@code photo.jpg} becomes {@code photo}); images whose stem
 * another input shares are keyed by their path as given instead ({@link ImageKeys}).
 * {@code __metadata__} records the settings and the source file of every key. Unreadable images are reported and skipped (exit 1).
 */
@Command(name = "preprocess", description = "Write the normalised (3, N, N) tensors the model sees for images.")
final class PreprocessCommand implements Callable<Integer> {
    /** The default size without {@code --model}: the official 224x224 configurations. */
    private static final int DEFAULT_SIZE = 224;

    @Option(
            names = "--model",
            paramLabel = "PRESET|SPEC.yaml",
            description = "Take the TEST settings (size, center crop, interpolation) and the INPUT mean/std from a "
                    + "preset or an official experiment YAML (default: center crop, bicubic, ImageNet mean/std).")
    String model;

    @Option(
            names = "--image-size",
            paramLabel = "N",
            description =
                    "Square output size in pixels (default: the model's TEST.IMAGE_SIZE, else " + DEFAULT_SIZE + ").")
    Integer size;

    @Option(names = "--output", required = true, paramLabel = "OUT.safetensors", description = "Where to write.")
    Path output;

    @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "JPEG, PNG, BMP, GIF or WebP files.")
    List<Path> images;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (size != null && size < 1) {
            throw new ParameterException(spec.commandLine(), "--image-size must be positive, got " + size);
        }
        ExperimentConfig experiment = model == null ? null : ExperimentConfig.resolve(model);
        TestSpec test = testSpec(experiment);
        ImageTransform transform =
                Preprocessing.evalTransform(test, experiment == null ? Normalization.IMAGENET : experiment.input());
        Map<Path, String> keys = ImageKeys.of(images, spec.commandLine());
        StateDict tensors = new StateDict();
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("image_size", test.width() + "x" + test.height());
        metadata.put("center_crop", Boolean.toString(test.centerCrop()));
        metadata.put("interpolation", Integer.toString(test.interpolation()));
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        boolean failed = false;
        for (Path image : images) {
            try {
                float[] pixels = transform.apply(ImageDecoder.decode(image));
                String key = keys.get(image);
                tensors.put(key, Tensor.ofFloats(new long[] {3, transform.height(), transform.width()}, pixels));
                metadata.put("source." + key, image.toString());
                out.println(key + "\t" + image);
            } catch (ImageDecodeException e) {
                err.println("cvt: " + e.getMessage());
                failed = true;
            }
        }
        if (tensors.size() > 0) {
            Safetensors.write(output, tensors, metadata);
        }
        out.flush();
        err.flush();
        return failed ? 1 : 0;
    }

    /**
     * The {@code --model} experiment's TEST settings at {@code --image-size}, or the defaults without
     * {@code --model}.
     */
    private TestSpec testSpec(ExperimentConfig experiment) {
        if (experiment == null) {
            return TestSpec.square(size == null ? DEFAULT_SIZE : size);
        }
        return size == null ? experiment.test() : experiment.test().withSize(size);
    }
}
