/**
 * CvT as ONNX, written from Java: {@link dev.cvt4j.onnx.CvtOnnx} builds the graph in memory from a config
 * and any state dict cvt4j reads (over the generated protobuf classes of {@code tribuo-util-onnx},
 * through the small {@link dev.cvt4j.onnx.OnnxGraph} builder), and {@link dev.cvt4j.onnx.OrtRunner} runs
 * it on ONNX Runtime: the {@code onnxruntime} {@link dev.cvt4j.inference.InferenceEngine}.
 * {@link dev.cvt4j.onnx.OnnxExport} writes the graph to a file ({@code cvt export}).
 *
 * <p>Depends on {@link dev.cvt4j.config}, {@link dev.cvt4j.checkpoint}, {@link dev.cvt4j.image} (the
 * evaluation crop fraction the export reports), {@link dev.cvt4j.model} (only {@code WeightLoader}'s
 * fit check, so that both engines refuse a checkpoint with the same message), {@link
 * dev.cvt4j.inference} (it implements {@code CvtRunner}; {@code InferenceEngine} opens it, so the two
 * packages refer to each other), ONNX Runtime and the ONNX protobuf classes. Must not depend on DJL:
 * the graph is written from the state dict, not from the DJL network.
 */
package dev.cvt4j.onnx;
