/**
 * {@code cvt serve}, the HTTP inference server (Javalin on Jetty): {@link
 * dev.cvt4j.serve.InferenceServer} is the entry point, with its settings in {@link
 * dev.cvt4j.serve.ServeOptions}. It answers the native API ({@code NativeApi}, {@code
 * /v1}) and the Open Inference Protocol v2 ({@code OipApi}, {@code /v2}), health and
 * Prometheus metrics ({@link dev.cvt4j.serve.ServeMetrics}); requests go through {@link
 * dev.cvt4j.serve.Inference} (loading, warm-up, ready, draining) and the dynamic batching of {@link
 * dev.cvt4j.serve.Batcher} (uploads decode between forward passes, {@code CpuPhases}) to the one
 * model-facing interface, {@link dev.cvt4j.serve.ServedModel},
 * opened on the chosen engine by {@link dev.cvt4j.serve.ServedModels} ({@link
 * dev.cvt4j.serve.RunnerServedModel} over a {@code CvtRunner}). Errors are JSON with a stable code and
 * the right HTTP status ({@code ApiErrors}), answered after the unread rest of a refused body is
 * dropped ({@code UnreadBody}).
 *
 * <p>Depends on {@link dev.cvt4j.inference}, {@link dev.cvt4j.model}, {@link dev.cvt4j.config} and
 * {@link dev.cvt4j.image} of cvt4j-core, on Javalin, Jackson and the Prometheus client. Must not
 * depend on the command line ({@code cvt serve} only parses flags into {@code ServeOptions}) or on
 * training.
 */
package dev.cvt4j.serve;
