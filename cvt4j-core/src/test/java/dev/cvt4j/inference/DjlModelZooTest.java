package dev.cvt4j.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.MalformedModelException;
import ai.djl.inference.Predictor;
import ai.djl.modality.Classifications;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ModelZoo;
import ai.djl.repository.zoo.ZooModel;
import dev.cvt4j.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DJL-native path: {@link Criteria} finds {@link CvtModelZoo} through the {@code ZooProvider}
 * service, loads the cvt-13 fixture checkpoint, and its {@code Predictor} gives the same top-5 as
 * {@link CvtClassifier} on every preprocessing fixture image, one by one and in a batch.
 */
class DjlModelZooTest {
    private static final Path WEIGHTS = Fixtures.path("cvt-13", "official.pth");
    private static final List<String> IMAGES = List.of("landscape.jpg", "portrait.png", "gray.png", "rgba.png",
            "tiny.png");

    private static CvtClassifier classifier;
    private static ZooModel<Image, Classifications> model;

    @TempDir
    Path dir;

    @BeforeAll
    static void load() throws Exception {
        classifier = CvtClassifier.load("cvt-13", WEIGHTS);
        model = criteria("cvt-13", WEIGHTS).build().loadModel();
    }

    @AfterAll
    static void close() {
        model.close();
        classifier.close();
    }

    private static Criteria.Builder<Image, Classifications> criteria(String preset, Path weights) {
        return Criteria.builder()
                .setTypes(Image.class, Classifications.class)
                .optGroupId(CvtModelZoo.GROUP_ID)
                .optArgument("model", preset)
                .optArgument("weights", weights.toString())
                .optEngine("PyTorch");
    }

    private static Image image(String name) throws Exception {
        return ImageFactory.getInstance().fromFile(Fixtures.path("preprocess", name));
    }

    /** Same classes in the same order, probabilities within 1e-5. */
    static void assertSameTop5(List<Prediction> expected, Classifications actual, String what) {
        List<Classifications.Classification> top = actual.topK(5);
        assertEquals(5, top.size(), what);
        for (int i = 0; i < 5; i++) {
            assertEquals(expected.get(i).label(), top.get(i).getClassName(), what + " rank " + i);
            assertEquals(expected.get(i).probability(), top.get(i).getProbability(), 1e-5, what + " rank " + i);
        }
    }

    @Test
    void zooIsRegisteredThroughTheServiceFile() {
        assertInstanceOf(CvtModelZoo.class, ModelZoo.getModelZoo(CvtModelZoo.GROUP_ID));
        assertInstanceOf(dev.cvt4j.model.Cvt.class, model.getBlock());
    }

    @Test
    void predictorMatchesTheFacadeOnEveryFixtureImage() throws Exception {
        try (Predictor<Image, Classifications> predictor = model.newPredictor()) {
            for (String name : IMAGES) {
                List<Prediction> expected = classifier.classify(Fixtures.path("preprocess", name), 5);
                Classifications actual = predictor.predict(image(name));
                System.out.printf("djl %-14s top-1 %s %.6f%n", name, actual.best().getClassName(),
                        actual.best().getProbability());
                assertSameTop5(expected, actual, name);
            }
        }
    }

    @Test
    void batchPredictEqualsSinglePredictions() throws Exception {
        List<Image> images = new ArrayList<>();
        for (String name : IMAGES) {
            images.add(image(name));
        }
        try (Predictor<Image, Classifications> predictor = model.newPredictor()) {
            List<Classifications> batch = predictor.batchPredict(images);
            assertEquals(images.size(), batch.size());
            for (int i = 0; i < images.size(); i++) {
                Classifications single = predictor.predict(images.get(i));
                List<Double> a = single.getProbabilities();
                List<Double> b = batch.get(i).getProbabilities();
                assertEquals(1000, b.size());
                for (int c = 0; c < a.size(); c++) {
                    assertEquals(a.get(c), b.get(c), 1e-6, IMAGES.get(i) + " class " + c);
                }
            }
        }
    }

    @Test
    void weightsMayBeADirectoryHoldingOneCheckpoint() throws Exception {
        Files.copy(Fixtures.path("cvt-tiny", "hf.safetensors"), dir.resolve("model.safetensors"));
        Files.writeString(dir.resolve("notes.txt"), "not a checkpoint");
        String spec = Fixtures.path("cvt-tiny", "spec.yaml").toString();
        try (ZooModel<Image, Classifications> tiny = criteria(spec, dir).optArgument("topK", 3).build().loadModel();
                Predictor<Image, Classifications> predictor = tiny.newPredictor()) {
            Classifications c = predictor.predict(image("tiny.png"));
            assertEquals(10, c.getProbabilities().size());
            assertEquals(3, c.topK().size());
            assertTrue(c.best().getClassName().startsWith("class_"));
        }
    }

    @Test
    void criteriaWithoutModelAndWeightsIsNotOurs() {
        Criteria<Image, Classifications> c = Criteria.builder().setTypes(Image.class, Classifications.class)
                .optGroupId(CvtModelZoo.GROUP_ID).build();
        Exception e = assertThrows(ModelNotFoundException.class, c::loadModel);
        assertTrue(e.getCause().getMessage().contains("'weights'"), e.getCause().getMessage());
    }

    @Test
    void checkpointThatDoesNotFitFailsNamingTheFile() {
        Path tinyWeights = Fixtures.path("cvt-tiny", "official.pth");
        MalformedModelException e = assertThrows(MalformedModelException.class,
                () -> criteria("cvt-13", tinyWeights).build().loadModel());
        assertTrue(e.getMessage().startsWith(tinyWeights + ": does not fit the model"), e.getMessage());
    }

    @Test
    void directoryWithoutCheckpointFails() {
        MalformedModelException e = assertThrows(MalformedModelException.class,
                () -> criteria("cvt-13", dir).build().loadModel());
        assertTrue(e.getMessage().contains("no checkpoint file"), e.getMessage());
    }
}
