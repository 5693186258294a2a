package dev.cvt4j.inference.djl;

import ai.djl.modality.Classifications;
import ai.djl.modality.cv.Image;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.Batchifier;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import dev.cvt4j.image.ImageTransform;
import dev.cvt4j.image.RgbImage;
import dev.cvt4j.inference.Preprocessing;
import dev.cvt4j.inference.TopK;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.List;

/**
 * DJL's image classification contract for a CvT: a DJL {@link Image} in, {@link Classifications}
 * (softmax over every class, {@code topK} shown by default) out, with the official evaluation
 * transform of {@link Preprocessing} in between. Stacks inputs ({@link Batchifier#STACK}), so
 * {@code Predictor.batchPredict} runs one forward pass per batch.
 *
 * <p>Pixels: an image backed by a {@link BufferedImage} (DJL's default {@code BufferedImageFactory})
 * is read from its raster without colour management ({@link RgbImage#fromBufferedImage}). That
 * matches {@code ImageDecoder} on the same pixels, but what DJL's {@code ImageFactory.fromFile} puts
 * into the image is {@code ImageIO.read}'s decoding, not PIL's: JPEGs come out of the JDK's
 * libjpeg 6b colour conversion (identical on the baseline fixture), CMYK/YCCK JPEGs and 16-bit gray
 * PNGs may differ, and there is no decompression-bomb limit. Other image factories (e.g. OpenCV) are
 * read through {@link Image#toNDArray} with their own RGB conversion.
 *
 * <p>Stateless and thread-safe; DJL {@code Predictor}s, however, are not: use one per thread.
 */
public final class CvtTranslator implements Translator<Image, Classifications> {
    private final ImageTransform transform;
    private final List<String> labels;
    private final int topK;

    /**
     * @param transform the evaluation transform ({@link Preprocessing#evalTransform})
     * @param labels class names in class-index order
     * @param topK classes that {@link Classifications#topK()} and {@code toString} report, at least 1
     * @throws IllegalArgumentException when {@code topK < 1}
     */
    public CvtTranslator(ImageTransform transform, List<String> labels, int topK) {
        if (topK < 1) {
            throw new IllegalArgumentException("topK must be at least 1, got " + topK);
        }
        this.transform = transform;
        this.labels = List.copyOf(labels);
        this.topK = topK;
    }

    /**
     * @return one normalised image {@code (3, H, W)}
     * @throws IllegalArgumentException for an unsupported colour model
     */
    @Override
    public NDList processInput(TranslatorContext ctx, Image input) {
        NDManager manager = ctx.getNDManager();
        float[] chw = transform.apply(toRgb(manager, input));
        return new NDList(manager.create(chw, new Shape(3, transform.height(), transform.width())));
    }

    /**
     * @param list the logits of one image {@code (classes)}
     * @return softmax probabilities of every class, computed in double precision as {@link TopK} does
     */
    @Override
    public Classifications processOutput(TranslatorContext ctx, NDList list) {
        double[] p = TopK.softmax(list.singletonOrThrow().toFloatArray());
        Classifications c = new Classifications(labels, Arrays.stream(p).boxed().toList());
        c.setTopK(topK);
        return c;
    }

    /** @return {@link Batchifier#STACK}: {@code (3, H, W)} inputs become {@code (B, 3, H, W)} */
    @Override
    public Batchifier getBatchifier() {
        return Batchifier.STACK;
    }

    private static RgbImage toRgb(NDManager manager, Image image) {
        if (image.getWrappedImage() instanceof BufferedImage buffered) {
            return RgbImage.fromBufferedImage(buffered);
        }
        try (NDArray hwc = image.toNDArray(manager, Image.Flag.COLOR).toType(DataType.UINT8, false)) {
            return RgbImage.of(image.getWidth(), image.getHeight(), hwc.toByteArray());
        }
    }
}
