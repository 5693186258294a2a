package dev.cvt4j.inference.djl;

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
import dev.cvt4j.config.ConfigException;
import dev.cvt4j.inference.CvtClassifier;
import dev.cvt4j.inference.Prediction;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The DJL-native paths: {@link Criteria} finds {@link CvtModelZoo} through the {@code ZooProvider}
 * service ({@code optGroupId} + {@code weights}), or loads the checkpoint given by
 * {@code optModelPath} through {@link CvtRepositoryFactory}; either way its {@code Predictor} gives
 * the same top-5 as {@link CvtClassifier} on every preprocessing fixture image, one by one and in a
 * batch, for the cvt-13 checkpoint and for every cvt-tiny checkpoint file.
 */
class DjlModelZooTest {
    private static final Path WEIGHTS = Fixtures.path("cvt-13", "official.pth");
    private static final String TINY_SPEC =
            Fixtures.path("cvt-tiny", "spec.yaml").toString();
    private static final List<String> IMAGES =
            List.of("landscape.jpg", "portrait.png", "gray.png", "rgba.png", "tiny.png");
    private static final String ZOO = "optGroupId";
    private static final String PATH = "optModelPath";

    private static CvtClassifier classifier;
    private static ZooModel<Image, Classifications> zooModel;
    private static ZooModel<Image, Classifications> pathModel;

    @TempDir
    Path dir;

    @BeforeAll
    static void load() throws Exception {
        classifier = CvtClassifier.load("cvt-13", WEIGHTS);
        zooModel = criteria("cvt-13", WEIGHTS).build().loadModel();
        pathModel = Criteria.builder()
                .setTypes(Image.class, Classifications.class)
                .optModelPath(WEIGHTS)
                .optArgument("model", "cvt-13")
                .build()
                .loadModel();
    }

    @AfterAll
    static void close() {
        pathModel.close();
        zooModel.close();
        classifier.close();
    }

    private static ZooModel<Image, Classifications> model(String form) {
        return form.equals(ZOO) ? zooModel : pathModel;
    }

    private static Criteria.Builder<Image, Classifications> pathCriteria(Path checkpoint, String preset) {
        return Criteria.builder()
                .setTypes(Image.class, Classifications.class)
                .optModelPath(checkpoint)
                .optArgument("model", preset);
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

    /**
     * Same classes in the same order, probabilities within 1e-5.
     *
     * @return the largest probability difference over the top 5
     */
    static double assertSameTop5(List<Prediction> expected, Classifications actual, String what) {
        List<Classifications.Classification> top = actual.topK(5);
        assertEquals(5, top.size(), what);
        double maxDiff = 0;
        for (int i = 0; i < 5; i++) {
            assertEquals(expected.get(i).label(), top.get(i).getClassName(), what + " rank " + i);
            assertEquals(expected.get(i).probability(), top.get(i).getProbability(), 1e-5, what + " rank " + i);
            maxDiff = Math.max(
                    maxDiff, Math.abs(expected.get(i).probability() - top.get(i).getProbability()));
        }
        return maxDiff;
    }

    /** Asserts the top-5 of the model on every fixture image against the facade's; prints the largest difference. */
    private static void assertMatchesFacade(ZooModel<Image, Classifications> model, CvtClassifier facade, String what)
            throws Exception {
        double maxDiff = 0;
        try (Predictor<Image, Classifications> predictor = model.newPredictor()) {
            for (String name : IMAGES) {
                List<Prediction> expected = facade.classify(Fixtures.path("preprocess", name), 5);
                Classifications actual = predictor.predict(image(name));
                System.out.printf(
                        "djl %-40s %-14s top-1 %s %.6f%n",
                        what, name, actual.best().getClassName(), actual.best().getProbability());
                maxDiff = Math.max(maxDiff, assertSameTop5(expected, actual, what + " " + name));
            }
        }
        System.out.printf("djl %-40s top-5 max |diff| vs CvtClassifier %.1e%n", what, maxDiff);
    }

    @Test
    void zooIsRegisteredThroughTheServiceFile() {
        assertInstanceOf(CvtModelZoo.class, ModelZoo.getModelZoo(CvtModelZoo.GROUP_ID));
        assertInstanceOf(dev.cvt4j.model.Cvt.class, zooModel.getBlock());
        assertInstanceOf(dev.cvt4j.model.Cvt.class, pathModel.getBlock());
        assertEquals("PyTorch", pathModel.getNDManager().getEngine().getEngineName());
    }

    @ParameterizedTest
    @ValueSource(strings = {ZOO, PATH})
    void predictorMatchesTheFacadeOnEveryFixtureImage(String form) throws Exception {
        assertMatchesFacade(model(form), classifier, form + " cvt-13/official.pth");
    }

    @ParameterizedTest
    @ValueSource(strings = {"official.pth", "hf.safetensors", "hf_pytorch_model.bin"})
    void modelPathLoadsEveryTinyCheckpointFile(String file) throws Exception {
        Path checkpoint = Fixtures.path("cvt-tiny", file);
        try (CvtClassifier facade = CvtClassifier.load(TINY_SPEC, checkpoint);
                ZooModel<Image, Classifications> tiny =
                        pathCriteria(checkpoint, TINY_SPEC).build().loadModel()) {
            assertMatchesFacade(tiny, facade, PATH + " cvt-tiny/" + file);
        }
    }

    @Test
    void modelUrlCarriesArgumentsInItsQuery() throws Exception {
        Path checkpoint = Fixtures.path("cvt-tiny", "hf.safetensors");
        Criteria<Image, Classifications> c = Criteria.builder()
                .setTypes(Image.class, Classifications.class)
                .optModelUrls(checkpoint.toUri() + "?model=" + TINY_SPEC + "&topK=3")
                .build();
        try (ZooModel<Image, Classifications> tiny = c.loadModel();
                Predictor<Image, Classifications> predictor = tiny.newPredictor()) {
            Classifications result = predictor.predict(image("tiny.png"));
            assertEquals(10, result.getProbabilities().size());
            assertEquals(3, result.topK().size());
        }
    }

    /** A batch through the {@code optModelPath} form against single predictions through the zoo form. */
    @Test
    void batchPredictEqualsSinglePredictions() throws Exception {
        List<Image> images = new ArrayList<>();
        for (String name : IMAGES) {
            images.add(image(name));
        }
        double maxDiff = 0;
        try (Predictor<Image, Classifications> batched = pathModel.newPredictor();
                Predictor<Image, Classifications> single = zooModel.newPredictor()) {
            List<Classifications> batch = batched.batchPredict(images);
            assertEquals(images.size(), batch.size());
            for (int i = 0; i < images.size(); i++) {
                List<Double> a = single.predict(images.get(i)).getProbabilities();
                List<Double> b = batch.get(i).getProbabilities();
                assertEquals(1000, b.size());
                for (int c = 0; c < a.size(); c++) {
                    assertEquals(a.get(c), b.get(c), 1e-6, IMAGES.get(i) + " class " + c);
                    maxDiff = Math.max(maxDiff, Math.abs(a.get(c) - b.get(c)));
                }
            }
        }
        System.out.printf(
                "djl batch of %d (optModelPath) vs single (optGroupId): max |diff| %.1e over 1000 classes%n",
                images.size(), maxDiff);
    }

    @Test
    void weightsMayBeADirectoryHoldingOneCheckpoint() throws Exception {
        Files.copy(Fixtures.path("cvt-tiny", "hf.safetensors"), dir.resolve("model.safetensors"));
        Files.writeString(dir.resolve("notes.txt"), "not a checkpoint");
        String spec = Fixtures.path("cvt-tiny", "spec.yaml").toString();
        try (ZooModel<Image, Classifications> tiny =
                        criteria(spec, dir).optArgument("topK", 3).build().loadModel();
                Predictor<Image, Classifications> predictor = tiny.newPredictor()) {
            Classifications c = predictor.predict(image("tiny.png"));
            assertEquals(10, c.getProbabilities().size());
            assertEquals(3, c.topK().size());
            assertTrue(c.best().getClassName().startsWith("class_"));
        }
    }

    @Test
    void criteriaWithoutModelAndWeightsIsNotOurs() {
        Criteria<Image, Classifications> c = Criteria.builder()
                .setTypes(Image.class, Classifications.class)
                .optGroupId(CvtModelZoo.GROUP_ID)
                .build();
        Exception e = assertThrows(ModelNotFoundException.class, c::loadModel);
        assertTrue(e.getCause().getMessage().contains("'weights'"), e.getCause().getMessage());
    }

    @Test
    void checkpointThatDoesNotFitFailsNamingTheFile() {
        Path tinyWeights = Fixtures.path("cvt-tiny", "official.pth");
        MalformedModelException e = assertThrows(
                MalformedModelException.class,
                () -> criteria("cvt-13", tinyWeights).build().loadModel());
        assertTrue(e.getMessage().startsWith(tinyWeights + ": does not fit the model"), e.getMessage());
    }

    @Test
    void directoryWithoutCheckpointFails() {
        MalformedModelException e = assertThrows(
                MalformedModelException.class,
                () -> criteria("cvt-13", dir).build().loadModel());
        assertTrue(e.getMessage().contains("no checkpoint file"), e.getMessage());
    }

    @Test
    void modelPathToACheckpointThatDoesNotFitFailsNamingTheFile() {
        Path tinyWeights = Fixtures.path("cvt-tiny", "official.pth");
        IOException e = assertThrows(
                IOException.class,
                () -> pathCriteria(tinyWeights, "cvt-13").build().loadModel());
        assertTrue(e.getMessage().startsWith(tinyWeights + ": does not fit the model: "), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    }

    @Test
    void modelPathWithoutModelArgumentFailsNamingTheArgument() {
        Criteria<Image, Classifications> c = Criteria.builder()
                .setTypes(Image.class, Classifications.class)
                .optModelPath(Fixtures.path("cvt-tiny", "official.pth"))
                .build();
        ConfigException e = assertThrows(ConfigException.class, c::loadModel);
        assertTrue(e.getMessage().startsWith("cvt4j needs the criteria argument 'model'"), e.getMessage());
    }

    @Test
    void modelPathWithAnUnknownPresetFailsNamingIt() {
        ConfigException e = assertThrows(
                ConfigException.class,
                () -> pathCriteria(Fixtures.path("cvt-tiny", "official.pth"), "cvt-99")
                        .build()
                        .loadModel());
        assertTrue(e.getMessage().startsWith("cvt-99: neither a preset"), e.getMessage());
    }

    @Test
    void missingModelPathIsNotFound() {
        Path missing = dir.resolve("missing.pth");
        assertThrows(
                ModelNotFoundException.class,
                () -> pathCriteria(missing, "cvt-13").build().loadModel());
    }
}
