package dev.cvt4j.train.data;

/**
 * A closed interval of a configuration, such as {@code AUG.SCALE} or {@code AUG.MIXCUT_MINMAX}.
 *
 * @param min lower bound
 * @param max upper bound, {@code >= min}
 */
public record Range(double min, double max) {

    /**
     * @throws IllegalArgumentException if {@code min > max} or a bound is NaN
     */
    public Range {
        if (!(min <= max)) {
            throw new IllegalArgumentException("range [" + min + ", " + max + "] is empty");
        }
    }
}
