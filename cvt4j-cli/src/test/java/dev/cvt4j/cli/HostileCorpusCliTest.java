package dev.cvt4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvt4j.checkpoint.Checkpoints;
import dev.cvt4j.checkpoint.Safetensors;
import dev.cvt4j.checkpoint.StateDict;
import dev.cvt4j.image.Normalization;
import dev.cvt4j.image.RgbImage;
import dev.cvt4j.untrusted.HostileCorpus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every file of the hostile corpus ({@link HostileCorpus}) through the packaged {@code cvt}
 * command, in its own process under a timeout, and checks what the table {@code hostile-corpus.tsv}
 * says it must produce: the exit code, exactly one line on stderr that names the file and holds
 * the expected fragment, no stack trace and no {@code OutOfMemoryError} or
 * {@code StackOverflowError} anywhere, no output file left behind by a refusal, the right numbers
 * for the valid-but-unusual files, and no payload marker file. The images share one
 * {@code cvt preprocess} run; the other files take one run each, two runs at a time.
 */
class HostileCorpusCliTest {
    private static final String TINY_SPEC =
            CvtProcess.fixtures().resolve("cvt-tiny/spec.yaml").toString();
    private static final Path TINY_PTH = CvtProcess.fixtures().resolve("cvt-tiny/official.pth");
    private static final int MINUTES = 3;
    private static final int PARALLEL_RUNS = 2;
    private static final int PREPROCESS_SIZE = 8;

    /** One row of the table. */
    record Row(String path, String command, int exit, String expect, String what) {
        boolean accepted() {
            return expect.startsWith("=");
        }
    }

    @TempDir
    static Path dir;

    private static Path corpus;
    private static Path marker;
    private static Path outputs;
    private static List<Row> rows;
    private static final Map<Row, CvtProcess.Result> RESULTS = new ConcurrentHashMap<>();
    private static CvtProcess.Result preprocess;

    @BeforeAll
    static void runTheCorpus() throws Exception {
        corpus = dir.resolve("corpus");
        marker = HostileCorpus.generate(corpus);
        outputs = Files.createDirectories(dir.resolve("out"));
        rows = table();
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL_RUNS);
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (Row row : rows) {
                if (!row.command.equals("preprocess")) {
                    runs.add(pool.submit(() -> RESULTS.put(row, CvtProcess.run(MINUTES, arguments(row)))));
                }
            }
            List<String> images = new ArrayList<>(List.of(
                    "preprocess",
                    "--image-size",
                    String.valueOf(PREPROCESS_SIZE),
                    "--output",
                    outputs.resolve("images.safetensors").toString()));
            rows.stream().filter(r -> r.command.equals("preprocess")).forEach(r -> images.add(file(r).toString()));
            preprocess = CvtProcess.run(MINUTES, images.toArray(String[]::new));
            for (Future<?> run : runs) {
                run.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theTableListsEveryGeneratedFileAndNoPayloadRan() throws IOException {
        Set<String> generated = new TreeSet<>();
        for (String category : List.of("checkpoints", "yaml", "images", "tensors", "trees")) {
            try (Stream<Path> files = Files.list(corpus.resolve(category))) {
                files.forEach(f -> generated.add(corpus.relativize(f).toString()));
            }
        }
        assertEquals(generated, rows.stream().map(Row::path).collect(Collectors.toCollection(TreeSet::new)));
        assertTrue(rows.size() >= 60, rows.size() + " files");
        assertFalse(Files.exists(marker), "a payload ran: " + marker + " exists");
        try (Stream<Path> left = Files.list(outputs)) {
            Set<String> expected = rows.stream()
                    .filter(r -> r.accepted() && r.command.equals("convert"))
                    .map(r -> output(r).getFileName().toString())
                    .collect(Collectors.toCollection(TreeSet::new));
            expected.add("images.safetensors");
            assertEquals(
                    expected,
                    left.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new)),
                    "outputs left behind");
        }
    }

    @TestFactory
    Stream<DynamicTest> everyFileIsHandledAsTheTableSays() {
        return rows.stream().map(row -> DynamicTest.dynamicTest(row.path + " (" + row.what + ")", () -> check(row)));
    }

    private static void check(Row row) throws IOException {
        Path file = file(row);
        CvtProcess.Result r = row.command.equals("preprocess") ? preprocess : RESULTS.get(row);
        assertFalse(r.err().contains("\tat ") || r.err().contains("Exception in thread"), "stack trace:\n" + r);
        assertFalse(r.err().contains("OutOfMemoryError") || r.err().contains("StackOverflowError"), r.toString());
        List<String> lines = r.err()
                .lines()
                .filter(l -> l.startsWith("cvt: " + file + ": ") || l.startsWith("cvt: " + file + "/"))
                .toList();
        if (row.command.equals("preprocess")) {
            checkImage(row, file, lines, r);
            return;
        }
        assertEquals(row.exit, r.exit(), r.toString());
        if (row.accepted()) {
            assertEquals("", r.err(), r.toString());
            StateDict converted = Checkpoints.read(output(row));
            assertEquals(Checkpoints.read(TINY_PTH), converted, "converted numbers differ from the fixture's");
            return;
        }
        assertEquals(1, r.err().lines().count(), "one line on stderr:\n" + r);
        assertEquals(1, lines.size(), "the line names the file (or, for a tree, a file in it):\n" + r);
        assertTrue(lines.get(0).contains(row.expect), "expected '" + row.expect + "':\n" + r);
        assertFalse(Files.exists(output(row)), "output left behind: " + output(row));
    }

    /** An image of the shared preprocess run: refused in one line, or its solid colour normalised exactly. */
    private static void checkImage(Row row, Path file, List<String> lines, CvtProcess.Result r) {
        assertEquals(1, r.exit(), "some images are refused:\n" + r);
        if (!row.accepted()) {
            assertEquals(1, lines.size(), "one line naming the file:\n" + r);
            assertTrue(lines.get(0).contains(row.expect), "expected '" + row.expect + "':\n" + r);
            return;
        }
        assertEquals(List.of(), lines, r.toString());
        String key = r.out()
                .lines()
                .filter(l -> l.endsWith("\t" + file))
                .map(l -> l.substring(0, l.indexOf('\t')))
                .findFirst()
                .orElseThrow(() -> new AssertionError(file + " not preprocessed:\n" + r));
        String[] rgb = row.expect.substring(1).strip().split(" ");
        byte[] pixels = new byte[3 * PREPROCESS_SIZE * PREPROCESS_SIZE];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) Integer.parseInt(rgb[i % 3]);
        }
        float[] expected = Normalization.IMAGENET.toTensor(RgbImage.of(PREPROCESS_SIZE, PREPROCESS_SIZE, pixels));
        assertArrayEquals(
                expected,
                Safetensors.read(outputs.resolve("images.safetensors")).get(key).toFloatArray());
    }

    private static String[] arguments(Row row) {
        String file = file(row).toString();
        String out = output(row).toString();
        return switch (row.command) {
            case "convert" ->
                new String[] {"convert", "--model", TINY_SPEC, "--weights", file, "--to", "official", "--output", out};
            case "info" -> new String[] {"info", "--model", file};
            case "logits" ->
                new String[] {
                    "logits", "--model", TINY_SPEC, "--weights", TINY_PTH.toString(), "--input", file, "--output", out
                };
            case "eval" ->
                new String[] {"eval", "--model", TINY_SPEC, "--weights", TINY_PTH.toString(), "--data", file, "--quiet"
                };
            default -> throw new AssertionError("unknown command in the table: " + row.command);
        };
    }

    private static Path file(Row row) {
        return corpus.resolve(row.path);
    }

    private static Path output(Row row) {
        return outputs.resolve(file(row).getFileName() + ".out.safetensors");
    }

    private static List<Row> table() {
        try (InputStream in = HostileCorpusCliTest.class.getResourceAsStream("/hostile-corpus.tsv")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .filter(l -> !l.startsWith("#") && !l.startsWith("path\t") && !l.isBlank())
                    .map(l -> l.split("\t", -1))
                    .map(c -> new Row(c[0], c[1], Integer.parseInt(c[2]), c[3], c[4]))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
