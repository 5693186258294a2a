package dev.cvt4j.image;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/** Builds PNG files chunk by chunk (PNG spec section 5), for tests that need headers no encoder writes. */
public final class PngBytes {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** A file starting with the PNG signature. */
    public PngBytes() {
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
    }

    /** IHDR: size, bit depth, colour type (0 gray, 2 RGB, 3 palette, 4 gray+alpha, 6 RGBA), interlace (0 or 1). */
    public PngBytes header(int width, int height, int bitDepth, int colorType, int interlace) {
        return chunk(
                "IHDR",
                ByteBuffer.allocate(13)
                        .putInt(width)
                        .putInt(height)
                        .put(new byte[] {(byte) bitDepth, (byte) colorType, 0, 0, (byte) interlace})
                        .array());
    }

    /** One chunk with its length and correct CRC. */
    public PngBytes chunk(String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(typeBytes);
        out.writeBytes(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
        return this;
    }

    /** IDAT holding {@code raw} (scanlines with their filter bytes) zlib-compressed, then IEND. */
    public byte[] imageData(byte[] raw) {
        return chunk("IDAT", zlib(raw)).chunk("IEND", new byte[0]).toByteArray();
    }

    /** The file so far. */
    public byte[] toByteArray() {
        return out.toByteArray();
    }

    /** {@code data} zlib-compressed (what IDAT and zTXt hold). */
    public static byte[] zlib(byte[] data) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        deflater.setInput(data);
        deflater.finish();
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        byte[] buf = new byte[1 << 16];
        while (!deflater.finished()) {
            compressed.write(buf, 0, deflater.deflate(buf));
        }
        deflater.end();
        return compressed.toByteArray();
    }
}
