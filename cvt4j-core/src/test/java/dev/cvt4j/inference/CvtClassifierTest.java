package dev.cvt4j.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cvt4j.Fixtures;
import dev.cvt4j.config.ExperimentConfig;
import dev.cvt4j.config.Experiments;
import dev.cvt4j.image.ImageDecodeException;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The plain-Java facade on the cvt-tiny fixture model and the preprocessing fixture images. */
class CvtClassifierTest {
    private static final List<Path> IMAGES =
            List.of("landscape.jpg", "portrait.png", "gray.png", "rgba.png", "tiny.png").stream()
                    .map(n -> Fixtures.path("preprocess", n))
                    .toList();

    private static CvtClassifier classifier;

    @BeforeAll
    static void load() {
        classifier = CvtClassifier.load(
                Fixtures.path("cvt-tiny", "spec.yaml").toString(), Fixtures.path("cvt-tiny", "hf.safetensors"), 64);
    }

    @AfterAll
    static void close() {
        classifier.close();
    }

    @Test
    void batchEqualsOneByOne() {
        List<List<Prediction>> batch = classifier.classify(IMAGES, 3);
        assertEquals(IMAGES.size(), batch.size());
        for (int i = 0; i < IMAGES.size(); i++) {
            List<Prediction> single = classifier.classify(IMAGES.get(i), 3);
            assertEquals(3, single.size());
            for (int r = 0; r < 3; r++) {
                assertEquals(single.get(r).index(), batch.get(i).get(r).index(), IMAGES.get(i) + " rank " + r);
                assertEquals(single.get(r).probability(), batch.get(i).get(r).probability(), 1e-6);
            }
        }
    }

    @Test
    void theOnnxRuntimeEngineRanksLikePyTorch() {
        ExperimentConfig tiny =
                Experiments.read(Fixtures.path("cvt-tiny", "spec.yaml")).withImageSize(64);
        Path weights = Fixtures.path("cvt-tiny", "official.pth");
        try (CvtClassifier torch = CvtClassifier.load(tiny, weights, Labels.forClasses(10), InferenceEngine.PYTORCH);
                CvtClassifier ort =
                        CvtClassifier.load(tiny, weights, Labels.forClasses(10), InferenceEngine.ONNXRUNTIME)) {
            assertEquals(InferenceEngine.PYTORCH, torch.engine());
            assertEquals(InferenceEngine.ONNXRUNTIME, ort.engine());
            assertEquals(InferenceEngine.DEFAULT, classifier.engine());
            List<List<Prediction>> expected = torch.classify(IMAGES, 3);
            List<List<Prediction>> actual = ort.classify(IMAGES, 3);
            for (int i = 0; i < IMAGES.size(); i++) {
                for (int r = 0; r < 3; r++) {
                    assertEquals(
                            expected.get(i).get(r).index(), actual.get(i).get(r).index(), IMAGES.get(i) + " rank " + r);
                    assertEquals(
                            expected.get(i).get(r).probability(),
                            actual.get(i).get(r).probability(),
                            1e-5);
                }
            }
        }
    }

    @Test
    void bufferedImageIsReadLikeTheFile() throws Exception {
        for (String png : List.of("portrait.png", "gray.png", "rgba.png")) {
            Path file = Fixtures.path("preprocess", png);
            BufferedImage image = ImageIO.read(file.toFile());
            assertEquals(classifier.classify(file, 5), classifier.classify(image, 5), png);
        }
    }

    @Test
    void fourThreadsGiveTheSequentialResults() throws Exception {
        List<List<Prediction>> sequential = new ArrayList<>();
        for (Path image : IMAGES) {
            sequential.add(classifier.classify(image, 5));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<List<Prediction>>>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                futures.add(pool.submit(() -> {
                    List<List<Prediction>> mine = new ArrayList<>();
                    for (int round = 0; round < 3; round++) {
                        for (Path image : IMAGES) {
                            mine.add(classifier.classify(image, 5));
                        }
                    }
                    return mine;
                }));
            }
            for (Future<List<List<Prediction>>> f : futures) {
                List<List<Prediction>> mine = f.get();
                for (int i = 0; i < mine.size(); i++) {
                    assertEquals(sequential.get(i % IMAGES.size()), mine.get(i));
                }
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void unreadableFileNamesIt() {
        Path missing = Fixtures.path("preprocess", "missing.png");
        ImageDecodeException e = assertThrows(ImageDecodeException.class, () -> classifier.classify(missing, 5));
        assertEquals(missing + ": no such file", e.getMessage());
    }

    @Test
    void topKBelowOneIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> classifier.classify(IMAGES.get(0), 0));
    }
}
