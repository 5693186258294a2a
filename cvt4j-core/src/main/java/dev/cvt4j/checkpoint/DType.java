package dev.cvt4j.checkpoint;

import java.util.Optional;

/**
 * Element types a checkpoint tensor can hold, named as in the
 * <a href="https://github.com/huggingface/safetensors">safetensors</a> header ({@code "dtype": "F32"}) and
 * mapped to the legacy PyTorch typed-storage classes ({@code torch.FloatStorage}, ...) that
 * {@code torch.save} writes into its pickles.
 *
 * <p>All multi-byte types are stored little-endian.
 */
public enum DType {
    /** IEEE 754 binary32 ({@code torch.float32}). */
    F32(4, true, "FloatStorage"),
    /** IEEE 754 binary64 ({@code torch.float64}). */
    F64(8, true, "DoubleStorage"),
    /** IEEE 754 binary16 ({@code torch.float16}). */
    F16(2, true, "HalfStorage"),
    /** bfloat16: the upper 16 bits of a binary32 ({@code torch.bfloat16}). */
    BF16(2, true, "BFloat16Storage"),
    /** Signed 64-bit integer ({@code torch.int64}). */
    I64(8, false, "LongStorage"),
    /** Signed 32-bit integer ({@code torch.int32}). */
    I32(4, false, "IntStorage"),
    /** Signed 8-bit integer ({@code torch.int8}). */
    I8(1, false, "CharStorage"),
    /** Unsigned 8-bit integer ({@code torch.uint8}). */
    U8(1, false, "ByteStorage"),
    /** Boolean, one byte per element, 0 or 1 ({@code torch.bool}). */
    BOOL(1, false, "BoolStorage");

    private final int byteSize;
    private final boolean floatingPoint;
    private final String torchStorage;

    DType(int byteSize, boolean floatingPoint, String torchStorage) {
        this.byteSize = byteSize;
        this.floatingPoint = floatingPoint;
        this.torchStorage = torchStorage;
    }

    /** Bytes per element: 1, 2, 4 or 8. */
    public int byteSize() {
        return byteSize;
    }

    /** Whether the elements are floating-point numbers (F32, F64, F16, BF16). */
    public boolean isFloatingPoint() {
        return floatingPoint;
    }

    /** The name used in a safetensors header, e.g. {@code "BF16"} (identical to {@link #name()}). */
    public String safetensorsName() {
        return name();
    }

    /** The PyTorch storage class in module {@code torch} that holds this type, e.g. {@code "FloatStorage"}. */
    public String torchStorageName() {
        return torchStorage;
    }

    /** The type with the given safetensors name, or empty when the name is not one of this enum's. */
    public static Optional<DType> fromSafetensorsName(String name) {
        for (DType t : values()) {
            if (t.safetensorsName().equals(name)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /** The type stored by the PyTorch storage class {@code torch.<name>}, or empty when there is none. */
    public static Optional<DType> fromTorchStorageName(String name) {
        for (DType t : values()) {
            if (t.torchStorage.equals(name)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
