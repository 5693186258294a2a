package dev.cvt4j.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class TensorTest {
    private static Tensor raw(DType dtype, long[] shape, int... bytes) {
        ByteBuffer buf = ByteBuffer.allocate(bytes.length);
        for (int b : bytes) {
            buf.put((byte) b);
        }
        return Tensor.of(dtype, shape, buf.flip());
    }

    @Test
    void floatFactoryRoundTrips() {
        Tensor t = Tensor.ofFloats(new long[] {2, 3}, new float[] {1, 2, 3, 4, 5, -6.5f});
        assertEquals(DType.F32, t.dtype());
        assertEquals(6, t.numel());
        assertEquals(24, t.byteSize());
        assertEquals(2, t.rank());
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, -6.5f}, t.toFloatArray());
        assertEquals(ByteOrder.LITTLE_ENDIAN, t.data().order());
        assertEquals(0x3f800000, t.data().getInt(0));
    }

    @Test
    void scalarHasEmptyShapeAndOneElement() {
        Tensor t = Tensor.ofLongs(new long[] {}, new long[] {1000});
        assertEquals(0, t.rank());
        assertEquals(1, t.numel());
        assertArrayEquals(new long[] {1000}, t.toLongArray());
        assertEquals("Tensor[I64 []]", t.toString());
    }

    @Test
    void emptyDimensionGivesNoData() {
        Tensor t = Tensor.ofFloats(new long[] {3, 0}, new float[0]);
        assertEquals(0, t.numel());
        assertEquals(0, t.toFloatArray().length);
    }

    @Test
    void rejectsDataNotMatchingShape() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> Tensor.ofFloats(new long[] {2, 2}, new float[] {1, 2, 3}));
        assertTrue(e.getMessage().contains("needs 16 bytes, got 12"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Tensor.ofFloats(new long[] {-1}, new float[0]));
    }

    @Test
    void shapeIsCopied() {
        long[] shape = {2};
        Tensor t = Tensor.ofFloats(shape, new float[] {1, 2});
        shape[0] = 5;
        t.shape()[0] = 7;
        assertArrayEquals(new long[] {2}, t.shape());
    }

    @Test
    void convertsHalfPrecision() {
        // 1.0, -2.0, 65504 (max), 2^-24 (smallest subnormal), +inf
        Tensor t = raw(DType.F16, new long[] {5}, 0x00, 0x3c, 0x00, 0xc0, 0xff, 0x7b, 0x01, 0x00, 0x00, 0x7c);
        assertArrayEquals(new float[] {1f, -2f, 65504f, 0x1p-24f, Float.POSITIVE_INFINITY}, t.toFloatArray());
        assertTrue(Float.isNaN(raw(DType.F16, new long[] {}, 0x01, 0x7e).toFloatArray()[0]));
    }

    @Test
    void convertsBfloat16AndDouble() {
        assertArrayEquals(
                new float[] {1f, -0.5f},
                raw(DType.BF16, new long[] {2}, 0x80, 0x3f, 0x00, 0xbf).toFloatArray());
        ByteBuffer d = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putDouble(0.1);
        assertArrayEquals(
                new float[] {0.1f},
                Tensor.of(DType.F64, new long[] {1}, d.flip()).toFloatArray());
    }

    @Test
    void convertsIntegerTypesToLongs() {
        assertArrayEquals(
                new long[] {-1, 2},
                raw(DType.I32, new long[] {2}, 0xff, 0xff, 0xff, 0xff, 2, 0, 0, 0)
                        .toLongArray());
        assertArrayEquals(
                new long[] {-1, 127}, raw(DType.I8, new long[] {2}, 0xff, 0x7f).toLongArray());
        assertArrayEquals(
                new long[] {255, 0}, raw(DType.U8, new long[] {2}, 0xff, 0x00).toLongArray());
        assertArrayEquals(
                new long[] {1, 0}, raw(DType.BOOL, new long[] {2}, 1, 0).toLongArray());
    }

    @Test
    void refusesWrongConversion() {
        IllegalStateException ints = assertThrows(
                IllegalStateException.class,
                () -> Tensor.ofLongs(new long[] {1}, new long[] {1}).toFloatArray());
        assertTrue(ints.getMessage().contains("I64 holds integers")
                && ints.getMessage().contains("toLongArray()"));
        IllegalStateException floats = assertThrows(
                IllegalStateException.class,
                () -> Tensor.ofFloats(new long[] {1}, new float[] {1}).toLongArray());
        assertTrue(floats.getMessage().contains("toFloatArray()"));
    }

    @Test
    void equalityIsByTypeShapeAndBytes() {
        Tensor a = Tensor.ofFloats(new long[] {2}, new float[] {1, 2});
        assertEquals(a, Tensor.ofFloats(new long[] {2}, new float[] {1, 2}));
        assertEquals(
                a.hashCode(),
                Tensor.ofFloats(new long[] {2}, new float[] {1, 2}).hashCode());
        assertNotEquals(a, Tensor.ofFloats(new long[] {1, 2}, new float[] {1, 2}));
        assertNotEquals(a, Tensor.ofFloats(new long[] {2}, new float[] {1, 3}));
        assertNotEquals(
                Tensor.ofFloats(new long[] {}, new float[] {0f}), Tensor.ofFloats(new long[] {}, new float[] {-0f}));
    }

    @Test
    void dtypeNames() {
        assertEquals(DType.BF16, DType.fromSafetensorsName("BF16").orElseThrow());
        assertTrue(DType.fromSafetensorsName("F8_E4M3").isEmpty());
        assertEquals(DType.I8, DType.fromTorchStorageName("CharStorage").orElseThrow());
        assertEquals(2, DType.F16.byteSize());
    }
}
