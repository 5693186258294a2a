package dev.cvt4j.untrusted;

import dev.cvt4j.Fixtures;
import dev.cvt4j.checkpoint.HostileCheckpoints;
import dev.cvt4j.checkpoint.Safetensors;
import dev.cvt4j.checkpoint.StateDict;
import dev.cvt4j.checkpoint.Tensor;
import dev.cvt4j.image.PngBytes;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Generates the hostile corpus that {@code HostileCorpusCliTest} (cvt4j-cli) runs through the
 * {@code cvt} command, one folder per category: {@code checkpoints/} ({@link HostileCheckpoints}),
 * {@code yaml/} (experiment files: alias bombs, recursive aliases, Python and Java tags, deep
 * nesting, models that do not fit), {@code images/} (Pillow's decompression-bomb and malformed-file
 * cases, plus valid-but-unusual solid-colour images whose preprocessed values are known),
 * {@code tensors/} (inputs for {@code cvt logits}) and {@code trees/} (ImageFolder trees with a
 * symbolic-link loop or a hostile image). What each file must produce is the table
 * {@code hostile-corpus.tsv} in cvt4j-cli's test resources. Nothing is downloaded: every file is
 * built here, byte by byte or with the JDK's encoders, from the fixtures at most.
 */
public final class HostileCorpus {
    /** The file a payload would create if anything executed it. */
    public static final String MARKER = "PAYLOAD-RAN";

    private HostileCorpus() {}

    /**
     * Writes the corpus under {@code root}, which must not exist yet.
     *
     * @param root the corpus folder
     * @return the marker file, never created by the generator
     */
    public static Path generate(Path root) {
        try {
            Path marker = root.resolve(MARKER);
            HostileCheckpoints.write(Files.createDirectories(root.resolve("checkpoints")), marker);
            yaml(Files.createDirectories(root.resolve("yaml")), marker);
            images(Files.createDirectories(root.resolve("images")));
            tensors(Files.createDirectories(root.resolve("tensors")));
            trees(Files.createDirectories(root.resolve("trees")));
            return marker;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void yaml(Path dir, Path marker) throws IOException {
        String spec = Files.readString(Fixtures.path("cvt-tiny", "spec.yaml"));
        StringBuilder bomb = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i < 10; i++) {
            bomb.append("a")
                    .append(i)
                    .append(": &a")
                    .append(i)
                    .append(" [")
                    .append(String.join(", ", java.util.Collections.nCopies(9, "*a" + (i - 1))))
                    .append("]\n");
        }
        write(dir, "y-alias-bomb.yaml", bomb + "MODEL: *a9\n");
        write(dir, "y-recursive-alias.yaml", "MODEL: &m\n  NAME: *m\n");
        write(dir, "y-python-object-tag.yaml", "MODEL: !!python/object/apply:os.system ['touch " + marker + "']\n");
        write(
                dir,
                "y-java-gadget-tag.yaml",
                "MODEL: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader"
                        + " [[!!java.net.URL ['http://127.0.0.1:9/']]]]\n");
        write(dir, "y-deep-nesting.yaml", "MODEL: " + "[".repeat(10_000) + "]".repeat(10_000) + "\n");
        write(
                dir,
                "y-kernel-larger-than-tokens.yaml",
                spec.replace("KERNEL_QKV: [3, 3, 3]", "KERNEL_QKV: [3, 3, 99]")
                        .replace("PADDING_KV: [1, 1, 1]", "PADDING_KV: [1, 1, 0]"));
        write(dir, "y-patch-larger-than-input.yaml", spec.replace("PATCH_SIZE: [7, 3, 3]", "PATCH_SIZE: [999, 3, 3]"));
        write(
                dir,
                "y-padding-overflows-int.yaml",
                spec.replace("PATCH_PADDING: [2, 1, 1]", "PATCH_PADDING: [1073741824, 1, 1]"));
        write(
                dir,
                "y-model-needs-256-tb.yaml",
                spec.replace("DIM_EMBED: [24, 48, 96]", "DIM_EMBED: [24, 48, 4194304]")
                        .replace("NUM_HEADS: [1, 2, 3]", "NUM_HEADS: [1, 2, 4]"));
        write(dir, "y-control-characters.yaml", spec.replace("NAME: cls_cvt", "NAME: \"\\e[2J\\e]0;pwned\\a\""));
        write(dir, "y-non-string-key.yaml", spec.replace("  NUM_CLASSES: 10", "  NUM_CLASSES: 10\n  ? [1, 2]\n  : x"));
        Files.write(
                dir.resolve("y-not-utf8.yaml"), "MODEL:\n  NAME: caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        write(dir, "y-not-a-mapping.yaml", "- just\n- a list\n");
        write(dir, "y-tag-decoding-to-space.yaml", "L\uFFFD !L: !NAM%c");
    }

    private static void images(Path dir) throws IOException {
        byte[] row = new byte[1 + 3 * 8];
        byte[] rgb8x8 = new byte[8 * row.length];
        byte[] good = new PngBytes().header(8, 8, 8, 2, 0).imageData(rgb8x8);
        byte[] badCrc = good.clone();
        badCrc[29] ^= 0x55;
        Files.write(dir.resolve("i-png-bad-ihdr-crc.png"), badCrc);
        Files.write(
                dir.resolve("i-png-ztxt-bomb.png"),
                new PngBytes()
                        .header(8, 8, 8, 2, 0)
                        .chunk(
                                "zTXt",
                                concat(
                                        "Comment\0\0".getBytes(StandardCharsets.ISO_8859_1),
                                        PngBytes.zlib(new byte[100 << 20])))
                        .imageData(rgb8x8));
        Files.write(
                dir.resolve("i-png-itxt-bomb.png"),
                new PngBytes()
                        .header(8, 8, 8, 3, 0)
                        .chunk("PLTE", new byte[3])
                        .chunk(
                                "iTXt",
                                concat(
                                        "XML:com.adobe.xmp\0\1\0\0\0".getBytes(StandardCharsets.ISO_8859_1),
                                        PngBytes.zlib(new byte[100 << 20])))
                        .imageData(new byte[8 * 9]));
        Files.write(
                dir.resolve("i-png-100000x100000.png"),
                new PngBytes().header(100_000, 100_000, 8, 2, 0).imageData(new byte[1 + 3 * 100_000]));
        Files.write(
                dir.resolve("i-png-huge-chunk-length.png"),
                concat(new PngBytes().header(8, 8, 8, 2, 0).toByteArray(), new byte[] {
                    (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xf0, 't', 'E', 'X', 't', 0, 0, 0, 0
                }));
        byte[] jpeg = encode(solid(16, 16, 0x336699), "jpeg");
        Files.write(dir.resolve("i-jpeg-truncated.jpg"), Arrays.copyOf(jpeg, jpeg.length / 2));
        byte[] gif = encode(palette(4, 4, false), "gif");
        gif[6] = (byte) 0xff;
        gif[7] = (byte) 0xff;
        gif[8] = (byte) 0xff;
        gif[9] = (byte) 0xff;
        Files.write(dir.resolve("i-gif-65535x65535-screen.gif"), gif);
        byte[] bmp = encode(solid(4, 4, 0), "bmp");
        ByteBuffer.wrap(bmp).order(ByteOrder.LITTLE_ENDIAN).putInt(18, 50_000).putInt(22, 50_000);
        Files.write(dir.resolve("i-bmp-50000x50000.bmp"), bmp);
        write(dir, "i-not-an-image.png", "#!/bin/sh\necho not an image\n");
        Files.write(dir.resolve("i-empty.jpg"), new byte[0]);

        byte[] wide = new byte[1 + 3 * 4_000_000];
        Files.write(
                dir.resolve("v-png-4000000x1.png"),
                new PngBytes().header(4_000_000, 1, 8, 2, 0).imageData(wide));
        Files.write(
                dir.resolve("v-png-16bit-rgb.png"),
                new PngBytes()
                        .header(4, 4, 16, 2, 0)
                        .imageData(rows(4, 4, new byte[] {(byte) 0xAB, 0x12, 0x34, 0x00, (byte) 0xFF, (byte) 0xFF})));
        Files.write(
                dir.resolve("v-png-16bit-gray.png"),
                new PngBytes().header(4, 4, 16, 0, 0).imageData(rows(4, 4, new byte[] {0x03, (byte) 0xE8})));
        Files.write(
                dir.resolve("v-png-interlaced.png"),
                encode(solid(9, 7, 0x3366CC), "png", ImageWriteParam.MODE_DEFAULT));
        Files.write(
                dir.resolve("v-gif-transparent-index.gif"),
                encode(palette(4, 4, true), "gif", ImageWriteParam.MODE_DISABLED));
    }

    private static void tensors(Path dir) {
        tensor(dir, "t-empty-batch.safetensors", new long[] {0, 3, 32, 32});
        tensor(dir, "t-one-pixel.safetensors", new long[] {1, 3, 1, 1});
        tensor(dir, "t-wrong-rank.safetensors", new long[] {3, 32, 32});
        StateDict ints = new StateDict();
        ints.put("input", Tensor.ofLongs(new long[] {1, 3, 2, 2}, new long[12]));
        Safetensors.write(dir.resolve("t-int64.safetensors"), ints);
    }

    private static void trees(Path dir) throws IOException {
        byte[] png = Files.readAllBytes(Fixtures.path("preprocess", "tiny.png"));
        Path loop = dir.resolve("tree-symlink-loop");
        Path hostile = dir.resolve("tree-hostile-image");
        for (int c = 0; c < 10; c++) {
            Files.write(Files.createDirectories(loop.resolve("class_" + c)).resolve("a.png"), png);
            Files.write(Files.createDirectories(hostile.resolve("class_" + c)).resolve("a.png"), png);
        }
        Files.createSymbolicLink(loop.resolve("class_3/loop"), loop.resolve("class_3"));
        Files.copy(dir.getParent().resolve("images/i-png-ztxt-bomb.png"), hostile.resolve("class_5/bomb.png"));
    }

    private static void tensor(Path dir, String name, long[] shape) {
        StateDict sd = new StateDict();
        sd.put(
                "input",
                Tensor.ofFloats(shape, new float[(int) Arrays.stream(shape).reduce(1, (a, b) -> a * b)]));
        Safetensors.write(dir.resolve(name), sd);
    }

    /** Scanlines of a solid image: filter byte 0, then {@code pixel} repeated. */
    private static byte[] rows(int width, int height, byte[] pixel) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int y = 0; y < height; y++) {
            out.write(0);
            for (int x = 0; x < width; x++) {
                out.writeBytes(pixel);
            }
        }
        return out.toByteArray();
    }

    private static BufferedImage solid(int width, int height, int rgb) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, rgb);
            }
        }
        return image;
    }

    /** Every pixel index 1 (green), which is the transparent index when {@code transparent}. */
    private static BufferedImage palette(int width, int height, boolean transparent) {
        byte[] r = {(byte) 255, 0};
        byte[] g = {0, (byte) 255};
        byte[] b = {0, 0};
        IndexColorModel model =
                transparent ? new IndexColorModel(8, 2, r, g, b, 1) : new IndexColorModel(8, 2, r, g, b);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_INDEXED, model);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.getRaster().setSample(x, y, 0, 1);
            }
        }
        return image;
    }

    private static byte[] encode(BufferedImage image, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!ImageIO.write(image, format, out)) {
            throw new IOException("no " + format + " writer");
        }
        return out.toByteArray();
    }

    /**
     * The image written by the JDK's writer with a progressive mode: {@link ImageWriteParam#MODE_DEFAULT}
     * interlaces a PNG (Adam7), {@link ImageWriteParam#MODE_DISABLED} keeps a GIF non-interlaced (the
     * JDK reader misplaces the rows of an interlaced GIF shorter than 8 rows).
     */
    private static byte[] encode(BufferedImage image, String format, int progressiveMode) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName(format).next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setProgressiveMode(progressiveMode);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(stream);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static void write(Path dir, String name, String text) throws IOException {
        Files.writeString(dir.resolve(name), text);
    }
}
