/**
 * CvT checkpoints in plain Java (no DJL types): reading and writing state dicts in the
 * <a href="https://github.com/huggingface/safetensors">safetensors</a> format and in PyTorch's
 * {@code torch.save} zip format, and renaming keys between the official microsoft/CvT layout and
 * the HuggingFace transformers layout.
 *
 * <p>Entry points: {@link dev.cvt4j.checkpoint.Checkpoints#read} (any format and layout, returns
 * official names) and {@link dev.cvt4j.checkpoint.Checkpoints#write}. The building blocks are
 * {@link dev.cvt4j.checkpoint.Safetensors}, {@link dev.cvt4j.checkpoint.TorchPickleReader},
 * {@link dev.cvt4j.checkpoint.TorchPickleWriter} and {@link dev.cvt4j.checkpoint.CheckpointLayout};
 * the data model is {@link dev.cvt4j.checkpoint.StateDict} of {@link dev.cvt4j.checkpoint.Tensor}s
 * (little-endian, row-major). Every failure concerning a file is a
 * {@link dev.cvt4j.checkpoint.CheckpointException} whose one-line message names the file.
 * Pickles are never executed: only tensor-rebuilding globals are allowed. Writes are atomic.
 *
 * <p>Depends on {@link dev.cvt4j.untrusted}, Jackson and Pyrolite only. Must not depend on DJL or on
 * any other cvt4j package: it is a leaf, and the network reads checkpoints
 * ({@code dev.cvt4j.model.WeightLoader}), not the reverse. Official names come in as strings.
 */
package dev.cvt4j.checkpoint;
