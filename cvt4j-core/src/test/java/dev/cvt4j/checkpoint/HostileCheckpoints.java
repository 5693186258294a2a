package dev.cvt4j.checkpoint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.razorvine.pickle.Opcodes;

/**
 * Writes the checkpoint part of the hostile corpus (see {@code hostile-corpus.tsv} in cvt4j-cli's
 * test resources): pickles modelled on torch.load's weights-only bypass attempts, zip containers
 * from zip-slip and zip-bomb suites, safetensors headers after the reference implementation's
 * validation tests, parseable state dicts that do not fit, and valid-but-unusual checkpoints made
 * from the fixture {@code cvt-tiny/official.pth}. Payloads would create {@code marker} if they ran.
 */
public final class HostileCheckpoints {
    private static final String ARCHIVE = "archive/";
    private static final int DEEP = 200_000;

    private HostileCheckpoints() {}

    /**
     * Writes every checkpoint of the corpus into {@code dir}.
     *
     * @param dir an existing directory
     * @param marker the file a payload would create
     */
    public static void write(Path dir, Path marker) {
        pickles(dir, marker);
        containers(dir);
        safetensors(dir);
        unusual(dir);
    }

    private static void pickles(Path dir, Path marker) {
        String touch = "touch " + marker;
        zip(dir, "p-global-posix-system.pth", call(new PickleEncoder().proto(2).global("posix", "system"), touch));
        zip(
                dir,
                "p-global-builtins-exec.pth",
                call(new PickleEncoder().proto(2).global("builtins", "exec"), "import os; os.system('" + touch + "')"));
        zip(
                dir,
                "p-stack-global-subprocess.pth",
                call(
                        new PickleEncoder()
                                .proto(4)
                                .string("subprocess")
                                .string("Popen")
                                .op(Opcodes.STACK_GLOBAL),
                        touch));
        zip(
                dir,
                "p-inst-os-system.pth",
                new PickleEncoder()
                        .proto(0)
                        .op(Opcodes.MARK)
                        .string(touch)
                        .op(Opcodes.INST)
                        .raw("os\nsystem\n".getBytes(StandardCharsets.US_ASCII))
                        .op(Opcodes.STOP)
                        .toByteArray());
        zip(dir, "p-global-torch-load.pth", call(new PickleEncoder().proto(2).global("torch", "load"), "/etc/passwd"));
        zip(
                dir,
                "p-getattr-bypass.pth",
                new PickleEncoder()
                        .proto(2)
                        .global("builtins", "getattr")
                        .global("collections", "OrderedDict")
                        .string("__class__")
                        .op(Opcodes.TUPLE2)
                        .op(Opcodes.REDUCE)
                        .op(Opcodes.STOP)
                        .toByteArray());
        zip(
                dir,
                "p-ordereddict-with-args.pth",
                new PickleEncoder()
                        .proto(2)
                        .global("collections", "OrderedDict")
                        .string(touch)
                        .op(Opcodes.TUPLE1)
                        .op(Opcodes.REDUCE)
                        .op(Opcodes.STOP)
                        .toByteArray());
        zip(
                dir,
                "p-build-dict-attribute.pth",
                new PickleEncoder()
                        .proto(2)
                        .global("collections", "OrderedDict")
                        .op(Opcodes.EMPTY_TUPLE)
                        .op(Opcodes.REDUCE)
                        .op(Opcodes.EMPTY_DICT)
                        .string("__reduce__")
                        .string(touch)
                        .op(Opcodes.SETITEM)
                        .op(Opcodes.BUILD)
                        .op(Opcodes.STOP)
                        .toByteArray());
        zip(dir, "p-binunicode8-2gb.pth", declared(Opcodes.BINUNICODE8, 8, 2L << 30));
        zip(dir, "p-binbytes8-huge.pth", declared(Opcodes.BINBYTES8, 8, Long.MAX_VALUE));
        zip(dir, "p-binstring-negative.pth", declared(Opcodes.BINSTRING, 4, 0xffffffffL));
        zip(dir, "p-long4-huge.pth", declared(Opcodes.LONG4, 4, Integer.MAX_VALUE));
        zip(
                dir,
                "p-int-100k-digits.pth",
                new PickleEncoder()
                        .op(Opcodes.INT)
                        .raw(("9".repeat(100_000) + "\n").getBytes(StandardCharsets.US_ASCII))
                        .op(Opcodes.STOP)
                        .toByteArray());
        zip(
                dir,
                "p-wrapper-contains-itself.pth",
                new PickleEncoder()
                        .proto(2)
                        .op(Opcodes.EMPTY_DICT)
                        .op(Opcodes.BINPUT)
                        .op((short) 0)
                        .string("state_dict")
                        .op(Opcodes.BINGET)
                        .op((short) 0)
                        .op(Opcodes.SETITEM)
                        .op(Opcodes.STOP)
                        .toByteArray());
        zip(
                dir,
                "p-wrappers-contain-each-other.pth",
                new PickleEncoder()
                        .proto(2)
                        .op(Opcodes.EMPTY_DICT)
                        .op(Opcodes.BINPUT)
                        .op((short) 0)
                        .string("model")
                        .op(Opcodes.EMPTY_DICT)
                        .op(Opcodes.BINPUT)
                        .op((short) 1)
                        .string("model")
                        .op(Opcodes.BINGET)
                        .op((short) 0)
                        .op(Opcodes.SETITEM)
                        .op(Opcodes.SETITEM)
                        .op(Opcodes.STOP)
                        .toByteArray());
        zip(dir, "p-billion-laughs-key.pth", billionLaughsKey());
        zip(dir, "p-deep-lists.pth", deepLists());
        zip(dir, "p-deep-tuples.pth", deepTuples());
        zip(dir, "p-deep-persistent-id.pth", deepPersistentId());
        storage(dir, "p-stride-zero-gather.pth", 1, 0, new long[] {1L << 28}, new long[] {0}, 4);
        storage(dir, "p-offset-past-storage.pth", 4, 10, new long[] {2}, new long[] {1}, 16);
        storage(dir, "p-storage-numel-overflow.pth", 1L << 62, 0, new long[] {1}, new long[] {1}, 4);
        storage(dir, "p-storage-shorter-than-declared.pth", 1000, 0, new long[] {1000}, new long[] {1}, 4);
        storage(dir, "p-size-overflow.pth", 4, 0, new long[] {1L << 40, 1L << 40}, new long[] {0, 0}, 16);
        zip(dir, "p-storage-missing.pth", stateDict(4, 0, new long[] {4}, new long[] {1}), Map.of());
        byte[] valid = stateDict(4, 0, new long[] {4}, new long[] {1});
        zip(dir, "p-truncated.pth", Arrays.copyOf(valid, valid.length / 2), Map.of("data/0", new byte[16]));
        zip(dir, "p-not-a-pickle.pth", "this is not a pickle\n".getBytes(StandardCharsets.US_ASCII));
        zip(
                dir,
                "p-control-characters-in-key.pth",
                new PickleEncoder()
                        .proto(2)
                        .op(Opcodes.EMPTY_DICT)
                        .string("\u001b[2J\u001b[31mred\nsecond line")
                        .integer(1)
                        .op(Opcodes.SETITEM)
                        .op(Opcodes.STOP)
                        .toByteArray());
    }

    private static void containers(Path dir) {
        byte[] pickle = stateDict(4, 0, new long[] {4}, new long[] {1});
        new RawZip()
                .stored(ARCHIVE + "data.pkl", pickle)
                .stored(ARCHIVE + "data/0", new byte[16])
                .stored("../../escape.txt", new byte[1])
                .write(dir.resolve("z-entry-outside-folder.pth"));
        new RawZip()
                .stored(ARCHIVE + "data.pkl", pickle)
                .stored(ARCHIVE + "data/0", new byte[16])
                .stored("other/stray", new byte[1])
                .write(dir.resolve("z-stray-top-level-entry.pth"));
        new RawZip()
                .stored(ARCHIVE + "data.pkl", pickle)
                .stored(ARCHIVE + "data/0", new byte[16])
                .stored(ARCHIVE + "data/0", new byte[16])
                .write(dir.resolve("z-duplicate-entry.pth"));
        new RawZip()
                .stored(ARCHIVE + "data.pkl", pickle)
                .stored("second/data.pkl", pickle)
                .write(dir.resolve("z-two-data-pkl.pth"));
        new RawZip()
                .stored(ARCHIVE + "version", "3\n".getBytes(StandardCharsets.US_ASCII))
                .write(dir.resolve("z-no-data-pkl.pth"));
        long bombFloats = 64L << 18;
        new RawZip()
                .stored(ARCHIVE + "data.pkl", stateDict(bombFloats, 0, new long[] {bombFloats}, new long[] {1}))
                .deflated(ARCHIVE + "data/0", new byte[(int) (4 * bombFloats)])
                .write(dir.resolve("z-bomb-storage.pth"));
        byte[] hugePickle = new byte[64 << 20];
        hugePickle[0] = (byte) Opcodes.PROTO;
        hugePickle[1] = 2;
        new RawZip().deflated(ARCHIVE + "data.pkl", hugePickle).write(dir.resolve("z-bomb-data-pkl.pth"));
        new RawZip()
                .stored(ARCHIVE + "data.pkl", pickle)
                .stored(ARCHIVE + "data/0", new byte[16])
                .stored(ARCHIVE + "byteorder", "middle".getBytes(StandardCharsets.US_ASCII))
                .write(dir.resolve("z-byteorder-middle.pth"));
        Path valid = new RawZip()
                .stored(ARCHIVE + "data.pkl", pickle)
                .stored(ARCHIVE + "data/0", new byte[16])
                .write(dir.resolve("z-truncated-zip.pth"));
        truncate(valid, 60);
        write(dir.resolve("z-empty-file.pth"), new byte[0]);
        write(dir.resolve("z-legacy-bare-pickle.pth"), pickle);
    }

    private static void safetensors(Path dir) {
        String tensor = "\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}";
        st(dir, "s-header-length-huge.safetensors", Long.MIN_VALUE, "{}".getBytes(StandardCharsets.UTF_8), 0);
        st(dir, "s-header-past-end.safetensors", 1000, "{}".getBytes(StandardCharsets.UTF_8), 0);
        byte[] json = ("{" + tensor + "}").getBytes(StandardCharsets.UTF_8);
        byte[] bom = new byte[json.length + 3];
        bom[0] = (byte) 0xEF;
        bom[1] = (byte) 0xBB;
        bom[2] = (byte) 0xBF;
        System.arraycopy(json, 0, bom, 3, json.length);
        st(dir, "s-header-byte-order-mark.safetensors", bom.length, bom, 8);
        byte[] utf16 = ("{" + tensor + "}").getBytes(StandardCharsets.UTF_16LE);
        st(dir, "s-header-utf16.safetensors", utf16.length, utf16, 8);
        byte[] latin1 = ("{\"w\u00e9\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}")
                .getBytes(StandardCharsets.ISO_8859_1);
        st(dir, "s-header-invalid-utf8.safetensors", latin1.length, latin1, 8);
        sj(
                dir,
                "s-overlapping-offsets.safetensors",
                "{" + tensor + ",\"v\":{\"dtype\":\"F32\",\"shape\":[1]," + "\"data_offsets\":[4,8]}}",
                8);
        sj(
                dir,
                "s-gap-between-tensors.safetensors",
                "{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}",
                8);
        sj(
                dir,
                "s-offsets-out-of-range.safetensors",
                "{\"w\":{\"dtype\":\"F32\",\"shape\":[256]," + "\"data_offsets\":[0,1024]}}",
                8);
        sj(
                dir,
                "s-offsets-reversed.safetensors",
                "{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,0]}}",
                8);
        sj(
                dir,
                "s-shape-overflow.safetensors",
                "{\"w\":{\"dtype\":\"F32\",\"shape\":[1099511627776,1099511627776]," + "\"data_offsets\":[0,8]}}",
                8);
        sj(
                dir,
                "s-control-characters-in-name.safetensors",
                "{\"\\u001b[2J\\u001b]0;pwned\\u0007\":{\"dtype\":\"Q8\"," + "\"shape\":[2],\"data_offsets\":[0,8]}}",
                8);
        sj(
                dir,
                "s-deeply-nested-json.safetensors",
                "{\"__metadata__\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}",
                0);
        sj(dir, "s-duplicate-keys.safetensors", "{" + tensor + "," + tensor + "}", 8);
        sj(dir, "s-unknown-dtype.safetensors", "{\"w\":{\"dtype\":\"F128\",\"shape\":[2],\"data_offsets\":[0,8]}}", 8);
    }

    /** Parseable state dicts that are not the tiny model, and valid-but-unusual encodings of the tiny model. */
    private static void unusual(Path dir) {
        StateDict tiny = TorchPickleReader.read(CheckpointFiles.tinyOfficial());
        StateDict wrongShape = new StateDict();
        tiny.keys()
                .forEach(k -> wrongShape.put(
                        k, k.equals("head.bias") ? Tensor.ofFloats(new long[] {3}, new float[3]) : tiny.get(k)));
        Safetensors.write(dir.resolve("sd-wrong-shape.safetensors"), wrongShape);
        StateDict unknown = new StateDict();
        unknown.put("encoder.layer.0.weight", Tensor.ofFloats(new long[] {1}, new float[1]));
        Safetensors.write(dir.resolve("sd-unknown-keys.safetensors"), unknown);

        Path little = dir.resolve("v-tiny-legacy-layout.pth");
        TorchPickleWriter.write(little, tiny);
        Map<String, byte[]> entries = CheckpointFiles.zipEntries(little);
        RawZip legacy = new RawZip();
        entries.forEach((name, bytes) -> {
            if (!name.endsWith("/byteorder")) {
                legacy.stored(name, bytes);
            }
        });
        legacy.write(little);
        List<String> keys = new ArrayList<>(tiny.keys());
        RawZip big = new RawZip();
        entries.forEach((name, bytes) -> big.stored(
                name,
                name.endsWith("/byteorder")
                        ? "big".getBytes(StandardCharsets.US_ASCII)
                        : name.contains("/data/")
                                ? bigEndian(
                                        bytes,
                                        tiny.get(keys.get(Integer.parseInt(name.substring(name.lastIndexOf('/') + 1))))
                                                .dtype()
                                                .byteSize())
                                : bytes));
        big.write(dir.resolve("v-tiny-big-endian.pth"));
        RawZip deflated = new RawZip();
        entries.forEach(deflated::deflated);
        deflated.write(dir.resolve("v-tiny-deflated-entries.pth"));
    }

    private static byte[] bigEndian(byte[] data, int elementSize) {
        byte[] out = data.clone();
        for (int start = 0; start < out.length; start += elementSize) {
            for (int i = 0; i < elementSize; i++) {
                out[start + i] = data[start + elementSize - 1 - i];
            }
        }
        return out;
    }

    /** {@code callable(argument)}: the pickle that runs a payload when unpickled by Python. */
    private static byte[] call(PickleEncoder callable, String argument) {
        return callable.string(argument)
                .op(Opcodes.TUPLE1)
                .op(Opcodes.REDUCE)
                .op(Opcodes.STOP)
                .toByteArray();
    }

    /** An opcode declaring {@code length} bytes (little-endian, {@code width} bytes) followed by a few. */
    private static byte[] declared(short opcode, int width, long length) {
        PickleEncoder p = new PickleEncoder().proto(4).op(opcode);
        ByteBuffer field = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(length);
        return p.raw(Arrays.copyOf(field.array(), width))
                .raw(new byte[16])
                .op(Opcodes.STOP)
                .toByteArray();
    }

    /** A dict whose key is a list of 40 levels, each holding the level below twice (2^40 leaves when hashed). */
    private static byte[] billionLaughsKey() {
        PickleEncoder p = new PickleEncoder()
                .proto(2)
                .op(Opcodes.EMPTY_DICT)
                .op(Opcodes.EMPTY_LIST)
                .op(Opcodes.BINPUT)
                .op((short) 0);
        for (int level = 1; level <= 40; level++) {
            p.op(Opcodes.EMPTY_LIST)
                    .op(Opcodes.MARK)
                    .op(Opcodes.BINGET)
                    .op((short) (level - 1))
                    .op(Opcodes.BINGET)
                    .op((short) (level - 1))
                    .op(Opcodes.APPENDS)
                    .op(Opcodes.BINPUT)
                    .op((short) level);
        }
        return p.integer(1).op(Opcodes.SETITEM).op(Opcodes.STOP).toByteArray();
    }

    private static byte[] deepLists() {
        PickleEncoder p = new PickleEncoder().proto(2);
        for (int i = 0; i < DEEP; i++) {
            p.op(Opcodes.EMPTY_LIST);
        }
        for (int i = 1; i < DEEP; i++) {
            p.op(Opcodes.APPEND);
        }
        return p.op(Opcodes.STOP).toByteArray();
    }

    private static byte[] deepTuples() {
        PickleEncoder p = new PickleEncoder().proto(2).op(Opcodes.EMPTY_TUPLE);
        for (int i = 0; i < DEEP; i++) {
            p.op(Opcodes.TUPLE1);
        }
        return p.op(Opcodes.STOP).toByteArray();
    }

    private static byte[] deepPersistentId() {
        PickleEncoder p = new PickleEncoder().proto(2).op(Opcodes.EMPTY_TUPLE);
        for (int i = 0; i < DEEP; i++) {
            p.op(Opcodes.TUPLE1);
        }
        return p.op(Opcodes.BINPERSID).op(Opcodes.STOP).toByteArray();
    }

    /** A state dict {'w': one view of storage '0'}. */
    private static byte[] stateDict(long numel, long offset, long[] size, long[] stride) {
        PickleEncoder p = new PickleEncoder().proto(2).op(Opcodes.EMPTY_DICT).string("w");
        return CheckpointFiles.rebuild(p, "0", numel, offset, size, stride)
                .op(Opcodes.SETITEM)
                .op(Opcodes.STOP)
                .toByteArray();
    }

    private static void storage(Path dir, String name, long numel, long offset, long[] size, long[] stride, int bytes) {
        zip(dir, name, stateDict(numel, offset, size, stride), Map.of("data/0", new byte[bytes]));
    }

    private static void zip(Path dir, String name, byte[] pickle) {
        zip(dir, name, pickle, Map.of());
    }

    private static void zip(Path dir, String name, byte[] pickle, Map<String, byte[]> storages) {
        RawZip zip = new RawZip()
                .stored(ARCHIVE + "data.pkl", pickle)
                .stored(ARCHIVE + "version", "3\n".getBytes(StandardCharsets.US_ASCII));
        new LinkedHashMap<>(storages).forEach((key, data) -> zip.stored(ARCHIVE + key, data));
        zip.write(dir.resolve(name));
    }

    private static void sj(Path dir, String name, String json, int dataBytes) {
        byte[] header = json.getBytes(StandardCharsets.UTF_8);
        st(dir, name, header.length, header, dataBytes);
    }

    private static void st(Path dir, String name, long headerLength, byte[] header, int dataBytes) {
        ByteBuffer file = ByteBuffer.allocate(8 + header.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        file.putLong(headerLength).put(header);
        write(dir.resolve(name), file.array());
    }

    private static void truncate(Path file, int keep) {
        try {
            write(file, Arrays.copyOf(Files.readAllBytes(file), keep));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, byte[] data) {
        try {
            Files.write(file, data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
