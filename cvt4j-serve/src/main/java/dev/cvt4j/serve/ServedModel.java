package dev.cvt4j.serve;

import dev.cvt4j.config.ExperimentConfig;
import dev.cvt4j.image.EvalTransform;
import dev.cvt4j.image.RgbImage;
import dev.cvt4j.model.BlockRef;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * The one model-facing interface of {@code cvt serve}: everything the server asks of an inference
 * engine. {@link ServedModels#open} opens it on the engine {@code --engine} names.
 *
 * <p>Implementations are thread-safe: the batch workers call {@link #infer} at once, and
 * {@link #attention} may run beside them.
 */
public interface ServedModel extends AutoCloseable {
    /** @return the engine's name, as {@code --engine} gives it (e.g. {@code pytorch}) */
    String engine();

    /** @return the network and its TEST settings (size, crop, interpolation) */
    ExperimentConfig experiment();

    /** @return the class names in class-index order */
    List<String> labels();

    /** @return the evaluation transform every input goes through (PIL-exact resize, crop, normalisation) */
    EvalTransform transform();

    /**
     * One forward pass.
     *
     * @param images preprocessed images, each {@code (3, H, W)} float32 flattened as {@link EvalTransform#apply}
     *     returns it, H and W from {@link #transform()}
     * @return per image, in order, its logits and pooled embedding
     */
    List<ImageOutput> infer(List<float[]> images);

    /**
     * The attention overlay {@code cvt attention} draws for one image.
     *
     * @param cropped the image after {@link EvalTransform#resizeAndCrop}
     * @param block the block, already validated against the model
     * @return the PNG-ready overlay, the size of {@code cropped}
     */
    BufferedImage attention(RgbImage cropped, BlockRef block);

    /** Frees the engine's native memory, after every call has returned. */
    @Override
    void close();
}
