package dev.cvt4j.train.data;

import java.util.random.RandomGenerator;

/**
 * Gamma and Beta variates from a {@link RandomGenerator}, for Mixup's {@code lambda ~ Beta(alpha,
 * alpha)} (numpy's {@code np.random.beta} in timm; numpy uses Joehnk's algorithm for small
 * parameters, this class the Gamma ratio: the same distribution, other numbers).
 *
 * <ul>
 *   <li>Gamma(k), {@code k >= 1}: Marsaglia and Tsang, <i>A simple method for generating gamma
 *       variables</i>, ACM TOMS 26(3), 2000: {@code d = k - 1/3}, {@code c = 1 / sqrt(9 d)};
 *       repeat {@code x ~ N(0, 1)}, {@code v = (1 + c x)^3}, {@code u ~ U(0, 1)} until {@code v >
 *       0} and {@code log u < x^2 / 2 + d - d v + d log v} (with the cheap squeeze {@code u < 1 -
 *       0.0331 x^4} first); return {@code d v}.
 *   <li>Gamma(k), {@code k < 1}: the same paper's boost, {@code Gamma(k + 1) * u^(1/k)}, kept in
 *       log space so that small shapes cannot underflow to 0.
 *   <li>Beta(a, b) = {@code X / (X + Y)} with {@code X ~ Gamma(a)}, {@code Y ~ Gamma(b)}
 *       (Devroye, <i>Non-Uniform Random Variate Generation</i>, 1986, IX.4), computed as {@code 1 /
 *       (1 + exp(log Y - log X))}.
 * </ul>
 */
public final class Distributions {
    private Distributions() {}

    /**
     * @param rng the random stream
     * @param a first shape, positive
     * @param b second shape, positive
     * @return a Beta(a, b) variate in [0, 1]
     * @throws IllegalArgumentException if a shape is not positive and finite
     */
    public static double beta(RandomGenerator rng, double a, double b) {
        double logX = logGamma(rng, a);
        double logY = logGamma(rng, b);
        return 1.0 / (1.0 + Math.exp(logY - logX));
    }

    /**
     * @param rng the random stream
     * @param shape the shape k, positive (scale 1)
     * @return a Gamma(k, 1) variate
     * @throws IllegalArgumentException if the shape is not positive and finite
     */
    public static double gamma(RandomGenerator rng, double shape) {
        return Math.exp(logGamma(rng, shape));
    }

    /** The logarithm of a Gamma(k, 1) variate. */
    private static double logGamma(RandomGenerator rng, double shape) {
        if (!(shape > 0) || Double.isInfinite(shape)) {
            throw new IllegalArgumentException("gamma shape must be positive and finite, got " + shape);
        }
        if (shape < 1) {
            return logGamma(rng, shape + 1) + Math.log(1.0 - rng.nextDouble()) / shape;
        }
        double d = shape - 1.0 / 3.0;
        double c = 1.0 / Math.sqrt(9.0 * d);
        while (true) {
            double x = rng.nextGaussian();
            double v = 1.0 + c * x;
            if (v <= 0) {
                continue;
            }
            v = v * v * v;
            double u = 1.0 - rng.nextDouble();
            double x2 = x * x;
            if (u < 1.0 - 0.0331 * x2 * x2 || Math.log(u) < 0.5 * x2 + d * (1.0 - v + Math.log(v))) {
                return Math.log(d) + Math.log(v);
            }
        }
    }
}
