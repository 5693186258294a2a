package dev.cvt4j.eval;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;

/** Generated image trees for evaluation tests: pictures drawn with java.awt, written as PNG or JPEG. */
public final class TestImages {
    private TestImages() {}

    /**
     * Writes {@code root/class_<c>/img_<i>.png} (every third image a JPEG instead) for {@code classes}
     * classes of {@code perClass} images. Class {@code c} has its own hue; sizes and shapes vary per image.
     */
    static void tree(Path root, int classes, int perClass) {
        for (int c = 0; c < classes; c++) {
            for (int i = 0; i < perClass; i++) {
                String format = i % 3 == 2 ? "jpg" : "png";
                draw(
                        root.resolve("class_" + c).resolve("img_" + i + "." + format),
                        c / (float) classes,
                        40 + 11 * i + 3 * c,
                        36 + 7 * c + 5 * i,
                        1000 * c + i);
            }
        }
    }

    /** Writes a file that has an image extension but holds no image. */
    static void corrupt(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13, 'I', 'H'});
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A background of the given hue with random ellipses, rectangles and stripes, written to {@code file}. */
    static void draw(Path file, float hue, int width, int height, long seed) {
        BufferedImage image = picture(hue, width, height, seed);
        String format = file.getFileName().toString().endsWith(".jpg") ? "jpeg" : "png";
        try {
            Files.createDirectories(file.getParent());
            if (!ImageIO.write(image, format, file.toFile())) {
                throw new IllegalStateException("no ImageIO writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A picture for image tests: a background of the given hue with random ellipses, rectangles and stripes.
     *
     * @param hue the background's hue, 0..1
     * @param width the width in pixels
     * @param height the height in pixels
     * @param seed the seed of the shapes
     * @return an RGB image
     */
    public static BufferedImage picture(float hue, int width, int height, long seed) {
        Random random = new Random(seed);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.getHSBColor(hue, 0.8f, 0.9f));
        g.fillRect(0, 0, width, height);
        for (int s = 0; s < 6; s++) {
            g.setColor(Color.getHSBColor(hue + 0.1f * random.nextFloat(), random.nextFloat(), random.nextFloat()));
            int x = random.nextInt(width);
            int y = random.nextInt(height);
            int w = 4 + random.nextInt(width / 2);
            int h = 4 + random.nextInt(height / 2);
            if (s % 2 == 0) {
                g.fillOval(x, y, w, h);
            } else {
                g.fillRect(x, y, w, h);
            }
        }
        for (int x = 0; x < width; x += 2 + (int) (hue * 6)) {
            g.setColor(Color.getHSBColor(1 - hue, 0.5f, 0.5f));
            g.drawLine(x, 0, x, height / 3);
        }
        g.dispose();
        return image;
    }
}
