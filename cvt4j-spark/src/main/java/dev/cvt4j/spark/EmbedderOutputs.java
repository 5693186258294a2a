package dev.cvt4j.spark;

import dev.cvt4j.image.RgbImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/**
 * The embedder's column: {@code embedding}, the classifier's input of each image ({@code (C_last)}, the
 * {@code KEY/embedding} tensor of {@code cvt features}), as {@code array<float>} or as a Spark ML dense
 * vector (of doubles, converted from the float32 values exactly).
 *
 * @param vector whether to output a Spark ML vector instead of {@code array<float>}
 */
record EmbedderOutputs(boolean vector) implements RowOutputs {

    @Override
    public List<StructField> fields() {
        return List.of(DataTypes.createStructField(
                "embedding",
                vector ? SQLDataTypes.VectorType() : DataTypes.createArrayType(DataTypes.FloatType, false),
                true));
    }

    @Override
    public List<Object[]> compute(ImageModel model, List<RgbImage> images) {
        float[] all = model.embeddings(images);
        int width = all.length / images.size();
        List<Object[]> out = new ArrayList<>(images.size());
        for (int i = 0; i < images.size(); i++) {
            float[] embedding = Arrays.copyOfRange(all, i * width, (i + 1) * width);
            if (vector) {
                double[] v = new double[width];
                for (int c = 0; c < width; c++) {
                    v[c] = embedding[c];
                }
                out.add(new Object[] {Vectors.dense(v)});
            } else {
                out.add(new Object[] {embedding});
            }
        }
        return out;
    }
}
