package dev.cvt4j.spark;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.TaskContext;
import org.apache.spark.util.TaskCompletionListener;

/**
 * One predictor per task, closed when the task completes: normally, by failure, or early, as when a
 * {@code limit(n)} stops reading a partition half way.
 */
final class TaskPredictors {
    private static final AtomicInteger OPEN = new AtomicInteger();
    private static final AtomicInteger OPENED = new AtomicInteger();

    private TaskPredictors() {}

    /**
     * Opens a predictor and closes it when the current task completes.
     *
     * @param model the executor's shared model
     * @return the task's predictor
     * @throws IllegalStateException when called outside a Spark task
     */
    static Predictor open(ImageModel model) {
        TaskContext task = TaskContext.get();
        if (task == null) {
            throw new IllegalStateException("a predictor is opened inside a Spark task only");
        }
        Predictor predictor = model.newPredictor();
        OPEN.incrementAndGet();
        OPENED.incrementAndGet();
        task.addTaskCompletionListener((TaskCompletionListener) context -> {
            predictor.close();
            OPEN.decrementAndGet();
        });
        return predictor;
    }

    /** @return how many predictors this JVM has opened so far */
    static int opened() {
        return OPENED.get();
    }

    /** @return how many predictors of this JVM are open now */
    static int open() {
        return OPEN.get();
    }
}
