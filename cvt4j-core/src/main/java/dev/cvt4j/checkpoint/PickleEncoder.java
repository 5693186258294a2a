package dev.cvt4j.checkpoint;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import net.razorvine.pickle.Opcodes;
import net.razorvine.pickle.PickleUtils;

/**
 * Emits pickle opcodes (protocol 2, as defined by CPython's {@code pickletools}) into a byte array.
 * Each method appends one value or opcode; the caller arranges them into a valid program.
 */
final class PickleEncoder {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** Appends a bare opcode such as {@link Opcodes#MARK} or {@link Opcodes#REDUCE}. */
    PickleEncoder op(short opcode) {
        out.write(opcode);
        return this;
    }

    /** Appends raw bytes: an opcode's argument written by hand (tests build malformed programs with it). */
    PickleEncoder raw(byte[] bytes) {
        out.writeBytes(bytes);
        return this;
    }

    /** PROTO: declares the protocol version (first opcode). */
    PickleEncoder proto(int version) {
        return op(Opcodes.PROTO).op((short) version);
    }

    /** GLOBAL: pushes {@code module.name}. */
    PickleEncoder global(String module, String name) {
        op(Opcodes.GLOBAL);
        out.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.UTF_8));
        return this;
    }

    /** BINUNICODE: pushes a string (UTF-8 with a 4-byte little-endian length). */
    PickleEncoder string(String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        op(Opcodes.BINUNICODE);
        out.writeBytes(ByteBuffer.allocate(4)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putInt(utf8.length)
                .array());
        out.writeBytes(utf8);
        return this;
    }

    /** Pushes an int with the shortest of BININT1, BININT2, BININT and LONG1. */
    PickleEncoder integer(long value) {
        if (value >= 0 && value < 0x100) {
            op(Opcodes.BININT1).op((short) value);
        } else if (value >= 0 && value < 0x10000) {
            op(Opcodes.BININT2).op((short) (value & 0xff)).op((short) (value >>> 8));
        } else if (value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE) {
            op(Opcodes.BININT);
            out.writeBytes(ByteBuffer.allocate(4)
                    .order(ByteOrder.LITTLE_ENDIAN)
                    .putInt((int) value)
                    .array());
        } else {
            byte[] bytes = PickleUtils.encode_long(BigInteger.valueOf(value));
            op(Opcodes.LONG1).op((short) bytes.length);
            out.writeBytes(bytes);
        }
        return this;
    }

    /** BINFLOAT: pushes a float (8-byte big-endian IEEE 754). */
    PickleEncoder floating(double value) {
        op(Opcodes.BINFLOAT);
        out.writeBytes(ByteBuffer.allocate(8)
                .order(ByteOrder.BIG_ENDIAN)
                .putDouble(value)
                .array());
        return this;
    }

    /** NEWTRUE or NEWFALSE. */
    PickleEncoder bool(boolean value) {
        return op(value ? Opcodes.NEWTRUE : Opcodes.NEWFALSE);
    }

    /** Pushes a tuple of ints: EMPTY_TUPLE, or MARK, the ints, TUPLE. */
    PickleEncoder tuple(long[] values) {
        if (values.length == 0) {
            return op(Opcodes.EMPTY_TUPLE);
        }
        op(Opcodes.MARK);
        for (long v : values) {
            integer(v);
        }
        return op(Opcodes.TUPLE);
    }

    /** The program so far. */
    byte[] toByteArray() {
        return out.toByteArray();
    }
}
