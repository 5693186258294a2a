/**
 * CvT as ONNX, written from Java: {@link dev.cvt4j.onnx.CvtOnnx} builds the graph in memory from a config
 * and any state dict cvt4j reads (over the generated protobuf classes of {@code tribuo-util-onnx},
 * through the small {@link dev.cvt4j.onnx.OnnxGraph} builder), and {@link dev.cvt4j.onnx.OrtRunner} runs
 * it on ONNX Runtime: the {@code onnxruntime} {@link dev.cvt4j.inference.InferenceEngine}.
 */
package dev.cvt4j.onnx;
