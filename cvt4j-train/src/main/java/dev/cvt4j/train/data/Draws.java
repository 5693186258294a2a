package dev.cvt4j.train.data;

import java.util.random.RandomGenerator;

/**
 * The draws of Python's {@code random} module that the reference pipeline uses, on any {@link
 * RandomGenerator}. The numbers differ from Python's (another generator); the distributions are
 * the same.
 */
final class Draws {
    private Draws() {}

    /** {@code random.uniform(a, b)}: {@code a + (b - a) * random()}, also for {@code a == b}. */
    static double uniform(RandomGenerator rng, double a, double b) {
        return a + (b - a) * rng.nextDouble();
    }

    /** {@code math.exp(random.uniform(log(a), log(b)))}: log-uniform on {@code [a, b]}. */
    static double logUniform(RandomGenerator rng, double a, double b) {
        return Math.exp(uniform(rng, Math.log(a), Math.log(b)));
    }

    /** {@code random.randint(a, b)}: uniform on the integers {@code a..b}, both included. */
    static int randint(RandomGenerator rng, int a, int b) {
        return a + rng.nextInt(b - a + 1);
    }

    /** Python's {@code round(x)} to an int: half to even. */
    static int round(double x) {
        return (int) Math.rint(x);
    }
}
