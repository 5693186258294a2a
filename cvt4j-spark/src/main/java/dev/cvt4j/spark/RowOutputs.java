package dev.cvt4j.spark;

import dev.cvt4j.image.RgbImage;
import java.io.Serializable;
import java.util.List;
import org.apache.spark.sql.types.StructField;

/** The columns a transformer adds to each row, and how a task computes them for a batch of images. */
interface RowOutputs extends Serializable {

    /** @return the added columns, in order (before the {@code error} column) */
    List<StructField> fields();

    /**
     * @param model the executor's model
     * @param images a batch of decoded images, at least one
     * @return per image, in order, the values of {@link #fields()}
     */
    List<Object[]> compute(ImageModel model, List<RgbImage> images);
}
