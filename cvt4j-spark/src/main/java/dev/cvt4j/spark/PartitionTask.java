package dev.cvt4j.spark;

import java.util.Iterator;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;

/**
 * What a task does with its partition, shipped from the driver: get the executor's model (loading it on
 * first use) and return the lazily computed output rows.
 *
 * @param spec the model
 * @param settings the executor's engine settings
 * @param inputIndex the index of the binary input column
 * @param pathIndex the index of the path column, or -1 when there is none
 * @param keptIndices the indices of the input columns copied to the output, in order
 * @param batchSize rows per forward pass
 * @param recordErrors whether an undecodable row is recorded in {@code error} (else the task fails)
 * @param outputs the added columns
 */
record PartitionTask(
        ModelSpec spec,
        ExecutorSettings settings,
        int inputIndex,
        int pathIndex,
        int[] keptIndices,
        int batchSize,
        boolean recordErrors,
        RowOutputs outputs)
        implements MapPartitionsFunction<Row, Row> {

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        if (!rows.hasNext()) {
            return rows;
        }
        return new BatchIterator(rows, this, ExecutorModels.get(spec, settings));
    }
}
