/**
 * Inference in plain Java: image files or pixels in, classes, logits, features and attention maps out,
 * on either engine.
 *
 * <p>The entry point is {@link dev.cvt4j.inference.CvtClassifier} (load a preset or experiment file with
 * its checkpoint, then {@code classify}). Beneath it, the engine seam: {@link dev.cvt4j.inference.InferenceEngine}
 * opens a {@link dev.cvt4j.inference.CvtRunner}, either {@link dev.cvt4j.inference.TorchRunner} (libtorch
 * through DJL) or {@code dev.cvt4j.onnx.OrtRunner} (ONNX Runtime), which return plain
 * {@link dev.cvt4j.inference.FeatureTensors}. {@link dev.cvt4j.inference.Preprocessing} is the one place a
 * model's settings become its input transform (official {@code build_transforms(cfg, is_train=False)});
 * {@link dev.cvt4j.inference.Labels}, {@link dev.cvt4j.inference.TopK} and {@link dev.cvt4j.inference.Prediction}
 * turn logits into named classes; {@link dev.cvt4j.inference.AttentionOverlay} and
 * {@link dev.cvt4j.inference.Colormap} draw an attention map over the image. DJL's
 * {@code Criteria}/{@code ZooModel} route is in {@code dev.cvt4j.inference.djl}, which builds on this package.
 *
 * <p>Depends on {@link dev.cvt4j.config}, {@link dev.cvt4j.model}, {@link dev.cvt4j.checkpoint},
 * {@link dev.cvt4j.image}, DJL and ONNX Runtime, and on {@link dev.cvt4j.onnx} for the ONNX Runtime runner
 * (the two packages refer to each other: {@code OrtRunner} implements {@code CvtRunner}, and
 * {@code InferenceEngine} opens it). Must not depend on {@code inference.djl} (DJL's services are
 * optional to the facade), on {@link dev.cvt4j.eval} (which builds on this package) or on any module above
 * cvt4j-core.
 */
package dev.cvt4j.inference;
