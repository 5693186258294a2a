package dev.cvt4j.train.data;

import dev.cvt4j.image.RgbImage;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.imageio.ImageIO;

/**
 * One split of the procedural shapes task ({@link ShapesGenerator}), generated on demand: {@code
 * perClass} images of each of the first {@code numClasses} shapes of {@link
 * ShapesGenerator#SHAPES}. Classes are sorted by name, as {@link ImageFolderDataset} sorts folders, and
 * sample {@code class * perClass + k} is image {@code k} of that class, which is also the order in
 * which {@link ImageFolderDataset} lists the folder {@link #write(Path, int)} creates ({@code
 * <class>/<k, 5 digits>.png}). Image {@code i} is drawn from {@code Seeds.random(seed, split,
 * i)} (the split name's {@code String.hashCode}), so every image is a pure function of the seed, the
 * split name and its index.
 */
public final class ShapesDataset implements LabeledImages {
    private final List<String> classes;
    private final int perClass;
    private final int size;
    private final long seed;
    private final String split;

    /**
     * @param numClasses how many shapes, 2 to {@code SHAPES.size()}
     * @param perClass images per class, positive
     * @param size image width and height in pixels, at least 16
     * @param seed the generator seed
     * @param split the split name, e.g. {@code train} or {@code val}; part of every image's seed
     * @throws IllegalArgumentException if a count or the size is out of range
     */
    public ShapesDataset(int numClasses, int perClass, int size, long seed, String split) {
        if (numClasses < 2 || numClasses > ShapesGenerator.SHAPES.size() || perClass < 1 || size < 16) {
            throw new IllegalArgumentException("shapes need 2.." + ShapesGenerator.SHAPES.size()
                    + " classes, at least 1 image per class and 16 pixels, got " + numClasses + ", " + perClass + ", "
                    + size);
        }
        this.classes =
                ShapesGenerator.SHAPES.subList(0, numClasses).stream().sorted().toList();
        this.perClass = perClass;
        this.size = size;
        this.seed = seed;
        this.split = split;
    }

    @Override
    public int size() {
        return classes.size() * perClass;
    }

    @Override
    public List<String> classes() {
        return classes;
    }

    @Override
    public int label(int index) {
        checkIndex(index);
        return index / perClass;
    }

    /**
     * Draws one image.
     *
     * @param index sample index
     * @return the image as Java2D drew it
     */
    public BufferedImage render(int index) {
        checkIndex(index);
        return ShapesGenerator.draw(classes.get(label(index)), size, Seeds.random(seed, split.hashCode(), index));
    }

    @Override
    public RgbImage image(int index) {
        BufferedImage image = render(index);
        int[] argb = image.getRGB(0, 0, size, size, null, 0, size);
        byte[] rgb = new byte[3 * argb.length];
        for (int i = 0; i < argb.length; i++) {
            rgb[3 * i] = (byte) (argb[i] >> 16);
            rgb[3 * i + 1] = (byte) (argb[i] >> 8);
            rgb[3 * i + 2] = (byte) argb[i];
        }
        return RgbImage.of(size, size, rgb);
    }

    @Override
    public String describe(int index) {
        return split + " shape " + index + " (" + classes.get(label(index)) + ")";
    }

    /**
     * Writes the split as an image folder: {@code dir/<class>/<k>.png}, {@code k} zero-padded to 5
     * digits. The PNG bytes depend only on the seed, split and index, not on the thread count.
     *
     * @param dir the folder to create the class folders in (created if missing)
     * @param threads drawing and encoding threads, positive
     * @throws UncheckedIOException if a folder or file cannot be written
     */
    public void write(Path dir, int threads) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (String c : classes) {
                Files.createDirectories(dir.resolve(c));
            }
            List<Future<?>> tasks = new ArrayList<>();
            for (int i = 0; i < size(); i++) {
                int index = i;
                tasks.add(pool.submit(() -> writeOne(dir, index)));
            }
            for (Future<?> t : tasks) {
                t.get();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof UncheckedIOException u ? u : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing " + dir, e);
        } finally {
            pool.shutdownNow();
        }
    }

    private void writeOne(Path dir, int index) {
        Path file = dir.resolve(classes.get(label(index))).resolve(String.format("%05d.png", index % perClass));
        try {
            if (!ImageIO.write(render(index), "png", file.toFile())) {
                throw new IOException("no PNG writer");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(new IOException(file + ": cannot write (" + e.getMessage() + ")", e));
        }
    }

    private void checkIndex(int index) {
        if (index < 0 || index >= size()) {
            throw new IndexOutOfBoundsException("sample " + index + " is outside 0.." + (size() - 1));
        }
    }
}
