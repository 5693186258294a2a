package dev.cvt4j.spark;

import dev.cvt4j.image.RgbImage;
import dev.cvt4j.inference.TopK;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The classifier's columns: {@code top_k}, the {@code k} most probable classes as
 * {@code array<struct<index:int, label:string, probability:double>>}, most probable first (exactly
 * {@link TopK#of}, as {@code cvt classify}), and with {@code logits} the raw class scores as
 * {@code array<float>}.
 *
 * @param topK how many classes per row
 * @param logits whether to add the {@code logits} column
 * @param labels the class names, by index (empty when only the schema is asked for)
 */
record ClassifierOutputs(int topK, boolean logits, List<String> labels) implements RowOutputs {
    /** The element type of {@code top_k}. */
    static final StructType PREDICTION = DataTypes.createStructType(List.of(
            DataTypes.createStructField("index", DataTypes.IntegerType, false),
            DataTypes.createStructField("label", DataTypes.StringType, false),
            DataTypes.createStructField("probability", DataTypes.DoubleType, false)));

    @Override
    public List<StructField> fields() {
        List<StructField> fields = new ArrayList<>();
        fields.add(DataTypes.createStructField("top_k", DataTypes.createArrayType(PREDICTION, false), true));
        if (logits) {
            fields.add(
                    DataTypes.createStructField("logits", DataTypes.createArrayType(DataTypes.FloatType, false), true));
        }
        return fields;
    }

    @Override
    public List<Object[]> compute(ImageModel model, List<RgbImage> images) {
        float[] all = model.logits(images);
        int classes = all.length / images.size();
        List<Object[]> out = new ArrayList<>(images.size());
        for (int i = 0; i < images.size(); i++) {
            float[] row = Arrays.copyOfRange(all, i * classes, (i + 1) * classes);
            Row[] top = TopK.of(row, topK, labels).stream()
                    .map(p -> RowFactory.create(p.index(), p.label(), p.probability()))
                    .toArray(Row[]::new);
            out.add(logits ? new Object[] {top, row} : new Object[] {top});
        }
        return out;
    }
}
