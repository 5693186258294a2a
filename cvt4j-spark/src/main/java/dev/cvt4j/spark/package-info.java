/**
 * CvT on Apache Spark 3.5: Spark ML {@code Transformer}s that classify ({@link
 * dev.cvt4j.spark.CvtImageClassifier}) or embed ({@link dev.cvt4j.spark.CvtImageEmbedder}) the images
 * of a dataset, the evaluation of a classifier on an ImageFolder tree on any Hadoop file system
 * ({@link dev.cvt4j.spark.CvtSpark}), and the {@code spark-submit} application that runs them as jobs
 * ({@link dev.cvt4j.spark.CvtSparkJob}: {@code classify}, {@code embed}, {@code eval}). Each executor
 * loads a model once ({@code ExecutorModels}, keyed by {@link
 * dev.cvt4j.spark.ModelSpec}) and runs it on cvt4j's inference engines, with the same decoding,
 * transform and scores as {@code cvt classify} and {@code cvt eval}.
 *
 * <p>Depends on {@link dev.cvt4j.inference}, {@link dev.cvt4j.eval}, {@link dev.cvt4j.image}, {@link
 * dev.cvt4j.config} and {@link dev.cvt4j.checkpoint} of cvt4j-core, on Spark (provided by the
 * cluster), Hadoop, Jackson and picocli. Must not depend on the command line, training or serving: it
 * is shipped to executors as one shaded jar of the core library.
 */
package dev.cvt4j.spark;
