package dev.cvt4j.checkpoint;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Writes zip archives byte by byte (APPNOTE 4.3: local headers, data, central directory, end
 * record), so that tests can build what {@link java.util.zip.ZipOutputStream} refuses to write:
 * two entries of the same name, or an entry whose data inflates far beyond its compressed size.
 */
public final class RawZip {
    private record Entry(String name, byte[] data, boolean deflate) {}

    private final List<Entry> entries = new ArrayList<>();

    /** Adds a stored (uncompressed) entry. */
    public RawZip stored(String name, byte[] data) {
        entries.add(new Entry(name, data, false));
        return this;
    }

    /** Adds a deflated entry. */
    public RawZip deflated(String name, byte[] data) {
        entries.add(new Entry(name, data, true));
        return this;
    }

    /** Writes the archive to {@code file}. */
    public Path write(Path file) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream central = new ByteArrayOutputStream();
        for (Entry e : entries) {
            byte[] name = e.name.getBytes(StandardCharsets.UTF_8);
            byte[] body = e.deflate ? deflate(e.data) : e.data;
            CRC32 crc = new CRC32();
            crc.update(e.data);
            int offset = out.size();
            ByteBuffer local = le(30 + name.length)
                    .putInt(0x04034b50)
                    .putShort((short) 20)
                    .putShort((short) 0)
                    .putShort((short) (e.deflate ? 8 : 0))
                    .putInt(0)
                    .putInt((int) crc.getValue())
                    .putInt(body.length)
                    .putInt(e.data.length)
                    .putShort((short) name.length)
                    .putShort((short) 0)
                    .put(name);
            out.writeBytes(local.array());
            out.writeBytes(body);
            ByteBuffer header = le(46 + name.length)
                    .putInt(0x02014b50)
                    .putShort((short) 20)
                    .putShort((short) 20)
                    .putShort((short) 0)
                    .putShort((short) (e.deflate ? 8 : 0))
                    .putInt(0)
                    .putInt((int) crc.getValue())
                    .putInt(body.length)
                    .putInt(e.data.length)
                    .putShort((short) name.length)
                    .putShort((short) 0)
                    .putShort((short) 0)
                    .putShort((short) 0)
                    .putShort((short) 0)
                    .putInt(0)
                    .putInt(offset)
                    .put(name);
            central.writeBytes(header.array());
        }
        int centralOffset = out.size();
        out.writeBytes(central.toByteArray());
        out.writeBytes(le(22).putInt(0x06054b50)
                .putShort((short) 0)
                .putShort((short) 0)
                .putShort((short) entries.size())
                .putShort((short) entries.size())
                .putInt(central.size())
                .putInt(centralOffset)
                .putShort((short) 0)
                .array());
        try {
            return Files.write(file, out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Raw deflate (no zlib header), as zip stores it. */
    public static byte[] deflate(byte[] data) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        deflater.setInput(data);
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[1 << 16];
        while (!deflater.finished()) {
            out.write(buf, 0, deflater.deflate(buf));
        }
        deflater.end();
        return out.toByteArray();
    }
}
