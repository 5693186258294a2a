package dev.cvt4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cvt eval} end to end on ImageFolder trees built from the preprocess fixture images, with
 * the cvt-tiny fixture weights (10 classes). The metrics are cross-checked against {@code cvt
 * classify} on the same files.
 */
class EvalCliTest {
    private static final Path ROOT = CvtProcess.fixtures();
    private static final String TINY_SPEC = ROOT.resolve("cvt-tiny/spec.yaml").toString();
    private static final String TINY_PTH = ROOT.resolve("cvt-tiny/official.pth").toString();
    private static final List<String> IMAGES =
            List.of("landscape.jpg", "portrait.png", "gray.png", "rgba.png", "tiny.png");

    @TempDir
    Path dir;

    /** {@code classes} class folders {@code c0..}, folder {@code c} holding fixture images {@code c} and {@code c + 2}. */
    private Path tree(int classes) throws IOException {
        Path tree = dir.resolve("tree");
        for (int c = 0; c < classes; c++) {
            Path folder = Files.createDirectories(tree.resolve("c" + c));
            for (int i : new int[] {c, c + 2}) {
                String name = IMAGES.get(i % IMAGES.size());
                Files.copy(ROOT.resolve("preprocess").resolve(name), folder.resolve(i + "-" + name));
            }
        }
        return tree;
    }

    private CvtProcess.Result eval(Path data, String... more) throws Exception {
        List<String> args = new ArrayList<>(
                List.of("eval", "--model", TINY_SPEC, "--weights", TINY_PTH, "--data", data.toString()));
        args.addAll(List.of(more));
        return CvtProcess.run(args.toArray(String[]::new));
    }

    private static void assertFailure(CvtProcess.Result r, int exit, String fragment) {
        assertEquals(exit, r.exit(), r.toString());
        assertTrue(r.err().contains(fragment), "stderr should contain '" + fragment + "':\n" + r);
        assertFalse(r.err().contains("\tat "), "no stack trace:\n" + r);
    }

    @Test
    void reportAgreesWithClassify() throws Exception {
        Path tree = tree(10);
        Path broken = tree.resolve("c4/zz-broken.jpg");
        Files.write(broken, new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0, 1, 2, 3});
        Path report = dir.resolve("report.json");
        CvtProcess.Result r = eval(tree, "--batch-size", "3", "--workers", "3", "--output", report.toString());
        assertEquals(0, r.exit(), "unreadable images are not fatal\n" + r);
        assertTrue(r.out().contains("21 images, 10 classes, 64x64"), r.out());
        assertTrue(r.out().contains("20 images evaluated"), r.out());
        assertTrue(r.err().contains(broken + ": "), r.toString());
        assertFalse(r.err().contains("\r"), "no progress bar when stderr is not a terminal:\n" + r.err());

        JsonNode n = new ObjectMapper().readTree(report.toFile());
        assertEquals(TINY_SPEC, n.get("model").asText());
        assertEquals(21, n.get("images").asInt());
        assertEquals(20, n.get("evaluated").asInt());
        assertEquals(5, n.get("top_k").asInt());
        assertEquals(3, n.get("batch_size").asInt());
        assertTrue(n.get("limit").isNull());
        assertEquals(broken.toString(), n.get("unreadable").get(0).get("file").asText());
        assertEquals(10, n.get("classes").size());
        assertEquals("sorted-position", n.get("protocol").get("class_map").asText());
        assertFalse(n.get("protocol").get("restrict_logits").asBoolean());
        assertEquals(10, n.get("protocol").get("scored_classes").asInt());
        assertTrue(n.get("real").isNull());
        assertFalse(r.err().contains("warning"), r.err());

        // Independent check: classify the same readable files, all 10 probabilities each.
        List<String> args = new ArrayList<>(
                List.of("classify", "--model", TINY_SPEC, "--weights", TINY_PTH, "--top", "10", "--json"));
        List<Integer> targets = new ArrayList<>();
        for (int c = 0; c < 10; c++) {
            try (var files = Files.list(tree.resolve("c" + c))) {
                for (Path f : files.filter(f -> !f.equals(broken)).sorted().toList()) {
                    args.add(f.toString());
                    targets.add(c);
                }
            }
        }
        CvtProcess.Result classify = CvtProcess.run(args.toArray(String[]::new));
        assertEquals(0, classify.exit(), classify.toString());
        JsonNode predictions = new ObjectMapper().readTree(classify.out());
        int top1 = 0;
        int top5 = 0;
        double loss = 0;
        int[] correct = new int[10];
        for (int i = 0; i < targets.size(); i++) {
            JsonNode p = predictions.get(i).get("predictions");
            String target = "class_" + targets.get(i);
            if (p.get(0).get("label").asText().equals(target)) {
                top1++;
                correct[targets.get(i)]++;
            }
            for (int k = 0; k < 10; k++) {
                if (p.get(k).get("label").asText().equals(target)) {
                    top5 += k < 5 ? 1 : 0;
                    loss -= Math.log(p.get(k).get("probability").asDouble());
                }
            }
        }
        assertEquals(100.0 * top1 / 20, n.get("top1").asDouble(), 1e-9);
        assertEquals(100.0 * top5 / 20, n.get("top5").asDouble(), 1e-9);
        assertEquals(loss / 20, n.get("loss").asDouble(), 1e-4);
        for (int c = 0; c < 10; c++) {
            JsonNode cls = n.get("classes").get(c);
            assertEquals("c" + c, cls.get("name").asText());
            assertEquals(2, cls.get("count").asInt());
            assertEquals(correct[c], cls.get("correct").asInt(), "class c" + c);
        }
    }

    @Test
    void limitEvaluatesAnEvenlySpreadSubset() throws Exception {
        Path report = dir.resolve("report.json");
        CvtProcess.Result r = eval(tree(10), "--limit", "10", "--quiet", "--output", report.toString());
        assertEquals(0, r.exit(), r.toString());
        JsonNode n = new ObjectMapper().readTree(report.toFile());
        assertEquals(10, n.get("limit").asInt());
        assertEquals(10, n.get("evaluated").asInt());
        for (JsonNode cls : n.get("classes")) {
            assertEquals(1, cls.get("count").asInt(), cls.toString());
        }
    }

    @Test
    void missingDataFolderFails() throws Exception {
        Path report = dir.resolve("report.json");
        assertFailure(eval(dir.resolve("absent"), "--output", report.toString()), 1, "absent: no such directory");
        assertFalse(Files.exists(report));
    }

    @Test
    void treeWithoutClassFoldersFails() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertFailure(eval(empty), 1, empty + ": no class folders");
    }

    @Test
    void classFolderWithoutImagesFails() throws Exception {
        Path tree = tree(10);
        Files.createDirectories(tree.resolve("c9-extra"));
        Files.writeString(tree.resolve("c9-extra/readme.txt"), "not an image");
        assertFailure(eval(tree), 1, "no images in 1 of 11 class folders (c9-extra)");
    }

    @Test
    void classCountMismatchFails() throws Exception {
        assertFailure(eval(tree(3)), 1, "3 class folders, but the model has 10 classes");
    }

    @Test
    void everySubcommandTakesHelp() throws Exception {
        for (String command : List.of("eval", "preprocess")) {
            CvtProcess.Result r = CvtProcess.run(command, "--help");
            assertEquals(0, r.exit(), r.toString());
            assertTrue(r.out().startsWith("Usage: cvt " + command), r.out());
        }
    }

    @Test
    void nonPositiveBatchSizeIsAUsageError() throws Exception {
        assertFailure(eval(tree(10), "--batch-size", "0"), 2, "--batch-size");
    }
}
