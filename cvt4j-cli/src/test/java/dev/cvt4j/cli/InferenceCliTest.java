package dev.cvt4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.inference.Predictor;
import ai.djl.modality.Classifications;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cvt4j.checkpoint.Checkpoints;
import dev.cvt4j.checkpoint.Safetensors;
import dev.cvt4j.checkpoint.StateDict;
import dev.cvt4j.inference.CvtClassifier;
import dev.cvt4j.inference.Labels;
import dev.cvt4j.inference.Prediction;
import dev.cvt4j.inference.TopK;
import dev.cvt4j.inference.djl.CvtModelZoo;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cvt features}, {@code cvt attention}, and {@code cvt classify} against the Java and DJL APIs. */
class InferenceCliTest {
    @TempDir
    Path dir;

    private static final Path ROOT = CvtProcess.fixtures();
    private static final String TINY_SPEC = ROOT.resolve("cvt-tiny/spec.yaml").toString();
    private static final String TINY_PTH = ROOT.resolve("cvt-tiny/official.pth").toString();
    private static final List<String> IMAGES =
            List.of("landscape.jpg", "portrait.png", "gray.png", "rgba.png", "tiny.png");

    private static String image(String name) {
        return ROOT.resolve("preprocess").resolve(name).toString();
    }

    private static void assertUsageError(CvtProcess.Result r, String fragment) {
        assertEquals(2, r.exit(), r.toString());
        assertFalse(r.err().contains("\tat "), r.toString());
        assertTrue(r.err().contains(fragment), "stderr should contain '" + fragment + "':\n" + r);
    }

    @Test
    void featuresWritesEveryStageMapAndTheHeadInput() throws Exception {
        Path out = dir.resolve("features.safetensors");
        CvtProcess.Result r = CvtProcess.run(
                "features",
                "--model",
                TINY_SPEC,
                "--weights",
                TINY_PTH,
                "--image-size",
                "64",
                "--output",
                out.toString(),
                image("tiny.png"),
                image("gray.png"));
        assertEquals(0, r.exit(), r.toString());
        StateDict f = Safetensors.read(out);
        assertEquals(
                Set.of(
                        "tiny/stage0",
                        "tiny/stage1",
                        "tiny/stage2",
                        "tiny/embedding",
                        "gray/stage0",
                        "gray/stage1",
                        "gray/stage2",
                        "gray/embedding"),
                Set.copyOf(f.keys()));
        assertArrayEquals(new long[] {24, 16, 16}, f.get("tiny/stage0").shape());
        assertArrayEquals(new long[] {48, 8, 8}, f.get("tiny/stage1").shape());
        assertArrayEquals(new long[] {96, 4, 4}, f.get("tiny/stage2").shape());
        assertArrayEquals(new long[] {96}, f.get("tiny/embedding").shape());
        assertEquals(image("tiny.png"), Safetensors.readFile(out).metadata().get("source.tiny"));

        // The embedding is the head's input: the head applied to it gives the classifier's probabilities.
        StateDict weights = Checkpoints.read(Path.of(TINY_PTH));
        float[] w = weights.get("head.weight").toFloatArray();
        float[] b = weights.get("head.bias").toFloatArray();
        float[] e = f.get("tiny/embedding").toFloatArray();
        float[] logits = new float[10];
        for (int c = 0; c < 10; c++) {
            double sum = b[c];
            for (int i = 0; i < 96; i++) {
                sum += w[c * 96 + i] * e[i];
            }
            logits[c] = (float) sum;
        }
        try (CvtClassifier classifier = CvtClassifier.load(TINY_SPEC, Path.of(TINY_PTH), 64)) {
            List<Prediction> expected = classifier.classify(Path.of(image("tiny.png")), 10);
            List<Prediction> fromEmbedding = TopK.of(logits, 10, Labels.forClasses(10));
            for (int i = 0; i < 10; i++) {
                assertEquals(expected.get(i).index(), fromEmbedding.get(i).index());
                assertEquals(expected.get(i).probability(), fromEmbedding.get(i).probability(), 1e-5);
            }
        }
    }

    /** The keying rule of {@code cvt preprocess}: stems, or paths as given where stems repeat. */
    @Test
    void featuresKeyImagesByStemAndByPathWhereStemsRepeat() throws Exception {
        Path copy = Files.createDirectory(dir.resolve("other")).resolve("tiny.png");
        Files.copy(Path.of(image("tiny.png")), copy);
        Path out = dir.resolve("f.safetensors");
        CvtProcess.Result r = CvtProcess.run(
                "features",
                "--model",
                TINY_SPEC,
                "--weights",
                TINY_PTH,
                "--image-size",
                "64",
                "--output",
                out.toString(),
                image("tiny.png"),
                copy.toString(),
                image("gray.png"));
        assertEquals(0, r.exit(), r.toString());
        StateDict f = Safetensors.read(out);
        Set<String> embeddings = new HashSet<>();
        for (String key : f.keys()) {
            if (key.endsWith("/embedding")) {
                embeddings.add(key.substring(0, key.length() - "/embedding".length()));
            }
        }
        assertEquals(Set.of(image("tiny.png"), copy.toString(), "gray"), embeddings);
        assertArrayEquals(
                f.get(image("tiny.png") + "/embedding").toFloatArray(),
                f.get(copy + "/embedding").toFloatArray(),
                "the same pixels give the same embedding");
        assertUsageError(
                CvtProcess.run(
                        "features",
                        "--model",
                        TINY_SPEC,
                        "--weights",
                        TINY_PTH,
                        "--output",
                        out.toString(),
                        image("tiny.png"),
                        image("tiny.png")),
                "IMAGE given twice");
    }

    @Test
    void attentionWritesAPngOfTheCroppedInputSize() throws Exception {
        Path png = dir.resolve("map.png");
        CvtProcess.Result r = CvtProcess.run(
                "attention",
                "--model",
                TINY_SPEC,
                "--weights",
                TINY_PTH,
                "--image-size",
                "96",
                "--block",
                "stage2.1",
                "--output",
                png.toString(),
                image("landscape.jpg"));
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("class-token attention of stage2.1 over 3x3 key/value tokens"), r.out());
        BufferedImage map = ImageIO.read(png.toFile());
        assertEquals(96, map.getWidth());
        assertEquals(96, map.getHeight());
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < 96; y++) {
            for (int x = 0; x < 96; x++) {
                colours.add(map.getRGB(x, y));
            }
        }
        assertTrue(colours.size() > 100, "a picture, not a flat fill: " + colours.size() + " colours");

        Path both = dir.resolve("both.png");
        CvtProcess.Result side = CvtProcess.run(
                "attention",
                "--model",
                TINY_SPEC,
                "--weights",
                TINY_PTH,
                "--image-size",
                "96",
                "--block",
                "stage0.0",
                "--side-by-side",
                "--output",
                both.toString(),
                image("portrait.png"));
        assertEquals(0, side.exit(), side.toString());
        assertTrue(side.out().contains("mean attention received of stage0.0 over 12x12"), side.out());
        BufferedImage pair = ImageIO.read(both.toFile());
        assertEquals(192, pair.getWidth());
        assertEquals(96, pair.getHeight());
    }

    @Test
    void attentionRefusesAMalformedBlock() throws Exception {
        assertUsageError(
                CvtProcess.run(
                        "attention",
                        "--model",
                        TINY_SPEC,
                        "--weights",
                        TINY_PTH,
                        "--block",
                        "2.1",
                        "--output",
                        dir.resolve("m.png").toString(),
                        image("tiny.png")),
                "stageS.B");
    }

    @Test
    void attentionRefusesAStageOutOfRange() throws Exception {
        assertUsageError(
                CvtProcess.run(
                        "attention",
                        "--model",
                        TINY_SPEC,
                        "--weights",
                        TINY_PTH,
                        "--block",
                        "stage3.0",
                        "--output",
                        dir.resolve("m.png").toString(),
                        image("tiny.png")),
                "--block: block stage3.0: no stage 3, the model has stages 0..2");
    }

    @Test
    void attentionRefusesABlockOutOfRange() throws Exception {
        Path png = dir.resolve("m.png");
        assertUsageError(
                CvtProcess.run(
                        "attention",
                        "--model",
                        TINY_SPEC,
                        "--weights",
                        TINY_PTH,
                        "--block",
                        "stage2.2",
                        "--output",
                        png.toString(),
                        image("tiny.png")),
                "--block: block stage2.2: no block 2 in stage 2, which has blocks 0..1");
        assertFalse(Files.exists(png));
    }

    /** cvt classify, CvtClassifier and a DJL Criteria predictor agree on the top-5 of every fixture image. */
    @Test
    void classifyCommandFacadeAndDjlGiveTheSameTop5() throws Exception {
        Path weights = ROOT.resolve("cvt-13/official.pth");
        List<String> args =
                new ArrayList<>(List.of("classify", "--model", "cvt-13", "--weights", weights.toString(), "--json"));
        IMAGES.forEach(n -> args.add(image(n)));
        CvtProcess.Result r = CvtProcess.run(args.toArray(String[]::new));
        assertEquals(0, r.exit(), r.toString());
        JsonNode cli = new ObjectMapper().readTree(r.out());

        Criteria<Image, Classifications> criteria = Criteria.builder()
                .setTypes(Image.class, Classifications.class)
                .optGroupId(CvtModelZoo.GROUP_ID)
                .optArgument("model", "cvt-13")
                .optArgument("weights", weights.toString())
                .optEngine("PyTorch")
                .build();
        try (CvtClassifier classifier = CvtClassifier.load("cvt-13", weights);
                ZooModel<Image, Classifications> model = criteria.loadModel();
                Predictor<Image, Classifications> predictor = model.newPredictor()) {
            for (int i = 0; i < IMAGES.size(); i++) {
                Path file = Path.of(image(IMAGES.get(i)));
                List<Prediction> facade = classifier.classify(file, 5);
                List<Classifications.Classification> djl = predictor
                        .predict(ImageFactory.getInstance().fromFile(file))
                        .topK(5);
                JsonNode fromCli = cli.get(i).get("predictions");
                for (int k = 0; k < 5; k++) {
                    String what = IMAGES.get(i) + " rank " + k;
                    assertEquals(
                            facade.get(k).index(), fromCli.get(k).get("index").asInt(), what);
                    assertEquals(
                            facade.get(k).probability(),
                            fromCli.get(k).get("probability").asDouble(),
                            1e-5,
                            what);
                    assertEquals(facade.get(k).label(), djl.get(k).getClassName(), what);
                    assertEquals(facade.get(k).probability(), djl.get(k).getProbability(), 1e-5, what);
                }
            }
        }
    }
}
