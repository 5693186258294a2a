package dev.cvt4j.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.cvt4j.Fixtures;
import dev.cvt4j.config.ExperimentConfig;
import dev.cvt4j.config.Experiments;
import dev.cvt4j.image.ImageDecoder;
import dev.cvt4j.image.ImageTransform;
import dev.cvt4j.inference.CvtRunner;
import dev.cvt4j.inference.InferenceEngine;
import dev.cvt4j.inference.Prediction;
import dev.cvt4j.inference.Preprocessing;
import dev.cvt4j.inference.TopK;
import dev.cvt4j.model.CvtModel;
import dev.cvt4j.model.WeightLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Evaluator} on generated ImageFolder trees with the cvt-tiny fixture weights (10 classes),
 * checked against logits computed here image by image: decode, transform, a forward pass of one.
 */
class EvaluatorTest {
    private static final ExperimentConfig TINY = Experiments.read(Fixtures.path("cvt-tiny", "spec.yaml"));
    private static final ImageTransform TRANSFORM = Preprocessing.evalTransform(TINY);
    private static CvtModel model;

    @TempDir
    Path root;

    @BeforeAll
    static void loadModel() {
        model = CvtModel.create(TINY.model());
        WeightLoader.load(model, Fixtures.path("cvt-tiny", "official.pth"));
    }

    @AfterAll
    static void closeModel() {
        model.close();
    }

    /** The metrics recomputed independently: single-image forward passes, {@link TopK} for ranking. */
    private record Expected(int evaluated, int top1, int top5, double loss, int[] count, int[] correct, int distinct) {}

    private static Expected recompute(ImageFolderListing data, Set<Path> unreadable) {
        List<String> labels = data.classes();
        int[] count = new int[labels.size()];
        int[] correct = new int[labels.size()];
        int evaluated = 0;
        int top1 = 0;
        int top5 = 0;
        double loss = 0;
        Set<Integer> predicted = new HashSet<>();
        try (NDManager manager = NDManager.newBaseManager()) {
            for (ImageFolderListing.Sample s : data.samples()) {
                if (unreadable.contains(s.file())) {
                    continue;
                }
                float[] pixels = TRANSFORM.apply(ImageDecoder.decode(s.file()));
                float[] logits = model.logits(
                                manager.create(pixels, new Shape(1, 3, TRANSFORM.height(), TRANSFORM.width())))
                        .toFloatArray();
                List<Prediction> top = TopK.of(logits, 5, labels);
                evaluated++;
                count[s.target()]++;
                predicted.add(top.get(0).index());
                if (top.get(0).index() == s.target()) {
                    top1++;
                    correct[s.target()]++;
                }
                if (top.stream().anyMatch(p -> p.index() == s.target())) {
                    top5++;
                }
                loss -= Math.log(TopK.softmax(logits)[s.target()]);
            }
        }
        return new Expected(evaluated, top1, top5, loss / evaluated, count, correct, predicted.size());
    }

    @Test
    void metricsMatchSingleImageForwardPasses() throws Exception {
        TestImages.tree(root, 10, 4);
        Path broken = root.resolve("class_3/img_1b.png");
        TestImages.corrupt(broken);
        ImageFolderListing data = ImageFolderListing.scan(root);
        assertEquals(41, data.samples().size());

        List<int[]> progress = new ArrayList<>();
        EvalResult r = new Evaluator(model, TRANSFORM, 8, 3)
                .evaluate(data, (done, total, top1) -> progress.add(new int[] {done, total}));

        Expected e = recompute(data, Set.of(broken));
        System.out.printf(
                "eval on 40 generated images: top-1 %.2f%%, top-5 %.2f%%, loss %.6f (recomputed %.6f),"
                        + " %d distinct predicted classes%n",
                r.top1(), r.top5(), r.loss(), e.loss(), e.distinct());
        assertEquals(41, r.images());
        assertEquals(40, r.evaluated());
        assertEquals(5, r.topK());
        assertEquals(100.0 * e.top1() / 40, r.top1(), 1e-9);
        assertEquals(100.0 * e.top5() / 40, r.top5(), 1e-9);
        assertEquals(e.loss(), r.loss(), 1e-5 * e.loss());
        for (EvalResult.ClassResult c : r.classes()) {
            assertEquals("class_" + c.index(), c.name());
            assertEquals(c.name(), c.label(), "folder names are the labels of a non-ImageNet model");
            assertEquals(e.count()[c.index()], c.count(), c.name());
            assertEquals(e.correct()[c.index()], c.correct(), c.name());
        }
        assertEquals(
                List.of(broken.toString()),
                r.unreadable().stream().map(EvalResult.Unreadable::file).toList());
        assertTrue(
                r.unreadable().get(0).reason().startsWith("corrupt or truncated"),
                r.unreadable().get(0).reason());
        assertEquals(5, progress.size(), "one report per batch of 8 readable images");
        assertEquals(41, progress.get(progress.size() - 1)[0]);
        assertTrue(progress.stream().allMatch(p -> p[1] == 41));
        assertTrue(r.seconds() > 0 && r.imagesPerSecond() > 0);
    }

    @Test
    void resultsDoNotDependOnTheNumberOfWorkers() throws Exception {
        TestImages.tree(root, 10, 3);
        ImageFolderListing data = ImageFolderListing.scan(root);
        EvalResult one = new Evaluator(model, TRANSFORM, 4, 1).evaluate(data, EvalListener.NONE);
        EvalResult four = new Evaluator(model, TRANSFORM, 4, 4).evaluate(data, EvalListener.NONE);
        assertEquals(one.top1(), four.top1());
        assertEquals(one.top5(), four.top5());
        assertEquals(one.loss(), four.loss());
        assertEquals(one.classes(), four.classes());
    }

    @Test
    void theOnnxRuntimeEngineScoresLikePyTorch() throws Exception {
        TestImages.tree(root, 10, 3);
        ImageFolderListing data = ImageFolderListing.scan(root);
        EvalResult torch = new Evaluator(model, TRANSFORM, 8, 2).evaluate(data, EvalListener.NONE);
        try (CvtRunner ort =
                InferenceEngine.ONNXRUNTIME.load(TINY.model(), Fixtures.path("cvt-tiny", "official.pth"), 1)) {
            EvalResult r = new Evaluator(ort, TRANSFORM, 8, 2).evaluate(data, EvalListener.NONE);
            assertEquals(torch.top1(), r.top1());
            assertEquals(torch.top5(), r.top5());
            assertEquals(torch.loss(), r.loss(), 1e-5 * torch.loss());
            assertEquals(torch.classes(), r.classes());
        }
    }

    @Test
    void classCountMismatchFails() {
        TestImages.tree(root, 3, 1);
        ImageFolderListing data = ImageFolderListing.scan(root);
        DatasetException e = assertThrows(
                DatasetException.class, () -> new Evaluator(model, TRANSFORM, 4, 2).evaluate(data, EvalListener.NONE));
        assertTrue(e.getMessage().contains("3 class folders, but the model has 10 classes"), e.getMessage());
    }

    @Test
    void treeWithNoReadableImageFails() {
        for (int c = 0; c < 10; c++) {
            TestImages.corrupt(root.resolve("class_" + c).resolve("broken.png"));
        }
        ImageFolderListing data = ImageFolderListing.scan(root);
        DatasetException e = assertThrows(
                DatasetException.class, () -> new Evaluator(model, TRANSFORM, 4, 2).evaluate(data, EvalListener.NONE));
        assertEquals(root + ": none of the 10 images could be read", e.getMessage());
    }
}
