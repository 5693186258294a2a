/**
 * Measurements of cvt4j, not part of the library: JMH benchmarks of a CvT-13 stage ({@link
 * dev.cvt4j.bench.StageBench}) and of the evaluation transform ({@link
 * dev.cvt4j.bench.PreprocessBench}); the side-by-side run of cvt4j's engines against its anchors, the
 * ONNX export in ONNX Runtime and the TorchScript trace ({@link dev.cvt4j.bench.SideBySide} over
 * {@code Subject}s); profiles of a forward pass ({@link
 * dev.cvt4j.bench.ProfileForward}, {@link dev.cvt4j.bench.OrtProfile}); the split of a cold start
 * ({@link dev.cvt4j.bench.ColdStart}); the machine's matrix-multiply peak ({@link
 * dev.cvt4j.bench.SgemmPeak}); and the load generator for {@code cvt serve} ({@link
 * dev.cvt4j.bench.ServeLoad}, {@link dev.cvt4j.bench.LoadGenerator}). Thread settings are shared by
 * every measurement ({@code BenchThreads}).
 *
 * <p>Depends on cvt4j-core ({@link dev.cvt4j.model}, {@link dev.cvt4j.config}, {@link
 * dev.cvt4j.checkpoint}, {@link dev.cvt4j.image}, {@link dev.cvt4j.inference}, {@link
 * dev.cvt4j.onnx}), DJL, ONNX Runtime, JMH, HdrHistogram, Jackson and picocli; cvt4j-serve only in its tests.
 * Nothing depends on it, and no library module may.
 */
package dev.cvt4j.bench;
