package dev.cvt4j.checkpoint;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * An immutable dense tensor as stored in a checkpoint: an element type, a shape and the raw
 * elements in row-major (C) order, little-endian, exactly as in a safetensors data section or a
 * PyTorch storage file.
 *
 * <p>The shape may be empty ({@code []}), which denotes a 0-dim scalar with one element, such as
 * a BatchNorm {@code num_batches_tracked}. A dimension of size 0 gives an empty tensor.
 *
 * <p>The data is held as a {@link ByteBuffer} that may be a slice of a memory-mapped file
 * (see {@link Safetensors}), so loading a large checkpoint does not copy it onto the heap.
 * Two tensors are {@linkplain #equals(Object) equal} when their type, shape and bytes are identical.
 */
public final class Tensor {
    private final DType dtype;
    private final long[] shape;
    private final ByteBuffer data;

    private Tensor(DType dtype, long[] shape, ByteBuffer data) {
        this.dtype = Objects.requireNonNull(dtype, "dtype");
        this.shape = shape.clone();
        long numel = numelOf(this.shape);
        if (numel > Long.MAX_VALUE / dtype.byteSize()) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has too many elements");
        }
        long expected = numel * dtype.byteSize();
        if (data.remaining() != expected) {
            throw new IllegalArgumentException("tensor of type " + dtype + " and shape " + Arrays.toString(shape)
                    + " needs " + expected + " bytes, got " + data.remaining());
        }
        this.data = data.slice().asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * A tensor over the remaining bytes of {@code data} (from its position to its limit), which must
     * hold exactly {@code numel * dtype.byteSize()} little-endian bytes in row-major order. The bytes
     * are not copied: do not modify them afterwards.
     *
     * @throws IllegalArgumentException if a dimension is negative or the byte count does not match the shape
     */
    public static Tensor of(DType dtype, long[] shape, ByteBuffer data) {
        return new Tensor(dtype, shape, data);
    }

    /**
     * An {@link DType#F32} tensor holding a copy of {@code values} in row-major order.
     *
     * @throws IllegalArgumentException if {@code values.length} is not the product of {@code shape}
     */
    public static Tensor ofFloats(long[] shape, float[] values) {
        ByteBuffer buf = allocate(values.length, DType.F32);
        buf.asFloatBuffer().put(values);
        return new Tensor(DType.F32, shape, buf);
    }

    /**
     * An {@link DType#I64} tensor holding a copy of {@code values} in row-major order.
     *
     * @throws IllegalArgumentException if {@code values.length} is not the product of {@code shape}
     */
    public static Tensor ofLongs(long[] shape, long[] values) {
        ByteBuffer buf = allocate(values.length, DType.I64);
        buf.asLongBuffer().put(values);
        return new Tensor(DType.I64, shape, buf);
    }

    private static ByteBuffer allocate(int count, DType dtype) {
        return ByteBuffer.allocate(Math.multiplyExact(count, dtype.byteSize())).order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * The number of elements of a tensor of this shape: the product of the dimensions, 1 for {@code []}.
     *
     * @throws IllegalArgumentException if a dimension is negative or the product overflows a long
     */
    static long numelOf(long[] shape) {
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            try {
                n = Math.multiplyExact(n, d);
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has more than 2^63 elements");
            }
        }
        return n;
    }

    /** The element type. */
    public DType dtype() {
        return dtype;
    }

    /** A copy of the shape; {@code []} for a 0-dim scalar. */
    public long[] shape() {
        return shape.clone();
    }

    /** The number of dimensions (0 for a scalar). */
    public int rank() {
        return shape.length;
    }

    /** The number of elements: the product of the shape, 1 for a 0-dim scalar. */
    public long numel() {
        return numelOf(shape);
    }

    /** The size of the data in bytes: {@code numel() * dtype().byteSize()}. */
    public long byteSize() {
        return data.capacity();
    }

    /** A read-only little-endian view of the data, positioned at 0 and independent of other views. */
    public ByteBuffer data() {
        return data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * The elements as floats in row-major order; F16, BF16 and F64 are converted (F64 rounds to nearest).
     *
     * @throws IllegalStateException if the type is an integer or boolean type (use {@link #toLongArray()}),
     *     or the tensor has more than {@code Integer.MAX_VALUE - 8} elements
     */
    public float[] toFloatArray() {
        if (!dtype.isFloatingPoint()) {
            throw new IllegalStateException(
                    "tensor of type " + dtype + " holds integers, not floats: use toLongArray()");
        }
        float[] out = new float[arrayLength()];
        ByteBuffer d = data();
        switch (dtype) {
            case F32 -> d.asFloatBuffer().get(out);
            case F64 -> {
                for (int i = 0; i < out.length; i++) {
                    out[i] = (float) d.getDouble(i * 8);
                }
            }
            case F16 -> {
                for (int i = 0; i < out.length; i++) {
                    out[i] = halfToFloat(d.getShort(i * 2));
                }
            }
            case BF16 -> {
                for (int i = 0; i < out.length; i++) {
                    out[i] = Float.intBitsToFloat((d.getShort(i * 2) & 0xffff) << 16);
                }
            }
            default -> throw new AssertionError(dtype);
        }
        return out;
    }

    /**
     * The elements as longs in row-major order: I32 and I8 sign-extended, U8 zero-extended, BOOL as 0 or 1.
     *
     * @throws IllegalStateException if the type is a floating-point type (use {@link #toFloatArray()}),
     *     or the tensor has more than {@code Integer.MAX_VALUE - 8} elements
     */
    public long[] toLongArray() {
        if (dtype.isFloatingPoint()) {
            throw new IllegalStateException(
                    "tensor of type " + dtype + " holds floats, not integers: use toFloatArray()");
        }
        long[] out = new long[arrayLength()];
        ByteBuffer d = data();
        for (int i = 0; i < out.length; i++) {
            out[i] = switch (dtype) {
                case I64 -> d.getLong(i * 8);
                case I32 -> d.getInt(i * 4);
                case I8 -> d.get(i);
                case U8, BOOL -> d.get(i) & 0xff;
                default -> throw new AssertionError(dtype);
            };
        }
        return out;
    }

    private int arrayLength() {
        long n = numel();
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("tensor with " + n + " elements does not fit in a Java array");
        }
        return (int) n;
    }

    /** IEEE 754 binary16 to binary32 (exact: every half value is a float). */
    private static float halfToFloat(short half) {
        int bits = half & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exponent = (bits >>> 10) & 0x1f;
        int mantissa = bits & 0x3ff;
        if (exponent == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
        }
        if (exponent == 0) {
            float subnormal = mantissa * 0x1p-24f;
            return sign != 0 ? -subnormal : subnormal;
        }
        return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
    }

    /** Equal when the other object is a tensor with the same type, shape and bytes. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Tensor t && dtype == t.dtype && Arrays.equals(shape, t.shape) && data.equals(t.data);
    }

    /** A hash of type, shape and bytes, consistent with {@link #equals(Object)}. */
    @Override
    public int hashCode() {
        return Objects.hash(dtype, Arrays.hashCode(shape), data);
    }

    /** For example {@code Tensor[F32 [24, 3, 7, 7]]}. */
    @Override
    public String toString() {
        return "Tensor[" + dtype + " " + Arrays.toString(shape) + "]";
    }
}
