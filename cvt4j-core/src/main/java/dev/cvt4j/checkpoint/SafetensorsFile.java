package dev.cvt4j.checkpoint;

import java.util.Map;

/**
 * What {@link Safetensors#readFile(java.nio.file.Path)} finds in a safetensors file: the tensors
 * in header order, and the header's {@code __metadata__} string map exactly as stored (for files
 * written by PyTorch tools usually {@code {"format": "pt"}}; files written by cvt4j also carry
 * {@value Safetensors#PYTORCH_METADATA_KEY}, which is already decoded into
 * {@link StateDict#metadata()}).
 *
 * @param stateDict the tensors, in the order the header lists them
 * @param metadata the {@code __metadata__} entries in header order, unmodifiable; empty when absent
 */
public record SafetensorsFile(StateDict stateDict, Map<String, String> metadata) {}
