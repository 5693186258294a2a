package dev.cvt4j.checkpoint;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import net.razorvine.pickle.Opcodes;

/**
 * Writes a state dict in PyTorch's zip checkpoint format, readable by {@code torch.load}
 * (also with {@code weights_only=True}) and by {@link TorchPickleReader}.
 *
 * <p>The archive's single top-level folder is named after the file name without its extension
 * (as {@code torch.save} does) and holds, uncompressed: {@code data.pkl}, a protocol-2 pickle of
 * a {@code collections.OrderedDict} from name to tensor, each rebuilt by
 * {@code torch._utils._rebuild_tensor_v2} from persistent id
 * {@code ('storage', torch.<Type>Storage, '<index>', 'cpu', numel)} with offset 0 and row-major
 * strides, plus the {@code _metadata} attribute (set by {@code BUILD}) when the state dict has
 * metadata; {@code byteorder} ({@code little}); {@code data/<index>}, one little-endian storage per
 * tensor; and {@code version} ({@code 3}). Like PyTorch, every entry's data starts at a multiple
 * of 64 bytes in the file, padded through a {@code "FB"} extra field. Entry times are fixed, so
 * equal state dicts give identical files. The file is replaced atomically.
 *
 * <p>Verified with PyTorch 1.13: {@code torch.load} (with and without {@code weights_only=True})
 * returns bit-identical tensors in the same order and an equal {@code _metadata}. One exception:
 * floating-point {@code _metadata} values (never written by PyTorch itself) are pickled as
 * {@code BINFLOAT}, which the {@code weights_only=True} loader of PyTorch 1.13 rejects.
 */
public final class TorchPickleWriter {
    private static final int ALIGNMENT = 64;
    private static final int LOCAL_HEADER_BYTES = 30;
    private static final int EXTRA_HEADER_BYTES = 4;
    private static final LocalDateTime ENTRY_TIME = LocalDateTime.of(2000, 1, 1, 0, 0);

    private TorchPickleWriter() {}

    /**
     * Writes {@code stateDict} to {@code file}.
     *
     * @throws CheckpointException naming the file if it cannot be written; the old file is then unchanged
     */
    public static void write(Path file, StateDict stateDict) {
        String fileName = file.getFileName().toString();
        int dot = fileName.lastIndexOf('.');
        String stem = dot > 0 ? fileName.substring(0, dot) : fileName;
        String prefix = (stem.isEmpty() || stem.startsWith(".") ? "archive" : stem) + "/";
        byte[] pickle = pickle(stateDict);
        List<Tensor> tensors = new ArrayList<>(stateDict.asMap().values());
        AtomicFile.write(file, channel -> {
            BufferedOutputStream buffered = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
            CountingOutputStream counting = new CountingOutputStream(buffered);
            ZipOutputStream zip = new ZipOutputStream(counting);
            writeEntry(zip, counting, prefix + "data.pkl", ByteBuffer.wrap(pickle));
            writeEntry(zip, counting, prefix + "byteorder", ascii("little"));
            for (int i = 0; i < tensors.size(); i++) {
                writeEntry(zip, counting, prefix + "data/" + i, tensors.get(i).data());
            }
            writeEntry(zip, counting, prefix + "version", ascii("3\n"));
            zip.finish();
            buffered.flush();
        });
    }

    private static ByteBuffer ascii(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII));
    }

    /** The {@code data.pkl} program: {@code OrderedDict} of rebuilt tensors, then {@code _metadata}. */
    static byte[] pickle(StateDict stateDict) {
        PickleEncoder p = new PickleEncoder().proto(2);
        emptyOrderedDict(p).op(Opcodes.MARK);
        int key = 0;
        for (Map.Entry<String, Tensor> e : stateDict.asMap().entrySet()) {
            Tensor t = e.getValue();
            p.string(e.getKey()).global("torch._utils", "_rebuild_tensor_v2").op(Opcodes.MARK);
            p.op(Opcodes.MARK)
                    .string("storage")
                    .global("torch", t.dtype().torchStorageName())
                    .string(Integer.toString(key++))
                    .string("cpu")
                    .integer(t.numel())
                    .op(Opcodes.TUPLE)
                    .op(Opcodes.BINPERSID);
            p.integer(0).tuple(t.shape()).tuple(rowMajorStrides(t.shape())).bool(false);
            emptyOrderedDict(p).op(Opcodes.TUPLE).op(Opcodes.REDUCE);
        }
        p.op(Opcodes.SETITEMS);
        if (!stateDict.metadata().isEmpty()) {
            p.op(Opcodes.EMPTY_DICT).string("_metadata");
            emptyOrderedDict(p).op(Opcodes.MARK);
            stateDict.metadata().forEach((prefix, local) -> {
                p.string(prefix).op(Opcodes.EMPTY_DICT).op(Opcodes.MARK);
                local.forEach((name, value) -> value(p.string(name), value));
                p.op(Opcodes.SETITEMS);
            });
            p.op(Opcodes.SETITEMS).op(Opcodes.SETITEM).op(Opcodes.BUILD);
        }
        return p.op(Opcodes.STOP).toByteArray();
    }

    private static PickleEncoder emptyOrderedDict(PickleEncoder p) {
        return p.global("collections", "OrderedDict").op(Opcodes.EMPTY_TUPLE).op(Opcodes.REDUCE);
    }

    /** A metadata value; {@link StateDict#setMetadata} guarantees one of these four types. */
    private static void value(PickleEncoder p, Object value) {
        if (value instanceof Long l) {
            p.integer(l);
        } else if (value instanceof Double d) {
            p.floating(d);
        } else if (value instanceof Boolean b) {
            p.bool(b);
        } else {
            p.string((String) value);
        }
    }

    private static long[] rowMajorStrides(long[] shape) {
        long[] strides = new long[shape.length];
        long stride = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            strides[d] = stride;
            stride *= shape[d];
        }
        return strides;
    }

    /** Writes one uncompressed entry whose data starts at a multiple of {@value #ALIGNMENT} bytes. */
    private static void writeEntry(ZipOutputStream zip, CountingOutputStream counting, String name, ByteBuffer data)
            throws IOException {
        CRC32 crc = new CRC32();
        crc.update(data.duplicate());
        ZipEntry entry = new ZipEntry(name);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(data.remaining());
        entry.setCompressedSize(data.remaining());
        entry.setCrc(crc.getValue());
        entry.setTimeLocal(ENTRY_TIME);
        long dataStart =
                counting.count + LOCAL_HEADER_BYTES + name.getBytes(StandardCharsets.UTF_8).length + EXTRA_HEADER_BYTES;
        int padding = (int) ((ALIGNMENT - dataStart % ALIGNMENT) % ALIGNMENT);
        byte[] extra = new byte[EXTRA_HEADER_BYTES + padding];
        extra[0] = 'F';
        extra[1] = 'B';
        extra[2] = (byte) padding;
        extra[3] = (byte) (padding >>> 8);
        Arrays.fill(extra, EXTRA_HEADER_BYTES, extra.length, (byte) 'Z');
        entry.setExtra(extra);
        zip.putNextEntry(entry);
        byte[] chunk = new byte[(int) Math.min(data.remaining(), 1 << 20)];
        while (data.hasRemaining()) {
            int n = Math.min(chunk.length, data.remaining());
            data.get(chunk, 0, n);
            zip.write(chunk, 0, n);
        }
        zip.closeEntry();
    }

    /** Counts the bytes written through it, to know where the next zip entry starts. */
    private static final class CountingOutputStream extends FilterOutputStream {
        long count;

        CountingOutputStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }
}
