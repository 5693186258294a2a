package dev.cvt4j.cli;

import dev.cvt4j.checkpoint.CheckpointException;
import dev.cvt4j.checkpoint.DType;
import dev.cvt4j.checkpoint.Safetensors;
import dev.cvt4j.checkpoint.StateDict;
import dev.cvt4j.checkpoint.Tensor;
import dev.cvt4j.config.ConfigException;
import dev.cvt4j.config.CvtConfig;
import dev.cvt4j.config.ModelFootprint;
import dev.cvt4j.inference.CvtRunner;
import dev.cvt4j.inference.FeatureTensors;
import dev.cvt4j.untrusted.SafeText;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code cvt logits}: runs the model on a stored {@code (B, 3, H, W)} tensor and writes the logits
 * (and with {@code --features} each stage's map and the class token), so that anyone can compare the
 * port with PyTorch on the same input.
 */
@Command(name = "logits", description = "Run the model on a tensor stored in safetensors; write logits (and features).")
final class LogitsCommand implements Callable<Integer> {
    @Mixin
    ModelOptions modelOptions;

    @Mixin
    EngineOption engineOption;

    @Mixin
    WeightsOption weightsOption;

    @Option(
            names = "--input",
            required = true,
            paramLabel = "TENSORS.safetensors",
            description = "Safetensors file holding the input images, F32 (B, 3, H, W).")
    Path input;

    @Option(
            names = "--key",
            defaultValue = "input",
            paramLabel = "NAME",
            description = "Tensor name (default ${DEFAULT-VALUE}).")
    String key;

    @Option(names = "--output", required = true, paramLabel = "OUT.safetensors", description = "Where to write.")
    Path output;

    @Option(names = "--features", description = "Also write stage0..stageN maps and cls_token.")
    boolean features;

    @Override
    public Integer call() {
        StateDict tensors = Safetensors.read(input);
        if (!tensors.contains(key)) {
            throw new CheckpointException(input, "no tensor named " + SafeText.quote(key));
        }
        Tensor images = tensors.get(key);
        if (images.dtype() != DType.F32 || images.rank() != 4 || images.shape()[1] != 3) {
            throw new CheckpointException(
                    input,
                    "tensor " + SafeText.quote(key) + " must be F32 (B, 3, H, W), got " + images.dtype() + " "
                            + Arrays.toString(images.shape()));
        }
        CvtConfig config = modelOptions.experiment().model();
        checkRunnable(config, images);
        StateDict out = new StateDict();
        int[] s = Arrays.stream(images.shape()).mapToInt(Math::toIntExact).toArray();
        FloatBuffer pixels = FloatBuffer.wrap(images.toFloatArray());
        Path weights = weightsOption.file();
        try (CvtRunner model = engineOption.engine.load(config, weights, 0)) {
            if (features) {
                FeatureTensors f = model.features(pixels, s[0], s[2], s[3]);
                out.put("logits", f.logits());
                for (int i = 0; i < f.stageMaps().size(); i++) {
                    out.put("stage" + i, f.stageMaps().get(i));
                }
                if (f.clsToken() != null) {
                    out.put("cls_token", f.clsToken());
                }
            } else {
                float[] logits = model.logits(pixels, s[0], s[2], s[3]);
                out.put(
                        "logits",
                        Tensor.ofFloats(new long[] {s[0], model.config().numClasses()}, logits));
            }
        }
        Safetensors.write(output, out);
        return 0;
    }

    /**
     * Refuses, naming the input file, an empty batch or image, and images too small for the model's
     * kernels or too large for the machine ({@link ModelFootprint}), before libtorch sees them.
     */
    private void checkRunnable(CvtConfig config, Tensor images) {
        long[] shape = images.shape();
        String what = "tensor " + SafeText.quote(key) + " of shape " + Arrays.toString(shape);
        if (shape[0] == 0 || shape[2] == 0 || shape[3] == 0) {
            throw new CheckpointException(input, what + " holds no image");
        }
        try {
            ModelFootprint.check(config, Math.toIntExact(shape[2]), Math.toIntExact(shape[3]), shape[0]);
        } catch (ConfigException | ArithmeticException e) {
            throw new CheckpointException(input, what + ": " + e.getMessage(), e);
        }
    }
}
