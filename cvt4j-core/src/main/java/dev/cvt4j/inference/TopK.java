package dev.cvt4j.inference;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/** Softmax and top-k selection over one image's logits. */
public final class TopK {
    private TopK() {}

    /**
     * Softmax in double precision, stabilised by subtracting the maximum.
     *
     * @param logits one image's class scores
     * @return probabilities, same length, summing to 1
     */
    public static double[] softmax(float[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : logits) {
            max = Math.max(max, v);
        }
        double[] p = new double[logits.length];
        double sum = 0;
        for (int i = 0; i < logits.length; i++) {
            p[i] = Math.exp(logits[i] - max);
            sum += p[i];
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= sum;
        }
        return p;
    }

    /**
     * @param logits one image's class scores
     * @param k how many classes; capped at the class count
     * @param labels class names, indexed like {@code logits}
     * @return the {@code k} most probable classes, most probable first (ties by lower index)
     * @throws IllegalArgumentException when {@code k < 1} or the label count differs from the logits
     */
    public static List<Prediction> of(float[] logits, int k, List<String> labels) {
        if (k < 1) {
            throw new IllegalArgumentException("top-k needs k >= 1, got " + k);
        }
        if (labels.size() != logits.length) {
            throw new IllegalArgumentException(labels.size() + " labels for " + logits.length + " classes");
        }
        double[] p = softmax(logits);
        List<Prediction> out = new ArrayList<>();
        IntStream.range(0, logits.length)
                .boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> -p[i]).thenComparingInt(i -> i))
                .limit(k)
                .forEach(i -> out.add(new Prediction(i, labels.get(i), p[i])));
        return out;
    }
}
