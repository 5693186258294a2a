package dev.cvt4j.image;

import dev.cvt4j.untrusted.CappedInputStream;
import dev.cvt4j.untrusted.SafeText;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.InflaterInputStream;

/**
 * Checks the chunk structure of a PNG file before the JDK's reader sees it, as Pillow's
 * {@code PngImagePlugin} does: the {@code IHDR} chunk must come first with a correct CRC (the JDK
 * reader checks no CRC; Pillow refuses a broken header), and a compressed text chunk ({@code zTXt},
 * or {@code iTXt} with its compression flag set) may inflate to at most {@value #MAX_TEXT_CHUNK}
 * bytes, all text chunks together to at most {@value #MAX_TEXT_MEMORY} (Pillow's
 * {@code MAX_TEXT_CHUNK} and {@code MAX_TEXT_MEMORY}): the JDK reader inflates text chunks in full,
 * so a small file could otherwise need gigabytes.
 */
final class PngChunks {
    /** Pillow's {@code PngImagePlugin.MAX_TEXT_CHUNK} ({@code ImageFile.SAFEBLOCK}, 1 MiB). */
    static final int MAX_TEXT_CHUNK = 1 << 20;
    /** Pillow's {@code PngImagePlugin.MAX_TEXT_MEMORY} (64 MiB). */
    static final int MAX_TEXT_MEMORY = 64 * MAX_TEXT_CHUNK;

    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private PngChunks() {}

    /** Whether the file starts with the PNG signature. */
    static boolean isPng(byte[] head) {
        if (head.length < SIGNATURE.length) {
            return false;
        }
        for (int i = 0; i < SIGNATURE.length; i++) {
            if (head[i] != SIGNATURE[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Walks the chunks of a PNG file up to {@code IEND} or the end of the file.
     *
     * @throws ImageDecodeException naming the file if IHDR is missing, misplaced or has a bad CRC, or a
     *     text chunk inflates too far
     */
    static void check(Path file) {
        try {
            check(file, Files.newInputStream(file));
        } catch (IOException e) {
            throw new ImageDecodeException(
                    file, "cannot read (" + SafeText.escape(String.valueOf(e.getMessage())) + ")", e);
        }
    }

    /**
     * Walks the chunks of a PNG held in a stream (a file, or an image held in memory) up to
     * {@code IEND} or the end of the stream, and closes the stream.
     *
     * @param file what error messages call the image
     * @param source the PNG, from its signature on
     * @throws ImageDecodeException naming {@code file} if IHDR is missing, misplaced or has a bad CRC, or a
     *     text chunk inflates too far
     */
    static void check(Path file, InputStream source) {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(source))) {
            in.skipNBytes(SIGNATURE.length);
            long textBytes = 0;
            for (int index = 0; ; index++) {
                long length;
                String type;
                try {
                    length = in.readInt() & 0xffffffffL;
                    byte[] typeBytes = in.readNBytes(4);
                    if (typeBytes.length < 4) {
                        return;
                    }
                    type = new String(typeBytes, StandardCharsets.ISO_8859_1);
                } catch (EOFException e) {
                    return;
                }
                if (index == 0 && !type.equals("IHDR")) {
                    throw new ImageDecodeException(
                            file, "PNG does not start with an IHDR chunk (found " + SafeText.quote(type) + ")");
                }
                if (length > Integer.MAX_VALUE) {
                    throw new ImageDecodeException(
                            file,
                            "PNG chunk " + SafeText.quote(type) + " declares " + length
                                    + " bytes, more than the format allows");
                }
                switch (type) {
                    case "IHDR" -> checkHeader(file, in, (int) length);
                    case "zTXt", "iTXt" -> {
                        textBytes += inflatedText(file, type, read(file, in, length, type), textBytes);
                        in.skipNBytes(4);
                    }
                    case "IEND" -> {
                        return;
                    }
                    default -> in.skipNBytes(length + 4);
                }
            }
        } catch (EOFException e) {
            // a truncated file: left to the decoder, which names what is missing
        } catch (IOException e) {
            throw new ImageDecodeException(
                    file, "cannot read (" + SafeText.escape(String.valueOf(e.getMessage())) + ")", e);
        }
    }

    private static byte[] read(Path file, DataInputStream in, long length, String type) throws IOException {
        if (length > MAX_TEXT_MEMORY) {
            throw new ImageDecodeException(
                    file,
                    "PNG " + type + " chunk of " + length + " bytes exceeds the " + MAX_TEXT_MEMORY
                            + "-byte text limit");
        }
        return in.readNBytes((int) length);
    }

    /** Reads IHDR's 13 bytes and its CRC, and compares the CRC. */
    private static void checkHeader(Path file, DataInputStream in, int length) throws IOException {
        if (length != 13) {
            throw new ImageDecodeException(file, "PNG IHDR chunk has " + length + " bytes, not 13");
        }
        byte[] data = in.readNBytes(13);
        int stored = in.readInt();
        CRC32 crc = new CRC32();
        crc.update("IHDR".getBytes(StandardCharsets.ISO_8859_1));
        crc.update(data);
        if ((int) crc.getValue() != stored) {
            throw new ImageDecodeException(file, "PNG IHDR chunk has a bad CRC (broken PNG file)");
        }
    }

    /**
     * The inflated size of a compressed text chunk, refused above the limits. {@code zTXt} is keyword,
     * NUL, method, data; {@code iTXt} is keyword, NUL, compression flag, method, language, NUL,
     * translated keyword, NUL, data; an uncompressed {@code iTXt} counts its raw size.
     */
    private static long inflatedText(Path file, String type, byte[] data, long textSoFar) {
        int keywordEnd = indexOf(data, 0);
        int start;
        boolean compressed;
        if (type.equals("zTXt")) {
            compressed = true;
            start = keywordEnd + 2;
        } else {
            compressed = keywordEnd >= 0 && keywordEnd + 1 < data.length && data[keywordEnd + 1] == 1;
            int language = indexOf(data, keywordEnd + 3);
            int translated = language < 0 ? -1 : indexOf(data, language + 1);
            start = translated < 0 ? data.length : translated + 1;
        }
        if (keywordEnd < 0 || start > data.length) {
            return data.length;
        }
        long size = compressed ? inflatedSize(file, type, data, start) : data.length - start;
        if (textSoFar + size > MAX_TEXT_MEMORY) {
            throw new ImageDecodeException(
                    file, "PNG text chunks hold more than " + MAX_TEXT_MEMORY + " bytes (decompression bomb?)");
        }
        return size;
    }

    private static long inflatedSize(Path file, String type, byte[] data, int start) {
        try (InputStream in = new CappedInputStream(
                new InflaterInputStream(new ByteArrayInputStream(data, start, data.length - start)), MAX_TEXT_CHUNK)) {
            return in.transferTo(OutputStream.nullOutputStream());
        } catch (CappedInputStream.LimitExceededException e) {
            throw new ImageDecodeException(
                    file,
                    "PNG " + type + " chunk inflates to more than " + MAX_TEXT_CHUNK + " bytes (decompression bomb?)",
                    e);
        } catch (IOException e) {
            return data.length - start;
        }
    }

    private static int indexOf(byte[] data, int from) {
        for (int i = Math.max(from, 0); i < data.length; i++) {
            if (data[i] == 0) {
                return i;
            }
        }
        return -1;
    }
}
