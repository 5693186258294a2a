package dev.cvt4j.train.data;

import dev.cvt4j.image.RgbImage;
import java.util.List;

/**
 * A classification dataset: images addressed by index, each with a class index into {@link
 * #classes()}. Implementations must be safe to read from several threads at once (the {@link
 * DataLoader}'s workers) and must return the same image for the same index every time.
 */
public interface LabeledImages {

    /** @return the number of samples */
    int size();

    /** @return the class names; a label is an index into this list */
    List<String> classes();

    /**
     * @param index sample index, {@code 0 <= index < size()}
     * @return the sample's class index
     */
    int label(int index);

    /**
     * Loads one image.
     *
     * @param index sample index, {@code 0 <= index < size()}
     * @return the image as 8-bit RGB
     * @throws RuntimeException (e.g. {@link dev.cvt4j.image.ImageDecodeException}) when it cannot be
     *     read; the message names the sample
     */
    RgbImage image(int index);

    /**
     * @param index sample index
     * @return what to call the sample in a message: its file, or a description of a generated sample
     */
    String describe(int index);
}
