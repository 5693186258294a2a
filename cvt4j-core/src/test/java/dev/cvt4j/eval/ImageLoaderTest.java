package dev.cvt4j.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvt4j.image.ImageTransform;
import dev.cvt4j.image.RgbImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ordering, error handling and shutdown of the parallel {@link ImageLoader}. */
class ImageLoaderTest {
    @TempDir
    Path root;

    /** Encodes the image width in the output, and lets a test hold or fail the workers. */
    private static class WidthTransform implements ImageTransform {
        final AtomicInteger concurrent = new AtomicInteger();
        final AtomicInteger maxConcurrent = new AtomicInteger();

        @Override
        public float[] apply(RgbImage image) {
            maxConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
            try {
                // later images finish first: without ordering, results would come back reversed
                Thread.sleep(Math.max(0, 60 - image.width()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                concurrent.decrementAndGet();
            }
            return new float[] {image.width()};
        }

        @Override
        public int width() {
            return 1;
        }

        @Override
        public int height() {
            return 1;
        }
    }

    private List<ImageFolderListing.Sample> drawSamples(int n) {
        List<ImageFolderListing.Sample> samples = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Path file = root.resolve("c/" + i + ".png");
            TestImages.draw(file, 0.5f, 10 + 2 * i, 8, i);
            samples.add(new ImageFolderListing.Sample(file, i % 3));
        }
        return samples;
    }

    /** The loader threads still alive, after giving each up to 10 s to finish exiting its run loop. */
    private static List<String> liveLoaderThreads() throws InterruptedException {
        List<Thread> threads = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("cvt-image-loader-"))
                .toList();
        for (Thread t : threads) {
            t.join(10_000);
        }
        return threads.stream().filter(Thread::isAlive).map(Thread::getName).toList();
    }

    @Test
    void returnsSamplesInOrderWhateverTheTiming() throws Exception {
        List<ImageFolderListing.Sample> samples = drawSamples(20);
        TestImages.corrupt(root.resolve("c/7.png"));
        WidthTransform transform = new WidthTransform();
        List<LoadedImage> loaded = new ArrayList<>();
        try (ImageLoader loader = new ImageLoader(samples, transform, 4, 6)) {
            while (loader.hasNext()) {
                loaded.add(loader.next());
            }
        }
        assertEquals(samples, loaded.stream().map(LoadedImage::sample).toList());
        for (int i = 0; i < samples.size(); i++) {
            if (i == 7) {
                assertNull(loaded.get(i).pixels());
                assertTrue(
                        loaded.get(i).error().contains("corrupt or truncated"),
                        loaded.get(i).error());
            } else {
                assertNull(loaded.get(i).error());
                assertEquals(10 + 2 * i, loaded.get(i).pixels()[0]);
            }
        }
        assertTrue(transform.maxConcurrent.get() > 1, "images are decoded in parallel");
        assertTrue(transform.maxConcurrent.get() <= 4, "at most one image per worker");
    }

    @Test
    void workerFailureIsRethrownAndWorkersStop() throws Exception {
        List<ImageFolderListing.Sample> samples = drawSamples(8);
        ImageTransform failing = new WidthTransform() {
            @Override
            public float[] apply(RgbImage image) {
                if (image.width() == 14) {
                    throw new IllegalStateException("transform bug");
                }
                return super.apply(image);
            }
        };
        try (ImageLoader loader = new ImageLoader(samples, failing, 3, 4)) {
            loader.next();
            loader.next();
            IllegalStateException e = assertThrows(IllegalStateException.class, loader::next);
            assertEquals("transform bug", e.getMessage());
        }
        assertEquals(List.of(), liveLoaderThreads());
    }

    @Test
    void interruptStopsWaitingAndCloseStopsWorkers() throws Exception {
        List<ImageFolderListing.Sample> samples = drawSamples(3);
        CountDownLatch never = new CountDownLatch(1);
        ImageTransform blocking = new WidthTransform() {
            @Override
            public float[] apply(RgbImage image) {
                try {
                    never.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException("interrupted", e);
                }
                return super.apply(image);
            }
        };
        try (ImageLoader loader = new ImageLoader(samples, blocking, 2, 3)) {
            Thread.currentThread().interrupt();
            assertThrows(InterruptedException.class, loader::next);
            assertFalse(Thread.currentThread().isInterrupted());
        }
        assertEquals(List.of(), liveLoaderThreads());
    }

    @Test
    void rejectsNonPositiveSizes() {
        assertThrows(IllegalArgumentException.class, () -> new ImageLoader(List.of(), new WidthTransform(), 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new ImageLoader(List.of(), new WidthTransform(), 1, 0));
    }
}
