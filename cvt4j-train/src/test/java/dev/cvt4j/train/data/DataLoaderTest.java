package dev.cvt4j.train.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvt4j.eval.DatasetException;
import dev.cvt4j.image.EvalTransform;
import dev.cvt4j.image.Filter;
import dev.cvt4j.image.Normalization;
import dev.cvt4j.image.RgbImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.function.IntFunction;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The parallel loader: order, determinism independent of threads, resume, failures, shutdown. */
class DataLoaderTest {
    private static final ShapesDataset DATA = new ShapesDataset(3, 7, 40, 0, "train");
    /** The official timm pipeline (RandAugment, erasing) at 32 x 32. */
    private static final SampleTransform TRANSFORM = new TrainTransform(
            32,
            List.of(
                    new RandomResizedCrop(32, 0.08, 1, 0.75, 4 / 3.0, Interpolation.BICUBIC),
                    new RandomFlip(true, 0.5),
                    RandAugment.parse(
                            "rand-m9-mstd0.5-inc1",
                            new AugmentOp.Geometry(Interpolation.BICUBIC, new int[] {124, 116, 104}, 0.45))),
            Normalization.IMAGENET,
            Optional.of(RandomErasing.timm(0.25, RandomErasing.Mode.PIXEL, 1)));

    @TempDir
    Path dir;

    private static List<Batch> epoch(DataLoader loader, int epoch, int first) {
        List<Batch> batches = new ArrayList<>();
        try (DataLoader.Epoch it = loader.epoch(epoch, first)) {
            it.forEachRemaining(batches::add);
        }
        return batches;
    }

    private static void assertSameBatches(List<Batch> expected, List<Batch> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            Batch e = expected.get(i);
            Batch a = actual.get(i);
            assertEquals(e.index(), a.index());
            assertArrayEquals(e.samples(), a.samples(), "batch " + e.index());
            assertArrayEquals(e.labels(), a.labels());
            assertArrayEquals(e.images(), a.images(), "images of batch " + e.index());
            assertEquals(e.mixSeed(), a.mixSeed());
        }
    }

    @Test
    void batchCountAndShapesFollowDropLast() {
        try (DataLoader drop = new DataLoader(DATA, TRANSFORM, new LoaderOptions(4, true, true, 1, 2, 2));
                DataLoader keep = new DataLoader(DATA, TRANSFORM, new LoaderOptions(4, true, false, 1, 2, 2))) {
            assertEquals(5, drop.batchesPerEpoch());
            assertEquals(6, keep.batchesPerEpoch());
            List<Batch> all = epoch(keep, 0, 0);
            assertEquals(1, all.get(5).size());
            assertEquals(1 * 3 * 32 * 32, all.get(5).images().length);
            assertEquals(4 * 3 * 32 * 32, all.get(0).images().length);
            assertEquals(32, all.get(0).height());
        }
    }

    @Test
    void shuffleIsAPermutationPerEpochAndFixedForTheSeed() {
        try (DataLoader a = new DataLoader(DATA, TRANSFORM, LoaderOptions.training(4, 3, 1));
                DataLoader b = new DataLoader(DATA, TRANSFORM, LoaderOptions.training(4, 3, 1));
                DataLoader plain = new DataLoader(DATA, TRANSFORM, LoaderOptions.evaluation(4, 1))) {
            int[] e0 = a.order(0);
            int[] sorted = e0.clone();
            Arrays.sort(sorted);
            int[] identity = plain.order(5);
            assertArrayEquals(identity, sorted);
            assertArrayEquals(e0, b.order(0));
            assertFalse(Arrays.equals(e0, a.order(1)));
            assertFalse(Arrays.equals(e0, identity));
        }
    }

    @Test
    void batchesDoNotDependOnTheNumberOfWorkers() {
        try (DataLoader one = new DataLoader(DATA, TRANSFORM, new LoaderOptions(4, true, false, 11, 1, 1));
                DataLoader four = new DataLoader(DATA, TRANSFORM, new LoaderOptions(4, true, false, 11, 4, 8))) {
            List<Batch> expected = epoch(one, 2, 0);
            assertSameBatches(expected, epoch(four, 2, 0));
            assertNotEquals(
                    Arrays.hashCode(expected.get(0).images()),
                    Arrays.hashCode(epoch(one, 3, 0).get(0).images()));
        }
    }

    @Test
    void sampleTensorsDependOnlyOnSeedEpochAndIndexNotOnBatching() {
        try (DataLoader byThree = new DataLoader(DATA, TRANSFORM, new LoaderOptions(3, true, false, 5, 2, 2));
                DataLoader bySeven = new DataLoader(DATA, TRANSFORM, new LoaderOptions(7, true, false, 5, 2, 2))) {
            Batch a = byThree.batch(1, 0);
            Batch b = bySeven.batch(1, 0);
            int chw = 3 * 32 * 32;
            for (int k = 0; k < 3; k++) {
                assertEquals(a.samples()[k], b.samples()[k]);
                assertArrayEquals(
                        Arrays.copyOfRange(a.images(), k * chw, (k + 1) * chw),
                        Arrays.copyOfRange(b.images(), k * chw, (k + 1) * chw));
            }
        }
    }

    @Test
    void resumingMidEpochGivesTheSameRemainingBatches() {
        try (DataLoader loader = new DataLoader(DATA, TRANSFORM, new LoaderOptions(4, true, true, 21, 2, 3))) {
            List<Batch> full = epoch(loader, 4, 0);
            List<Batch> resumed = epoch(loader, 4, 3);
            assertSameBatches(full.subList(3, full.size()), resumed);
            assertSameBatches(List.of(full.get(2)), List.of(loader.batch(4, 2)));
            assertTrue(epoch(loader, 4, loader.batchesPerEpoch()).isEmpty());
            assertThrows(IndexOutOfBoundsException.class, () -> loader.epoch(4, loader.batchesPerEpoch() + 1));
        }
    }

    @Test
    void unreadableImageStopsTheEpochNamingTheFile() throws IOException {
        new ShapesDataset(2, 4, 32, 0, "train").write(dir, 2);
        Path broken = dir.resolve("square/00002.png");
        Files.write(broken, new byte[] {1, 2, 3});
        ImageFolderDataset folder = ImageFolderDataset.open(dir);
        try (DataLoader loader = new DataLoader(folder, TRANSFORM, new LoaderOptions(2, false, false, 0, 2, 4));
                DataLoader.Epoch it = loader.epoch(0)) {
            it.next();
            it.next();
            DatasetException e = assertThrows(DatasetException.class, () -> {
                while (it.hasNext()) {
                    it.next();
                }
            });
            assertTrue(e.getMessage().startsWith(broken.toString()), e.getMessage());
            assertFalse(it.hasNext(), "the epoch is closed after a failure");
        }
    }

    @Test
    void transformFailureNamesTheSample() {
        SampleTransform failing = new SampleTransform() {
            @Override
            public float[] apply(RgbImage image, RandomGenerator rng) {
                throw new IllegalStateException("boom");
            }

            @Override
            public int width() {
                return 8;
            }

            @Override
            public int height() {
                return 8;
            }
        };
        try (DataLoader loader = new DataLoader(DATA, failing, LoaderOptions.evaluation(2, 1))) {
            DatasetException e = assertThrows(DatasetException.class, () -> loader.batch(0, 0));
            assertEquals("train shape 0 (circle): boom", e.getMessage());
        }
    }

    @Test
    void interruptingTheConsumerCancelsTheEpoch() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        LabeledImages blocking = synthetic(4, index -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Images.solid(8, 8, 1, 2, 3);
        });
        try (DataLoader loader = new DataLoader(
                        blocking,
                        SampleTransform.of(new EvalTransform(8, 8, false, Filter.BILINEAR, Normalization.IMAGENET)),
                        LoaderOptions.evaluation(2, 1));
                DataLoader.Epoch it = loader.epoch(0)) {
            Thread.currentThread().interrupt();
            DatasetException e = assertThrows(DatasetException.class, it::next);
            assertTrue(Thread.interrupted(), "the interrupt flag is restored");
            assertTrue(e.getMessage().contains("interrupted"), e.getMessage());
            assertFalse(it.hasNext());
        } finally {
            release.countDown();
        }
    }

    @Test
    void closedLoaderRefusesWork() {
        DataLoader loader = new DataLoader(DATA, TRANSFORM, LoaderOptions.evaluation(4, 1));
        DataLoader.Epoch it = loader.epoch(0);
        loader.close();
        assertThrows(IllegalStateException.class, it::next);
    }

    @Test
    void emptyDatasetIsRefused() {
        assertThrows(
                DatasetException.class,
                () -> new DataLoader(
                        synthetic(0, i -> Images.solid(8, 8, 0, 0, 0)), TRANSFORM, LoaderOptions.evaluation(1, 1)));
    }

    /** {@code size} samples of class {@code a}, each image made by {@code image}. */
    private static LabeledImages synthetic(int size, IntFunction<RgbImage> image) {
        return new LabeledImages() {
            @Override
            public int size() {
                return size;
            }

            @Override
            public List<String> classes() {
                return List.of("a");
            }

            @Override
            public int label(int index) {
                return 0;
            }

            @Override
            public RgbImage image(int index) {
                return image.apply(index);
            }

            @Override
            public String describe(int index) {
                return "synthetic " + index;
            }
        };
    }
}
