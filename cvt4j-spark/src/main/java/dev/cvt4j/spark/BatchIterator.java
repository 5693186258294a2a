package dev.cvt4j.spark;

import dev.cvt4j.image.ImageDecodeException;
import dev.cvt4j.image.ImageDecoder;
import dev.cvt4j.image.RgbImage;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * A partition's output rows, computed lazily a batch at a time: reads up to {@code batchSize} input rows,
 * decodes their bytes with cvt4j's PIL-exact decoder, runs one forward pass over the decodable ones and
 * returns the rows of that batch before reading the next. A row that cannot be decoded gets null outputs
 * and its reason in {@code error} (onError=record), or fails the task naming its path (onError=fail).
 */
final class BatchIterator implements Iterator<Row> {
    private final Iterator<Row> input;
    private final PartitionTask plan;
    private final ImageModel model;
    private final Deque<Row> ready = new ArrayDeque<>();

    /**
     * @param input the partition's rows
     * @param plan which columns to read and keep, the batch size and error policy, the outputs
     * @param model the executor's model
     */
    BatchIterator(Iterator<Row> input, PartitionTask plan, ImageModel model) {
        this.input = input;
        this.plan = plan;
        this.model = model;
    }

    @Override
    public boolean hasNext() {
        if (ready.isEmpty() && input.hasNext()) {
            nextBatch();
        }
        return !ready.isEmpty();
    }

    @Override
    public Row next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return ready.removeFirst();
    }

    private void nextBatch() {
        List<Row> rows = new ArrayList<>(plan.batchSize());
        List<String> errors = new ArrayList<>(plan.batchSize());
        List<RgbImage> images = new ArrayList<>(plan.batchSize());
        while (rows.size() < plan.batchSize() && input.hasNext()) {
            Row row = input.next();
            String error = null;
            try {
                images.add(decode(row));
            } catch (ImageDecodeException e) {
                if (!plan.recordErrors()) {
                    throw e;
                }
                error = e.reason();
            }
            rows.add(row);
            errors.add(error);
        }
        List<Object[]> outputs = images.isEmpty() ? List.of() : plan.outputs().compute(model, images);
        int width = plan.outputs().fields().size();
        int next = 0;
        for (int i = 0; i < rows.size(); i++) {
            Object[] values = errors.get(i) == null ? outputs.get(next++) : new Object[width];
            ready.addLast(outputRow(rows.get(i), values, errors.get(i)));
        }
    }

    private RgbImage decode(Row row) {
        String name = plan.pathIndex() < 0 || row.isNullAt(plan.pathIndex()) ? "row" : row.getString(plan.pathIndex());
        if (row.isNullAt(plan.inputIndex())) {
            throw new ImageDecodeException(Path.of(name), "no image bytes (the input column is null)");
        }
        return ImageDecoder.decode((byte[]) row.get(plan.inputIndex()), name, ImageDecoder.REFUSED_IMAGE_PIXELS);
    }

    private Row outputRow(Row row, Object[] values, String error) {
        int[] kept = plan.keptIndices();
        Object[] out = new Object[kept.length + values.length + 1];
        for (int i = 0; i < kept.length; i++) {
            out[i] = row.get(kept[i]);
        }
        System.arraycopy(values, 0, out, kept.length, values.length);
        out[out.length - 1] = error;
        return RowFactory.create(out);
    }
}
