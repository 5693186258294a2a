package dev.cvt4j.spark;

import dev.cvt4j.eval.EvalProtocol;
import dev.cvt4j.eval.ImageScore;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Scores classified rows on the executors ({@link EvalProtocol.Resolved#score}: the target, its rank and
 * the image's cross-entropy over the scored classes, and the ReaL outcome), keeping with each score the
 * keys that put it back into {@code cvt eval}'s order: the label (the class folder's position), then the
 * image's folder and file name ({@link dev.cvt4j.eval.ImageFolderListing}'s order), so that the driver adds the
 * scores up exactly as the single-machine evaluator does.
 *
 * <p>Input columns: the label (int), the path (string), {@code logits} (array of float) and
 * {@code error} (string), in this order.
 *
 * @param plan the evaluation protocol, resolved on the driver and broadcast
 */
record ImageScores(Broadcast<EvalProtocol.Resolved> plan) implements MapPartitionsFunction<Row, Row> {
    /** The index of {@code path} in {@link #SCHEMA}. */
    static final int PATH = 3;
    /** The index of {@code error} in {@link #SCHEMA}. */
    static final int ERROR = 8;

    /** The scored rows: order keys, the score or the reason the image could not be read. */
    static final StructType SCHEMA = DataTypes.createStructType(List.of(
            DataTypes.createStructField("label", DataTypes.IntegerType, false),
            DataTypes.createStructField("folder", DataTypes.StringType, false),
            DataTypes.createStructField("name", DataTypes.StringType, false),
            DataTypes.createStructField("path", DataTypes.StringType, false),
            DataTypes.createStructField("target", DataTypes.IntegerType, true),
            DataTypes.createStructField("rank", DataTypes.IntegerType, true),
            DataTypes.createStructField("loss", DataTypes.DoubleType, true),
            DataTypes.createStructField("real_rank", DataTypes.IntegerType, true),
            DataTypes.createStructField("error", DataTypes.StringType, true)));

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public Row next() {
                return score(rows.next());
            }
        };
    }

    private Row score(Row row) {
        int label = row.getInt(0);
        String path = row.getString(1);
        int slash = path.lastIndexOf('/');
        String folder = path.substring(0, Math.max(slash, 0));
        String name = path.substring(slash + 1);
        if (!row.isNullAt(3)) {
            return RowFactory.create(label, folder, name, path, null, null, null, null, row.getString(3));
        }
        List<Float> values = row.getList(2);
        float[] logits = new float[values.size()];
        for (int i = 0; i < logits.length; i++) {
            logits[i] = values.get(i);
        }
        ImageScore score = plan.value().score(label, path, logits, 0);
        return RowFactory.create(
                label, folder, name, path, score.target(), score.rank(), score.loss(), score.realRank(), null);
    }

    /**
     * @param scored a row of {@link #SCHEMA} whose image was classified
     * @return its score
     */
    static ImageScore of(Row scored) {
        return new ImageScore(scored.getInt(4), scored.getInt(5), scored.getDouble(6), scored.getInt(7));
    }
}
