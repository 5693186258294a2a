package dev.cvt4j.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.cvt4j.checkpoint.AtomicFile;
import dev.cvt4j.config.ExperimentConfig;
import dev.cvt4j.image.EvalTransform;
import dev.cvt4j.image.ImageDecoder;
import dev.cvt4j.image.RgbImage;
import dev.cvt4j.inference.AttentionOverlay;
import dev.cvt4j.inference.Preprocessing;
import dev.cvt4j.model.AttentionMap;
import dev.cvt4j.model.BlockRef;
import dev.cvt4j.model.CvtModel;
import dev.cvt4j.model.TokenGeometry;
import dev.cvt4j.model.WeightLoader;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code cvt attention}: where one block looks, drawn over the image the model saw (the resized and
 * cropped input), as a PNG. The per-key weights are {@link AttentionMap#keyMap()}, rendered by
 * {@link AttentionOverlay}.
 */
@Command(
        name = "attention",
        description = {
            "Draw one block's attention over the key/value tokens on the preprocessed image (PNG).",
            "",
            "With a class token (the last stage of the official models), the map is the class token's"
                    + " attention over the key/value tokens, averaged over heads, its own key left out. Without"
                    + " one, it is the mean attention each key/value token receives over all queries and heads.",
            "",
            "Keys and values are projected with stride STRIDE_KV (2), so their grid is about half the"
                    + " stage's. The map is interpolated bilinearly between the tokens' receptive-field centres,"
                    + " scaled to its minimum and maximum, coloured with viridis (dark purple low, yellow high) and"
                    + " blended over the resized and cropped input in gray.",
            ""
        })
final class AttentionCommand implements Callable<Integer> {
    @Mixin
    ModelOptions modelOptions;

    @Mixin
    WeightsOption weightsOption;

    @Option(
            names = "--block",
            required = true,
            paramLabel = "stageS.B",
            converter = BlockRefConverter.class,
            description = "The block: stage index, then block index in the stage (e.g. stage2.9).")
    BlockRef block;

    @Option(names = "--output", required = true, paramLabel = "MAP.png", description = "Where to write the PNG.")
    Path output;

    @Option(names = "--side-by-side", description = "Put the input image left of the overlay.")
    boolean sideBySide;

    @Parameters(arity = "1", paramLabel = "IMAGE", description = "A JPEG, PNG, BMP, GIF or WebP file.")
    Path image;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ExperimentConfig experiment = modelOptions.experiment();
        try {
            block.validate(experiment.model());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--block: " + e.getMessage());
        }
        EvalTransform transform = Preprocessing.evalTransform(experiment);
        RgbImage input = transform.resizeAndCrop(ImageDecoder.decode(image));
        BufferedImage overlay;
        String description;
        Path weights = weightsOption.file();
        try (CvtModel model = WeightLoader.loadModel(experiment.model(), weights);
                NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.create(
                    transform.normalization().toTensor(input), new Shape(1, 3, input.height(), input.width()));
            AttentionMap attention = model.attention(x, block);
            overlay = AttentionOverlay.render(
                    input,
                    attention.keyMap().toFloatArray(),
                    attention.keyGrid(),
                    TokenGeometry.keyValues(experiment.model(), block.stage()));
            description = (attention.clsToken() ? "class-token attention" : "mean attention received") + " of "
                    + block + " over " + attention.keyGrid().height() + "x"
                    + attention.keyGrid().width()
                    + " key/value tokens";
        }
        BufferedImage result = sideBySide ? besides(input.toBufferedImage(), overlay) : overlay;
        writePng(result);
        spec.commandLine()
                .getOut()
                .printf("%s: %dx%d, %s%n", output, result.getWidth(), result.getHeight(), description);
        return 0;
    }

    private static BufferedImage besides(BufferedImage left, BufferedImage right) {
        BufferedImage out = new BufferedImage(
                left.getWidth() + right.getWidth(),
                Math.max(left.getHeight(), right.getHeight()),
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.drawImage(left, 0, 0, null);
            g.drawImage(right, left.getWidth(), 0, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    private void writePng(BufferedImage result) {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        try {
            ImageIO.write(result, "png", png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ByteBuffer bytes = ByteBuffer.wrap(png.toByteArray());
        AtomicFile.write(output, channel -> {
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        });
    }
}
