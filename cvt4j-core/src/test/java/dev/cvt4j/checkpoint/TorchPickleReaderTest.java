package dev.cvt4j.checkpoint;

import static dev.cvt4j.checkpoint.CheckpointFiles.assertFails;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.razorvine.pickle.Opcodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TorchPickleReaderTest {
    @TempDir
    Path dir;

    @Test
    void readsTinyOfficialCheckpointWithMetadata() {
        StateDict sd = TorchPickleReader.read(CheckpointFiles.tinyOfficial());
        assertEquals(153, sd.size());
        assertEquals("stage0.patch_embed.proj.weight", sd.keys().iterator().next());
        assertArrayEquals(
                new long[] {24, 3, 7, 7},
                sd.get("stage0.patch_embed.proj.weight").shape());
        assertArrayEquals(new long[] {1, 1, 96}, sd.get("stage2.cls_token").shape());
        assertArrayEquals(new long[] {10, 96}, sd.get("head.weight").shape());
        assertEquals(
                List.of("head.weight", "head.bias"),
                sd.keys().stream().skip(151).toList());
        assertEquals(
                12,
                sd.asMap().values().stream().filter(t -> t.dtype() == DType.I64).count());
        assertEquals(
                141,
                sd.asMap().values().stream().filter(t -> t.dtype() == DType.F32).count());

        Tensor tracked = sd.get("stage2.blocks.1.attn.conv_proj_v.bn.num_batches_tracked");
        assertEquals(DType.I64, tracked.dtype());
        assertEquals(0, tracked.rank());
        assertArrayEquals(new long[] {1000}, tracked.toLongArray());

        Map<String, Map<String, Object>> metadata = sd.metadata();
        assertEquals(133, metadata.size());
        assertEquals("", metadata.keySet().iterator().next());
        assertEquals(Map.of("version", 1L), metadata.get(""));
        assertEquals(Map.of("version", 1L), metadata.get("stage0.patch_embed.proj"));
        assertEquals(Map.of("version", 2L), metadata.get("stage0.blocks.0.attn.conv_proj_q.bn"));
        assertEquals(Map.of("version", 1L), metadata.get("head"));
    }

    @Test
    void readsHuggingFaceBinWithoutMetadata() {
        StateDict sd = TorchPickleReader.read(CheckpointFiles.tinyHfBin());
        assertEquals(153, sd.size());
        assertEquals(
                "cvt.encoder.stages.0.embedding.convolution_embeddings.projection.weight",
                sd.keys().iterator().next());
        assertTrue(sd.metadata().isEmpty());
    }

    @Test
    void readsCvt13() {
        StateDict sd = TorchPickleReader.read(CheckpointFiles.cvt13Official());
        assertEquals(459, sd.size());
        assertEquals(385, sd.metadata().size());
        assertArrayEquals(new long[] {1000, 384}, sd.get("head.weight").shape());
        assertArrayEquals(
                new long[] {64, 3, 7, 7},
                sd.get("stage0.patch_embed.proj.weight").shape());
        assertArrayEquals(
                new long[] {384, 1, 3, 3},
                sd.get("stage2.blocks.9.attn.conv_proj_k.conv.weight").shape());
        assertArrayEquals(
                new long[] {1536, 384}, sd.get("stage2.blocks.9.mlp.fc1.weight").shape());
        long params = sd.asMap().entrySet().stream()
                .filter(e -> !e.getKey().contains(".bn.running_") && !e.getKey().endsWith("num_batches_tracked"))
                .mapToLong(e -> e.getValue().numel())
                .sum();
        assertEquals(19_997_480, params);
    }

    @Test
    void unwrapsStateDictWrapperIgnoringOtherEntries() {
        Map<String, byte[]> entries = CheckpointFiles.zipEntries(CheckpointFiles.tinyOfficial());
        byte[] original = entries.get("official/data.pkl");
        PickleEncoder wrapper = new PickleEncoder()
                .proto(2)
                .op(Opcodes.EMPTY_DICT)
                .string("epoch")
                .integer(5)
                .op(Opcodes.SETITEM)
                .string("arch")
                .string("cls_cvt")
                .op(Opcodes.SETITEM)
                .string("state_dict");
        ByteArrayOutputStream pickle = new ByteArrayOutputStream();
        pickle.writeBytes(wrapper.toByteArray());
        pickle.write(original, 2, original.length - 3); // without PROTO and STOP
        pickle.writeBytes(
                new PickleEncoder().op(Opcodes.SETITEM).op(Opcodes.STOP).toByteArray());
        entries.put("official/data.pkl", pickle.toByteArray());
        Path file = CheckpointFiles.writeZip(dir.resolve("wrapped.pth"), entries);

        StateDict expected = TorchPickleReader.read(CheckpointFiles.tinyOfficial());
        assertEquals(expected, TorchPickleReader.read(file));
    }

    @Test
    void stripsDataParallelPrefixFromKeysAndMetadata() {
        StateDict sd = TorchPickleReader.read(CheckpointFiles.tinyOfficial());
        StateDict wrapped = sd.renameKeys(k -> "module." + k);
        Map<String, Map<String, Object>> metadata = new LinkedHashMap<>();
        metadata.put("", Map.of("version", 1L));
        sd.metadata().forEach((prefix, local) -> metadata.put(prefix.isEmpty() ? "module" : "module." + prefix, local));
        wrapped.setMetadata(metadata);
        Path file = dir.resolve("dp.pth");
        TorchPickleWriter.write(file, wrapped);

        assertEquals(sd, TorchPickleReader.read(file));
    }

    @Test
    void makesStridedViewsContiguousAndSharesStorages() throws IOException {
        // Storage '0' holds the 2x3 matrix [[0, 1, 2], [3, 4, 5]]; 'a' is its transpose (shape [3, 2],
        // strides [1, 3]) and 'b' the 0-dim element at offset 4 of the same storage.
        PickleEncoder p = new PickleEncoder().proto(2).op(Opcodes.EMPTY_DICT).op(Opcodes.MARK);
        CheckpointFiles.rebuild(p.string("a"), "0", 6, 0, new long[] {3, 2}, new long[] {1, 3});
        CheckpointFiles.rebuild(p.string("b"), "0", 6, 4, new long[] {}, new long[] {});
        byte[] pickle = p.op(Opcodes.SETITEMS).op(Opcodes.STOP).toByteArray();
        byte[] storage = CheckpointFiles.bytes(Tensor.ofFloats(new long[] {6}, new float[] {0, 1, 2, 3, 4, 5}));
        Path file = CheckpointFiles.writeZip(
                dir.resolve("views.pth"), Map.of("archive/data.pkl", pickle, "archive/data/0", storage));

        StateDict sd = TorchPickleReader.read(file);
        assertArrayEquals(new float[] {0, 3, 1, 4, 2, 5}, sd.get("a").toFloatArray());
        assertArrayEquals(new long[] {3, 2}, sd.get("a").shape());
        assertArrayEquals(new float[] {4}, sd.get("b").toFloatArray());
        assertEquals(0, sd.get("b").rank());
    }

    @Test
    void refusesGlobalOpcode() {
        byte[] pickle =
                "\u0080\u0002cos\nsystem\nX\u0004\u0000\u0000\u0000echo\u0085R.".getBytes(StandardCharsets.ISO_8859_1);
        Path file = CheckpointFiles.writePickleZip(dir.resolve("evil.pth"), pickle);
        assertFails(
                file,
                () -> TorchPickleReader.read(file),
                "refusing pickle global 'os.system'",
                "only tensor/storage rebuild functions and OrderedDict are allowed");
    }

    @Test
    void refusesBuiltinEvalInsideStateDict() {
        PickleEncoder p = new PickleEncoder()
                .proto(2)
                .op(Opcodes.EMPTY_DICT)
                .string("head.weight")
                .global("__builtin__", "eval")
                .string("1")
                .op(Opcodes.TUPLE1)
                .op(Opcodes.REDUCE)
                .op(Opcodes.SETITEM)
                .op(Opcodes.STOP);
        Path file = CheckpointFiles.writePickleZip(dir.resolve("eval.pth"), p.toByteArray());
        assertFails(file, () -> TorchPickleReader.read(file), "refusing pickle global '__builtin__.eval'");
    }

    @Test
    void refusesStackGlobalOpcode() {
        PickleEncoder p = new PickleEncoder()
                .proto(4)
                .string("argparse")
                .string("Namespace")
                .op(Opcodes.STACK_GLOBAL)
                .op(Opcodes.EMPTY_TUPLE)
                .op(Opcodes.REDUCE)
                .op(Opcodes.STOP);
        Path file = CheckpointFiles.writePickleZip(dir.resolve("args.pth"), p.toByteArray());
        assertFails(file, () -> TorchPickleReader.read(file), "refusing pickle global 'argparse.Namespace'");
    }

    @Test
    void refusesInstOpcode() {
        byte[] pickle = "(S'ls'\nisubprocess\ncall\n.".getBytes(StandardCharsets.ISO_8859_1);
        Path file = CheckpointFiles.writePickleZip(dir.resolve("inst.pth"), pickle);
        assertFails(file, () -> TorchPickleReader.read(file), "refusing pickle global 'subprocess.call'");
    }

    @Test
    void refusesBuildOnAnythingButStateDictMetadata() {
        PickleEncoder p = new PickleEncoder()
                .proto(2)
                .op(Opcodes.EMPTY_DICT)
                .op(Opcodes.EMPTY_DICT)
                .string("__class__")
                .string("x")
                .op(Opcodes.SETITEM)
                .op(Opcodes.BUILD)
                .op(Opcodes.STOP);
        Path file = CheckpointFiles.writePickleZip(dir.resolve("build.pth"), p.toByteArray());
        assertFails(file, () -> TorchPickleReader.read(file), "refusing pickle BUILD");
    }

    @Test
    void failsOnTruncatedCheckpoint() throws IOException {
        Path source = CheckpointFiles.tinyOfficial();
        Path file = CheckpointFiles.writePrefix(source, dir.resolve("half.pth"), Files.size(source) / 2);
        assertFails(file, () -> TorchPickleReader.read(file), "not a valid zip archive", "truncated");
    }

    @Test
    void failsOnGarbage() throws IOException {
        Path file = Files.write(dir.resolve("garbage.pth"), "this is not a checkpoint at all".getBytes());
        assertFails(file, () -> TorchPickleReader.read(file), "not a valid zip archive");
    }

    @Test
    void failsOnMissingFile() {
        Path file = dir.resolve("missing.pth");
        assertFails(file, () -> TorchPickleReader.read(file), "no such file");
    }

    @Test
    void failsWithoutDataPkl() {
        Path file = CheckpointFiles.writeZip(dir.resolve("nopkl.pth"), Map.of("archive/version", "3\n".getBytes()));
        assertFails(file, () -> TorchPickleReader.read(file), "no <folder>/data.pkl");
    }

    @Test
    void failsOnMissingStorage() {
        Map<String, byte[]> entries = CheckpointFiles.zipEntries(CheckpointFiles.tinyOfficial());
        entries.remove("official/data/7");
        Path file = CheckpointFiles.writeZip(dir.resolve("nostorage.pth"), entries);
        assertFails(file, () -> TorchPickleReader.read(file), "storage data/7", "missing");
    }

    @Test
    void failsOnShortStorage() {
        Map<String, byte[]> entries = CheckpointFiles.zipEntries(CheckpointFiles.tinyOfficial());
        entries.put("official/data/0", Arrays.copyOf(entries.get("official/data/0"), 100));
        Path file = CheckpointFiles.writeZip(dir.resolve("short.pth"), entries);
        assertFails(file, () -> TorchPickleReader.read(file), "storage data/0 has 100 bytes but data.pkl needs 14112");
    }

    @Test
    void failsOnTruncatedPickle() {
        Map<String, byte[]> entries = CheckpointFiles.zipEntries(CheckpointFiles.tinyOfficial());
        entries.put("official/data.pkl", Arrays.copyOf(entries.get("official/data.pkl"), 1000));
        Path file = CheckpointFiles.writeZip(dir.resolve("shortpkl.pth"), entries);
        assertFails(file, () -> TorchPickleReader.read(file), "official/data.pkl is truncated or malformed");
    }

    @Test
    void failsOnNonTensorValues() {
        PickleEncoder p = new PickleEncoder()
                .proto(2)
                .op(Opcodes.EMPTY_DICT)
                .string("epoch")
                .integer(3)
                .op(Opcodes.SETITEM)
                .op(Opcodes.STOP);
        Path file = CheckpointFiles.writePickleZip(dir.resolve("notsd.pth"), p.toByteArray());
        assertFails(
                file, () -> TorchPickleReader.read(file), "not a state dict: entry 'epoch' is a Integer, not a tensor");
    }

    @Test
    void readsBigEndianCheckpoint() {
        StateDict little = new StateDict();
        little.put("w", Tensor.ofFloats(new long[] {2, 2}, new float[] {1.5f, -2f, 3.25f, 1e-3f}));
        Path littleFile = dir.resolve("little.pth");
        TorchPickleWriter.write(littleFile, little);
        Map<String, byte[]> entries = CheckpointFiles.zipEntries(littleFile);
        entries.replaceAll((name, bytes) -> name.contains("/data/") ? reversedFloats(bytes) : bytes);
        entries.keySet().stream()
                .filter(n -> n.endsWith("/byteorder"))
                .toList()
                .forEach(n -> entries.put(n, "big".getBytes(StandardCharsets.US_ASCII)));
        Path big = CheckpointFiles.writeZip(dir.resolve("big.pth"), entries);
        assertEquals(little.get("w"), TorchPickleReader.read(big).get("w"));
    }

    private static byte[] reversedFloats(byte[] data) {
        java.nio.ByteBuffer le = java.nio.ByteBuffer.wrap(data).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        java.nio.ByteBuffer be = java.nio.ByteBuffer.allocate(data.length).order(java.nio.ByteOrder.BIG_ENDIAN);
        while (le.hasRemaining()) {
            be.putFloat(le.getFloat());
        }
        return be.array();
    }
}
