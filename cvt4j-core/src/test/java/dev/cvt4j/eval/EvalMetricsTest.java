package dev.cvt4j.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Hand-computed top-1, top-k, cross-entropy and per-class figures. */
class EvalMetricsTest {
    private static final List<String> NAMES = List.of("a", "b", "c");

    @Test
    void accuraciesLossAndPerClassCounts() {
        EvalMetrics m = new EvalMetrics(NAMES, List.of("A", "B", "C"), 2);
        float[] batch = {
            3, 1, 0, // target 0: rank 0
            3, 1, 0, // target 2: rank 2
            0, 2, 2, // target 2: tie with class 1, which has the lower index: rank 1
        };
        m.add(0, batch, 0);
        m.add(2, batch, 1);
        m.add(2, batch, 2);
        m.addUnreadable("x.png", "corrupt");
        EvalResult r = m.result(2.0);
        assertEquals(4, r.images());
        assertEquals(3, r.evaluated());
        assertEquals(2, r.topK());
        assertEquals(100.0 / 3, r.top1(), 1e-12);
        assertEquals(200.0 / 3, r.top5(), 1e-12);
        double lse1 = Math.log(Math.exp(3) + Math.exp(1) + Math.exp(0));
        double lse3 = Math.log(1 + 2 * Math.exp(2));
        assertEquals(((lse1 - 3) + (lse1 - 0) + (lse3 - 2)) / 3, r.loss(), 1e-12);
        assertEquals(1.5, r.imagesPerSecond(), 1e-12);
        assertEquals(List.of(new EvalResult.ClassResult(0, "a", "A", 1, 1, 100), new EvalResult.ClassResult(1, "b", "B",
                0, 0, 0), new EvalResult.ClassResult(2, "c", "C", 2, 0, 0)), r.classes());
        assertEquals(List.of(new EvalResult.Unreadable("x.png", "corrupt")), r.unreadable());
    }

    @Test
    void topKIsCappedAtTheClassCount() {
        EvalMetrics m = new EvalMetrics(NAMES, NAMES, 5);
        m.add(1, new float[] {5, -5, 0}, 0);
        EvalResult r = m.result(1);
        assertEquals(3, r.topK());
        assertEquals(0, r.top1());
        assertEquals(100, r.top5());
    }

    /** Scores computed elsewhere (a Spark executor) and added in the same order give the same totals, bit for bit. */
    @Test
    void scoresAddUpLikeLogits() {
        float[] batch = {0.3f, 1.7f, -2.1f, 4.25f, 4.25f, 0.5f, -1f, 0.1f, 0.1f};
        int[] targets = {1, 0, 2};
        EvalMetrics fromLogits = new EvalMetrics(NAMES, NAMES, Evaluator.TOP_K);
        EvalMetrics fromScores = EvalMetrics.forClasses(NAMES);
        for (int row = 0; row < 3; row++) {
            fromLogits.add(targets[row], batch, row);
            fromScores.add(ImageScore.of(targets[row], batch, row, 3));
        }
        ImageScore tie = ImageScore.of(1, batch, 1, 3);
        assertEquals(1, tie.rank()); // class 0 has the same logit and the lower index
        assertEquals(Math.log(2 + Math.exp(-3.75)), tie.loss(), 1e-15);
        assertEquals(fromLogits.result(1), fromScores.result(1));
    }
}
