package dev.cvt4j.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hand-computed top-1, top-k, cross-entropy and per-class figures. */
class EvalMetricsTest {
    private static final List<String> NAMES = List.of("a", "b", "c");
    private static final int[] ALL = {0, 1, 2};

    @Test
    void accuraciesLossAndPerClassCounts() {
        EvalMetrics m = new EvalMetrics(NAMES, List.of("A", "B", "C"), 3, 2);
        float[] batch = {
            3, 1, 0, // target 0: rank 0
            3, 1, 0, // target 2: rank 2
            0, 2, 2, // target 2: tie with class 1, which has the lower index: rank 1
        };
        m.add(ImageScore.of(0, batch, 0, ALL, 3, null));
        m.add(ImageScore.of(2, batch, 1, ALL, 3, null));
        m.add(ImageScore.of(2, batch, 2, ALL, 3, null));
        m.addUnreadable("x.png", "corrupt");
        EvalResult r = m.result(EvalProtocol.DEFAULT, 2.0);
        assertEquals(4, r.images());
        assertEquals(3, r.evaluated());
        assertEquals(2, r.topK());
        assertEquals(100.0 / 3, r.top1(), 1e-12);
        assertEquals(200.0 / 3, r.top5(), 1e-12);
        double lse1 = Math.log(Math.exp(3) + Math.exp(1) + Math.exp(0));
        double lse3 = Math.log(1 + 2 * Math.exp(2));
        assertEquals(((lse1 - 3) + (lse1 - 0) + (lse3 - 2)) / 3, r.loss(), 1e-12);
        assertEquals(1.5, r.imagesPerSecond(), 1e-12);
        assertEquals(
                List.of(
                        new EvalResult.ClassResult(0, "a", "A", 1, 1, 100),
                        new EvalResult.ClassResult(1, "b", "B", 0, 0, 0),
                        new EvalResult.ClassResult(2, "c", "C", 2, 0, 0)),
                r.classes());
        assertEquals(List.of(new EvalResult.Unreadable("x.png", "corrupt")), r.unreadable());
    }

    @Test
    void topKIsCappedAtTheClassCount() {
        EvalMetrics m = new EvalMetrics(NAMES, NAMES, 3, 5);
        m.add(ImageScore.of(1, new float[] {5, -5, 0}, 0, ALL, 3, null));
        EvalResult r = m.result(EvalProtocol.DEFAULT, 1);
        assertEquals(3, r.topK());
        assertEquals(0, r.top1());
        assertEquals(100, r.top5());
    }

    /** Four model classes; the tree holds folders for classes 0 and 2 only. */
    private static final List<String> SUBSET = Arrays.asList("a", null, "c", null);

    private static final float[] ROW = {1, 5, 2, 4};

    @Test
    void restrictedLogitsRankAndNormaliseOverThePresentClassesOnly() {
        EvalMetrics m = new EvalMetrics(SUBSET, List.of("A", "B", "C", "D"), 2, 5);
        int[] present = {0, 2};
        m.add(ImageScore.of(0, ROW, 0, present, 4, null)); // among {0, 2}: 1 < 2, rank 1 (over all four: 3)
        m.add(ImageScore.of(2, ROW, 0, present, 4, null)); // rank 0 (over all four: 2)
        EvalResult r = m.result(new EvalProtocol(ClassMap.imagenet1k(), true, null), 1);
        assertEquals(2, r.topK(), "k is capped at the scored classes");
        assertEquals(50, r.top1());
        assertEquals(100, r.top5());
        double lse = Math.log(Math.exp(1) + Math.exp(2));
        assertEquals(((lse - 1) + (lse - 2)) / 2, r.loss(), 1e-12);
        assertEquals(new EvalResult.Protocol("imagenet-1k", true, 2, null), r.protocol());
        assertEquals(
                List.of(
                        new EvalResult.ClassResult(0, "a", "A", 1, 0, 0),
                        new EvalResult.ClassResult(2, "c", "C", 1, 1, 100)),
                r.classes(),
                "only the classes with a folder");
        assertNull(r.real());
    }

    @Test
    void realAccuracyLeavesEmptySetsOutAndTakesTheBestOfSeveralLabels(@TempDir Path dir) throws IOException {
        EvalMetrics all = new EvalMetrics(SUBSET, SUBSET, 4, 2);
        EvalMetrics restricted = new EvalMetrics(SUBSET, SUBSET, 2, 2);
        int[][] scored = {{0, 1, 2, 3}, {0, 2}};
        for (int i = 0; i < 2; i++) {
            EvalMetrics m = List.of(all, restricted).get(i);
            m.add(ImageScore.of(0, ROW, 0, scored[i], 4, new int[] {})); // no ReaL label: left out
            // ranks 1 and 0 over all; neither is scored when restricted
            m.add(ImageScore.of(0, ROW, 0, scored[i], 4, new int[] {3, 1}));
            // ranks 3 and 1 over all; 1 and - when restricted
            m.add(ImageScore.of(0, ROW, 0, scored[i], 4, new int[] {0, 3}));
        }
        RealLabels none = RealLabels.read(Files.writeString(dir.resolve("real.json"), "[]"));
        assertEquals(
                new EvalResult.Real(2, 1, 50, 100),
                all.result(new EvalProtocol(ClassMap.numeric(), false, none), 1).real());
        assertEquals(
                new EvalResult.Real(2, 1, 0, 50),
                restricted
                        .result(new EvalProtocol(ClassMap.numeric(), true, none), 1)
                        .real());
    }

    /** A tie goes to the lower index; the loss is over the scored classes only; ReaL outcomes are encoded. */
    @Test
    void imageScoreRanksTiesLossAndRealOutcome() {
        float[] batch = {0.3f, 1.7f, -2.1f, 4.25f, 4.25f, 0.5f};
        ImageScore tie = ImageScore.of(1, batch, 1, ALL, 3, null);
        assertEquals(1, tie.rank()); // class 0 has the same logit and the lower index
        assertEquals(Math.log(2 + Math.exp(-3.75)), tie.loss(), 1e-15);
        assertEquals(ImageScore.NO_REAL, tie.realRank());
        assertEquals(
                ImageScore.REAL_UNLABELLED,
                ImageScore.of(1, batch, 1, ALL, 3, new int[0]).realRank());
        assertEquals(0, ImageScore.of(1, batch, 1, ALL, 3, new int[] {2, 0}).realRank());
        ImageScore restricted = ImageScore.of(1, batch, 1, new int[] {1, 2}, 3, new int[] {0});
        assertEquals(0, restricted.rank());
        assertEquals(Math.log(1 + Math.exp(-3.75)), restricted.loss(), 1e-15);
        assertEquals(Integer.MAX_VALUE, restricted.realRank(), "class 0 is not scored");
    }
}
