package dev.cvt4j.spark;

import java.io.Serializable;

/**
 * How an executor JVM sets up the engine before it loads its first model.
 *
 * @param threads native intra-op threads per task (PyTorch's {@code torch.set_num_threads}); the setting is
 *     process-wide, so with {@code spark.task.cpus} threads per task the concurrent tasks of an executor
 *     use its cores without oversubscribing them
 * @param engineCacheDir where the engine's native libraries are extracted (DJL's {@code ENGINE_CACHE_DIR}),
 *     or empty for DJL's default ({@code ~/.djl.ai})
 * @param hadoop the driver's Hadoop configuration, to read the weights and YAML files
 */
record ExecutorSettings(int threads, String engineCacheDir, HadoopConf hadoop) implements Serializable {}
