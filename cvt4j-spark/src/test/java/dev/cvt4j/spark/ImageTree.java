package dev.cvt4j.spark;

import dev.cvt4j.Fixtures;
import dev.cvt4j.eval.TestImages;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * A small ImageFolder tree of real image files for the Spark tests: {@code class_0 .. class_9}, ten classes
 * like the fixtures' cvt-tiny, each with images of another kind: RGB, grayscale and palette PNGs, RGBA PNGs
 * with varying alpha, RGB, grayscale and four-component (CMYK) JPEGs, the fixtures' preprocess images (JPEG,
 * PNG, gray, RGBA), and files that cannot be read: a truncated PNG, half a JPEG, random bytes, and a PNG whose
 * header claims 20000 x 20000 pixels (too large).
 */
final class ImageTree {
    /** The files that cannot be decoded, relative to the root. */
    static final List<String> BROKEN =
            List.of("class_0/truncated.png", "class_3/half.jpg", "class_5/noise.webp", "class_8/bomb.png");

    private ImageTree() {}

    /**
     * Writes the tree.
     *
     * @param root an empty or missing folder
     * @return every file written, readable or not, sorted
     */
    static List<Path> write(Path root) {
        List<Path> files = new ArrayList<>();
        try {
            for (int c = 0; c < 10; c++) {
                Path dir = Files.createDirectories(root.resolve("class_" + c));
                for (int i = 0; i < 2; i++) {
                    files.add(image(dir, c, i));
                }
            }
            String[] fixtures = {"landscape.jpg", "portrait.png", "gray.png", "rgba.png", "tiny.png"};
            for (int f = 0; f < fixtures.length; f++) {
                Path target =
                        root.resolve("class_" + (2 * f + 1)).resolve("sub").resolve(fixtures[f]);
                Files.createDirectories(target.getParent());
                files.add(Files.copy(Fixtures.path("preprocess", fixtures[f]), target));
            }
            byte[] png = Files.readAllBytes(files.get(0));
            files.add(Files.write(root.resolve(BROKEN.get(0)), java.util.Arrays.copyOf(png, 40)));
            byte[] jpeg = Files.readAllBytes(Fixtures.path("preprocess", "landscape.jpg"));
            files.add(Files.write(root.resolve(BROKEN.get(1)), java.util.Arrays.copyOf(jpeg, jpeg.length / 2)));
            byte[] noise = new byte[300];
            new Random(7).nextBytes(noise);
            files.add(Files.write(root.resolve(BROKEN.get(2)), noise));
            files.add(Files.write(root.resolve(BROKEN.get(3)), bombPng()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files.stream().sorted().toList();
    }

    /** Image {@code i} of class {@code c}: the kind cycles through the seven generated kinds. */
    private static Path image(Path dir, int c, int i) throws IOException {
        int kind = (2 * c + i) % 7;
        int width = 50 + 9 * c + 13 * i;
        int height = 40 + 7 * i + 5 * c;
        BufferedImage rgb = TestImages.picture(c / 10f, width, height, 100L * c + i);
        return switch (kind) {
            case 0 -> write(rgb, "png", dir.resolve("rgb_" + i + ".png"));
            case 1 -> write(convert(rgb, BufferedImage.TYPE_BYTE_GRAY), "png", dir.resolve("gray_" + i + ".png"));
            case 2 -> write(palette(rgb), "png", dir.resolve("palette_" + i + ".png"));
            case 3 -> write(rgba(rgb), "png", dir.resolve("rgba_" + i + ".PNG"));
            case 4 -> write(rgb, "jpeg", dir.resolve("rgb_" + i + ".jpg"));
            case 5 -> write(convert(rgb, BufferedImage.TYPE_BYTE_GRAY), "jpeg", dir.resolve("gray_" + i + ".jpeg"));
            default -> cmykJpeg(rgb, dir.resolve("cmyk_" + i + ".jpg"));
        };
    }

    private static BufferedImage convert(BufferedImage source, int type) {
        BufferedImage out = new BufferedImage(source.getWidth(), source.getHeight(), type);
        Graphics2D g = out.createGraphics();
        g.drawImage(source, 0, 0, null);
        g.dispose();
        return out;
    }

    /** A 16-colour palette image (PNG colour type 3). */
    private static BufferedImage palette(BufferedImage source) {
        byte[] r = new byte[16];
        byte[] g = new byte[16];
        byte[] b = new byte[16];
        for (int i = 0; i < 16; i++) {
            r[i] = (byte) (i * 17);
            g[i] = (byte) (255 - i * 13);
            b[i] = (byte) ((i * 71) % 256);
        }
        BufferedImage out = new BufferedImage(
                source.getWidth(),
                source.getHeight(),
                BufferedImage.TYPE_BYTE_INDEXED,
                new IndexColorModel(4, 16, r, g, b));
        Graphics2D graphics = out.createGraphics();
        graphics.drawImage(source, 0, 0, null);
        graphics.dispose();
        return out;
    }

    /** The same pixels with an alpha ramp from 0 to 255 (PIL drops alpha without compositing). */
    private static BufferedImage rgba(BufferedImage source) {
        BufferedImage out = new BufferedImage(source.getWidth(), source.getHeight(), BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < source.getHeight(); y++) {
            for (int x = 0; x < source.getWidth(); x++) {
                int alpha = 255 * x / Math.max(1, source.getWidth() - 1);
                out.setRGB(x, y, (alpha << 24) | (source.getRGB(x, y) & 0xFFFFFF));
            }
        }
        return out;
    }

    /** A four-component JPEG whose stored components are the RGB values and their minimum (no Adobe marker). */
    private static Path cmykJpeg(BufferedImage source, Path file) throws IOException {
        WritableRaster raster =
                Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, source.getWidth(), source.getHeight(), 4, null);
        for (int y = 0; y < source.getHeight(); y++) {
            for (int x = 0; x < source.getWidth(); x++) {
                int p = source.getRGB(x, y);
                int r = (p >> 16) & 255;
                int g = (p >> 8) & 255;
                int b = p & 255;
                raster.setPixel(x, y, new int[] {r, g, b, Math.min(r, Math.min(g, b))});
            }
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(raster, null, null), writer.getDefaultWriteParam());
        } finally {
            writer.dispose();
        }
        return file;
    }

    private static Path write(BufferedImage image, String format, Path file) throws IOException {
        if (!ImageIO.write(image, format, file.toFile())) {
            throw new IllegalStateException("no ImageIO writer for " + format);
        }
        return file;
    }

    /** A PNG signature and an IHDR claiming 20000 x 20000 RGB: refused from the header. */
    private static byte[] bombPng() {
        ByteBuffer png = ByteBuffer.allocate(8 + 25);
        png.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        png.putInt(13).put(new byte[] {'I', 'H', 'D', 'R'}).putInt(20000).putInt(20000);
        png.put(new byte[] {8, 2, 0, 0, 0});
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(png.array(), 12, 17);
        png.putInt((int) crc.getValue());
        return png.array();
    }
}
