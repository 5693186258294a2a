package dev.cvt4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cvt4j.checkpoint.Checkpoints;
import dev.cvt4j.checkpoint.Safetensors;
import dev.cvt4j.checkpoint.StateDict;
import dev.cvt4j.checkpoint.Tensor;
import dev.cvt4j.inference.Labels;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cvt eval --class-map}, {@code --restrict-logits} and {@code --real-labels} end to end, on
 * trees of real image files (the preprocess fixture images and images drawn here) with a
 * 1000-class model: cvt-tiny's fixture weights with a 1000-class head made here (64x64 inputs, so
 * the runs are quick). Every figure is recomputed from {@code cvt classify --top 1000} on the same
 * files: accuracies from the probabilities, restriction by renormalising them over the classes
 * present.
 */
class EvalProtocolCliTest {
    private static final Path ROOT = CvtProcess.fixtures();
    private static final Path TINY_SPEC = ROOT.resolve("cvt-tiny/spec.yaml");
    private static final List<String> WNIDS = Labels.imagenet1kWordNetIds();
    /** The classes of the WordNet-id subset, by ImageNet-1k index, and the numeric folders. */
    private static final int[] SUBSET = {7, 300, 999};

    private static final int[] NUMBERS = {2, 10, 100};
    private static final int IMAGES = 8;

    @TempDir
    static Path shared;

    private static String spec;
    private static String weights;
    private static List<Path> images;
    /** Softmax probabilities of every image over the 1000 classes, from {@code cvt classify}. */
    private static double[][] probabilities;

    @TempDir
    Path dir;

    @BeforeAll
    static void modelImagesAndReference() throws Exception {
        images = new ArrayList<>();
        for (String name : List.of("landscape.jpg", "portrait.png", "gray.png", "rgba.png", "tiny.png")) {
            images.add(ROOT.resolve("preprocess").resolve(name));
        }
        for (int i = 0; i < IMAGES - 5; i++) {
            images.add(draw(shared.resolve("drawn-" + i + ".png"), i));
        }
        Path yaml = shared.resolve("tiny-1000.yaml");
        Files.writeString(yaml, Files.readString(TINY_SPEC).replace("NUM_CLASSES: 10", "NUM_CLASSES: 1000"));
        spec = yaml.toString();
        Path file = shared.resolve("tiny-1000.safetensors");
        StateDict state = Checkpoints.read(ROOT.resolve("cvt-tiny/official.pth"));
        state.put("head.weight", Tensor.ofFloats(new long[] {1000, 96}, HEAD_WEIGHT));
        state.put("head.bias", Tensor.ofFloats(new long[] {1000}, headBias(meanEmbedding())));
        Safetensors.write(file, state);
        weights = file.toString();

        List<String> args =
                new ArrayList<>(List.of("classify", "--model", spec, "--weights", weights, "--top", "1000", "--json"));
        images.forEach(p -> args.add(p.toString()));
        CvtProcess.Result r = CvtProcess.run(args.toArray(String[]::new));
        assertEquals(0, r.exit(), r.toString());
        JsonNode json = new ObjectMapper().readTree(r.out());
        probabilities = new double[IMAGES][1000];
        for (int i = 0; i < IMAGES; i++) {
            for (JsonNode p : json.get(i).get("predictions")) {
                probabilities[i][p.get("index").asInt()] = p.get("probability").asDouble();
            }
        }
    }

    /**
     * The 1000-class head: random rows (seed 13, standard deviation 1) and a bias that centres the
     * logits on the images' mean embedding (their embeddings share a large common part), plus 4 for
     * the six classes the trees use. Predictions then differ between images and fall both inside and
     * outside each tree's classes (the preconditions the tests assert).
     */
    private static final float[] HEAD_WEIGHT = new float[1000 * 96];

    static {
        Random random = new Random(13);
        for (int i = 0; i < HEAD_WEIGHT.length; i++) {
            HEAD_WEIGHT[i] = (float) random.nextGaussian();
        }
    }

    private static float[] headBias(float[] mean) {
        float[] bias = new float[1000];
        for (int c = 0; c < 1000; c++) {
            double centre = 0;
            for (int k = 0; k < 96; k++) {
                centre += HEAD_WEIGHT[c * 96 + k] * mean[k];
            }
            bias[c] = (float) -centre;
        }
        IntStream.concat(IntStream.of(SUBSET), IntStream.of(NUMBERS)).forEach(c -> bias[c] += 4);
        return bias;
    }

    /** The mean of the images' embeddings (the head's input), from {@code cvt features} with cvt-tiny. */
    private static float[] meanEmbedding() throws Exception {
        Path out = shared.resolve("embeddings.safetensors");
        List<String> args = new ArrayList<>(List.of(
                "features",
                "--model",
                TINY_SPEC.toString(),
                "--weights",
                ROOT.resolve("cvt-tiny/official.pth").toString(),
                "--output",
                out.toString()));
        images.forEach(p -> args.add(p.toString()));
        CvtProcess.Result r = CvtProcess.run(args.toArray(String[]::new));
        assertEquals(0, r.exit(), r.toString());
        StateDict features = Safetensors.read(out);
        float[] mean = new float[96];
        for (Path image : images) {
            String stem = image.getFileName().toString().replaceFirst("\\.[^.]*$", "");
            float[] e = features.get(stem + "/embedding").toFloatArray();
            for (int k = 0; k < 96; k++) {
                mean[k] += e[k] / IMAGES;
            }
        }
        return mean;
    }

    /** A gradient with seeded rectangles, written as PNG. */
    private static Path draw(Path file, int seed) throws IOException {
        Random random = new Random(seed);
        BufferedImage image = new BufferedImage(90 + 20 * seed, 70 + 15 * seed, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setPaint(new GradientPaint(
                0,
                0,
                Color.getHSBColor(random.nextFloat(), 0.9f, 0.9f),
                image.getWidth(),
                image.getHeight(),
                Color.getHSBColor(random.nextFloat(), 0.6f, 0.3f)));
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        for (int s = 0; s < 8; s++) {
            g.setColor(new Color(random.nextInt(0x1000000)));
            g.fillRect(
                    random.nextInt(image.getWidth()),
                    random.nextInt(image.getHeight()),
                    5 + random.nextInt(40),
                    5 + random.nextInt(40));
        }
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
        return file;
    }

    /**
     * A tree of the images: image {@code i} goes to folder {@code i % 3} under the name
     * {@code ILSVRC2012_val_<i + 1>} with its own extension, or {@code img<i>} without validation numbers.
     */
    private Path tree(String name, List<String> folders, boolean validationNames) throws IOException {
        Path tree = dir.resolve(name);
        for (int i = 0; i < IMAGES; i++) {
            String source = images.get(i).getFileName().toString();
            String extension = source.substring(source.lastIndexOf('.'));
            String file = (validationNames ? String.format("ILSVRC2012_val_%08d", i + 1) : "img" + i) + extension;
            Path folder = Files.createDirectories(tree.resolve(folders.get(i % 3)));
            Files.copy(images.get(i), folder.resolve(file));
        }
        return tree;
    }

    private static List<String> wordNetIds() {
        return IntStream.of(SUBSET).mapToObj(WNIDS::get).toList();
    }

    private static List<String> numbers() {
        return IntStream.of(NUMBERS).mapToObj(String::valueOf).toList();
    }

    private CvtProcess.Result eval(Path data, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of(
                "eval",
                "--model",
                spec,
                "--weights",
                weights,
                "--data",
                data.toString(),
                "--batch-size",
                "3",
                "--quiet"));
        args.addAll(List.of(more));
        CvtProcess.Result r = CvtProcess.run(args.toArray(String[]::new));
        System.out.printf("$ cvt %s%n%s%s(exit %d)%n%n", String.join(" ", args), r.out(), r.err(), r.exit());
        return r;
    }

    /** The figures recomputed from the classify probabilities. */
    private record Expected(double top1, double top5, double loss, int[] correct) {}

    /**
     * @param classes the model class of each folder position ({@code i % 3})
     * @param scored the classes that compete, or null for all
     */
    private static Expected expected(int[] classes, int[] scored) {
        int[] competing = scored == null ? IntStream.range(0, 1000).toArray() : scored;
        int k = Math.min(5, competing.length);
        int top1 = 0;
        int top5 = 0;
        double loss = 0;
        int[] correct = new int[3];
        for (int i = 0; i < IMAGES; i++) {
            int target = classes[i % 3];
            double[] p = probabilities[i];
            int rank =
                    (int) IntStream.of(competing).filter(c -> p[c] > p[target]).count();
            double mass = IntStream.of(competing).mapToDouble(c -> p[c]).sum();
            loss -= Math.log(p[target] / mass);
            top1 += rank == 0 ? 1 : 0;
            correct[i % 3] += rank == 0 ? 1 : 0;
            top5 += rank < k ? 1 : 0;
        }
        return new Expected(100.0 * top1 / IMAGES, 100.0 * top5 / IMAGES, loss / IMAGES, correct);
    }

    private static int argmax(double[] p, int[] among) {
        return IntStream.of(among)
                .boxed()
                .max((a, b) -> Double.compare(p[a], p[b]))
                .orElseThrow();
    }

    private static void assertReport(Expected e, JsonNode n, int[] classes, List<String> folders) {
        assertEquals(IMAGES, n.get("evaluated").asInt());
        assertEquals(e.top1(), n.get("top1").asDouble(), 1e-9);
        assertEquals(e.top5(), n.get("top5").asDouble(), 1e-9);
        assertEquals(e.loss(), n.get("loss").asDouble(), 1e-4);
        JsonNode perClass = n.get("classes");
        assertEquals(3, perClass.size(), "one entry per folder");
        for (int f = 0; f < 3; f++) {
            int slot = IntStream.of(classes).sorted().boxed().toList().indexOf(classes[f]);
            JsonNode c = perClass.get(slot);
            assertEquals(classes[f], c.get("index").asInt());
            assertEquals(folders.get(f), c.get("name").asText());
            assertEquals(Labels.imagenet1k().get(classes[f]), c.get("label").asText());
            assertEquals(e.correct()[f], c.get("correct").asInt(), folders.get(f));
        }
    }

    private static void assertFailure(CvtProcess.Result r, String fragment, Path report) {
        assertEquals(1, r.exit(), r.toString());
        assertEquals(1, r.err().lines().count(), "one line:\n" + r);
        assertTrue(
                r.err().startsWith("cvt: ") && r.err().contains(fragment),
                "stderr should contain '" + fragment + "':\n" + r);
        assertFalse(Files.exists(report), "no report after a failure");
    }

    /** Without a map, sorted position: a warning naming the flag, then the class-count error as before. */
    private void assertWarnedWithoutMap(Path tree, String warning) throws Exception {
        CvtProcess.Result plain = eval(tree);
        assertEquals(1, plain.exit(), plain.toString());
        assertTrue(
                plain.err()
                        .startsWith("cvt: warning: the class folders are listed by sorted position, so " + warning
                                + " to map folders by name\n"),
                plain.err());
        assertTrue(plain.err().contains(tree + ": 3 class folders, but the model has 1000 classes"), plain.err());
    }

    @Test
    void wordNetIdSubsetMapsFoldersByIdNotBySortedPosition() throws Exception {
        List<String> folders = wordNetIds();
        Path tree = tree("subset", folders, false);
        assertWarnedWithoutMap(
                tree,
                "folder " + folders.get(0) + " is class 0, not ImageNet-1k class 7: use" + " --class-map imagenet-1k");

        Path report = dir.resolve("subset.json");
        CvtProcess.Result r = eval(tree, "--class-map", "imagenet-1k", "--output", report.toString());
        assertEquals(0, r.exit(), r.toString());
        assertFalse(r.err().contains("warning"), r.err());
        assertTrue(r.out().contains("class map imagenet-1k\n"), r.out());
        JsonNode n = new ObjectMapper().readTree(report.toFile());
        Expected e = expected(SUBSET, null);
        System.out.printf("WordNet-id subset: top-1 %.2f%% top-5 %.2f%% loss %.4f%n", e.top1(), e.top5(), e.loss());
        assertTrue(e.top1() > 0 && e.top1() < 100, "the fixture must have right and wrong predictions: " + e.top1());
        assertReport(e, n, SUBSET, folders);
        assertEquals("imagenet-1k", n.get("protocol").get("class_map").asText());
        assertFalse(n.get("protocol").get("restrict_logits").asBoolean());
        assertEquals(1000, n.get("protocol").get("scored_classes").asInt());
        assertTrue(n.get("real").isNull());
    }

    @Test
    void numericFoldersAreClassIndicesWhateverTheirStringOrder() throws Exception {
        List<String> folders = numbers();
        Path tree = tree("v2", folders, false);
        assertWarnedWithoutMap(tree, "folder 10 is class 0, not class number 10: use --class-map numeric");

        Path report = dir.resolve("v2.json");
        CvtProcess.Result r = eval(tree, "--class-map", "numeric", "--output", report.toString());
        assertEquals(0, r.exit(), r.toString());
        JsonNode n = new ObjectMapper().readTree(report.toFile());
        Expected e = expected(NUMBERS, null);
        System.out.printf("numeric folders: top-1 %.2f%% top-5 %.2f%% loss %.4f%n", e.top1(), e.top5(), e.loss());
        assertTrue(e.top1() > 0, "the fixture must have right predictions: " + e.top1());
        assertReport(e, n, NUMBERS, folders);
        assertEquals("numeric", n.get("protocol").get("class_map").asText());
    }

    @Test
    void restrictedLogitsScoreOverThePresentClassesOnly() throws Exception {
        List<String> folders = wordNetIds();
        Path report = dir.resolve("restricted.json");
        CvtProcess.Result r = eval(
                tree("r", folders, false),
                "--class-map",
                "imagenet-1k",
                "--restrict-logits",
                "--output",
                report.toString());
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("class map imagenet-1k, logits restricted to the 3 classes present"), r.out());
        JsonNode n = new ObjectMapper().readTree(report.toFile());
        Expected restricted = expected(SUBSET, SUBSET);
        Expected all = expected(SUBSET, null);
        System.out.printf(
                "restricted: top-1 %.2f%% (unrestricted %.2f%%) loss %.4f (%.4f)%n",
                restricted.top1(), all.top1(), restricted.loss(), all.loss());
        long changed = IntStream.range(0, IMAGES)
                .filter(i -> argmax(probabilities[i], SUBSET)
                        != argmax(probabilities[i], IntStream.range(0, 1000).toArray()))
                .count();
        assertTrue(
                changed > 0 && restricted.top1() != all.top1(),
                "the fixture must have images whose top-1" + " restricting changes, and a different top-1 accuracy");
        assertReport(restricted, n, SUBSET, folders);
        assertEquals(3, n.get("top_k").asInt());
        assertTrue(n.get("protocol").get("restrict_logits").asBoolean());
        assertEquals(3, n.get("protocol").get("scored_classes").asInt());
    }

    @Test
    void realLabelsScoreEveryImageAgainstItsSetLeavingEmptySetsOut() throws Exception {
        List<String> folders = wordNetIds();
        Path tree = tree("val", folders, true);
        // Image 1 has no ReaL label, image 2 three (its top-1 among them), image 3 one it does not predict,
        // the others their folder's class.
        List<List<Integer>> sets = new ArrayList<>();
        for (int i = 0; i < IMAGES; i++) {
            int top = argmax(probabilities[i], IntStream.range(0, 1000).toArray());
            sets.add(
                    switch (i) {
                        case 0 -> List.of();
                        case 1 -> List.of(5, top, 600);
                        case 2 -> List.of(top == 1 ? 2 : 1);
                        default -> List.of(SUBSET[i % 3]);
                    });
        }
        sets.add(List.of(0));
        Path json = Files.writeString(dir.resolve("real.json"), new ObjectMapper().writeValueAsString(sets));
        Path report = dir.resolve("real-report.json");
        CvtProcess.Result r = eval(
                tree, "--class-map", "imagenet-1k", "--real-labels", json.toString(), "--output", report.toString());
        assertEquals(0, r.exit(), r.toString());

        int real1 = 0;
        int real5 = 0;
        for (int i = 1; i < IMAGES; i++) {
            double[] p = probabilities[i];
            int best = sets.get(i).stream()
                    .mapToInt(l -> (int)
                            IntStream.range(0, 1000).filter(c -> p[c] > p[l]).count())
                    .min()
                    .orElseThrow();
            real1 += best == 0 ? 1 : 0;
            real5 += best < 5 ? 1 : 0;
        }
        JsonNode n = new ObjectMapper().readTree(report.toFile());
        Expected e = expected(SUBSET, null);
        System.out.printf(
                "ReaL: top-1 %.2f%% top-5 %.2f%% (folder labels %.2f%%)%n",
                100.0 * real1 / 7, 100.0 * real5 / 7, e.top1());
        assertReport(e, n, SUBSET, folders);
        JsonNode real = n.get("real");
        assertEquals(7, real.get("evaluated").asInt());
        assertEquals(1, real.get("unlabelled").asInt());
        assertEquals(100.0 * real1 / 7, real.get("top1").asDouble(), 1e-9);
        assertEquals(100.0 * real5 / 7, real.get("top5").asDouble(), 1e-9);
        assertEquals(json.toString(), n.get("protocol").get("real_labels").asText());
        assertTrue(
                r.out()
                        .contains(String.format(
                                "ReaL top-1 %.3f%%  top-5 %.3f%%  over 7 images (1 with no ReaL" + " label left out)",
                                100.0 * real1 / 7, 100.0 * real5 / 7)),
                r.out());
    }

    @Test
    void aFolderOutsideTheMapFails() throws Exception {
        Path tree = tree("extra", List.of(WNIDS.get(7), WNIDS.get(300), "cats"), false);
        Path report = dir.resolve("report.json");
        assertFailure(
                eval(tree, "--class-map", "imagenet-1k", "--output", report.toString()),
                tree + ": folder cats is not in the class map imagenet-1k",
                report);
    }

    @Test
    void aReaLFileTooShortOrNotJsonFails() throws Exception {
        Path tree = tree("val", wordNetIds(), true);
        Path report = dir.resolve("report.json");
        Path shortFile = Files.writeString(dir.resolve("short.json"), "[[1], [2], [3]]");
        assertFailure(
                eval(
                        tree,
                        "--class-map",
                        "imagenet-1k",
                        "--real-labels",
                        shortFile.toString(),
                        "--output",
                        report.toString()),
                shortFile + ": holds 3 label sets, none for image 4",
                report);
        Path notJson = Files.writeString(dir.resolve("real.json"), "<html>not found</html>");
        assertFailure(
                eval(
                        tree,
                        "--class-map",
                        "imagenet-1k",
                        "--real-labels",
                        notJson.toString(),
                        "--output",
                        report.toString()),
                notJson + ": not JSON (",
                report);
    }

    @Test
    void imageNamesWithoutValidationNumbersFailWithReaLLabels() throws Exception {
        Path tree = tree("named", wordNetIds(), false);
        Path json = Files.writeString(dir.resolve("real.json"), "[[1], [2], [3]]");
        Path report = dir.resolve("report.json");
        assertFailure(
                eval(
                        tree,
                        "--class-map",
                        "imagenet-1k",
                        "--real-labels",
                        json.toString(),
                        "--output",
                        report.toString()),
                "img0.jpg: no validation number in the file name",
                report);
    }
}
