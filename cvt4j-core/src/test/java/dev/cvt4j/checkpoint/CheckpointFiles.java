package dev.cvt4j.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvt4j.Fixtures;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import net.razorvine.pickle.Opcodes;
import org.junit.jupiter.api.function.Executable;

/** Test helpers: fixture paths, zip archives built from fixture bytes, and failure assertions. */
final class CheckpointFiles {
    private CheckpointFiles() {}

    static Path tinyOfficial() {
        return Fixtures.path("cvt-tiny", "official.pth");
    }

    static Path tinyHfBin() {
        return Fixtures.path("cvt-tiny", "hf_pytorch_model.bin");
    }

    static Path tinyHfSafetensors() {
        return Fixtures.path("cvt-tiny", "hf.safetensors");
    }

    static Path cvt13Official() {
        return Fixtures.path("cvt-13", "official.pth");
    }

    /** A state dict with a tensor of each dtype, a 0-dim scalar and an empty tensor. */
    static StateDict everyDtype() {
        StateDict sd = new StateDict();
        for (DType dtype : DType.values()) {
            ByteBuffer data = ByteBuffer.allocate(3 * dtype.byteSize());
            for (int i = 0; i < data.capacity(); i++) {
                data.put(i, (byte) (i * 37 + dtype.ordinal()));
            }
            sd.put(dtype.name(), Tensor.of(dtype, new long[] {3}, data));
        }
        sd.put("scalar", Tensor.ofLongs(new long[] {}, new long[] {-7}));
        sd.put("empty", Tensor.ofFloats(new long[] {0, 4}, new float[0]));
        return sd;
    }

    /** A copy of the tensor's bytes. */
    static byte[] bytes(Tensor tensor) {
        ByteBuffer data = tensor.data();
        byte[] out = new byte[data.remaining()];
        data.get(out);
        return out;
    }

    /** Every entry of a zip archive, in archive order. */
    static Map<String, byte[]> zipEntries(Path zip) {
        try (ZipFile z = new ZipFile(zip.toFile())) {
            Map<String, byte[]> entries = new LinkedHashMap<>();
            for (ZipEntry e : z.stream().toList()) {
                entries.put(e.getName(), z.getInputStream(e).readAllBytes());
            }
            return entries;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes a (deflated) zip archive holding {@code entries}. */
    static Path writeZip(Path file, Map<String, byte[]> entries) {
        try (OutputStream out = Files.newOutputStream(file);
                ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** A zip archive {@code archive/data.pkl} holding {@code pickle}, plus {@code archive/version}. */
    static Path writePickleZip(Path file, byte[] pickle) {
        return writeZip(file, Map.of("archive/data.pkl", pickle, "archive/version", "3\n".getBytes()));
    }

    /** Appends {@code _rebuild_tensor_v2(FloatStorage key, offset, size, stride, False, OrderedDict())}. */
    static PickleEncoder rebuild(PickleEncoder p, String key, long numel, long offset, long[] size, long[] stride) {
        return p.global("torch._utils", "_rebuild_tensor_v2")
                .op(Opcodes.MARK)
                .op(Opcodes.MARK)
                .string("storage")
                .global("torch", "FloatStorage")
                .string(key)
                .string("cpu")
                .integer(numel)
                .op(Opcodes.TUPLE)
                .op(Opcodes.BINPERSID)
                .integer(offset)
                .tuple(size)
                .tuple(stride)
                .bool(false)
                .global("collections", "OrderedDict")
                .op(Opcodes.EMPTY_TUPLE)
                .op(Opcodes.REDUCE)
                .op(Opcodes.TUPLE)
                .op(Opcodes.REDUCE);
    }

    /** Writes the first {@code length} bytes of {@code source} to {@code file}. */
    static Path writePrefix(Path source, Path file, long length) {
        try {
            return Files.write(file, Arrays.copyOf(Files.readAllBytes(source), (int) length));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Asserts that {@code action} fails with a CheckpointException naming {@code file} and containing every fragment. */
    static CheckpointException assertFails(Path file, Executable action, String... fragments) {
        CheckpointException e = assertThrows(CheckpointException.class, action);
        assertEquals(file, e.file());
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        for (String fragment : fragments) {
            assertTrue(e.reason().contains(fragment), "expected '" + fragment + "' in: " + e.getMessage());
        }
        return e;
    }
}
