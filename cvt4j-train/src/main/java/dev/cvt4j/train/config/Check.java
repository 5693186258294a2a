package dev.cvt4j.train.config;

import dev.cvt4j.model.ConfigException;
import dev.cvt4j.untrusted.SafeText;
import java.util.Collection;
import java.util.List;

/** Range checks for recipe values; each failure is a {@link ConfigException} naming the key. */
final class Check {
    private Check() {}

    static void atLeast(int value, int min, String field) {
        if (value < min) {
            throw new ConfigException(field + ": must be at least " + min + ", got " + value);
        }
    }

    static void positive(double value, String field) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new ConfigException(field + ": must be a positive number, got " + value);
        }
    }

    static void nonNegative(double value, String field) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new ConfigException(field + ": must be a non-negative number, got " + value);
        }
    }

    static void probability(double value, String field) {
        if (!(value >= 0 && value <= 1)) {
            throw new ConfigException(field + ": must be a probability in [0, 1], got " + value);
        }
    }

    /** A value in [0, 1), e.g. a smoothing factor. */
    static void fraction(double value, String field) {
        if (!(value >= 0 && value < 1)) {
            throw new ConfigException(field + ": must be in [0, 1), got " + value);
        }
    }

    static void oneOf(String value, Collection<String> allowed, String field) {
        if (!allowed.contains(value)) {
            throw new ConfigException(field + ": expected one of " + String.join(", ", allowed) + ", got " + SafeText.quote(value));
        }
    }

    static void size(List<?> values, int n, String field) {
        sizeIn(values, List.of(n), field);
    }

    static void sizeIn(List<?> values, Collection<Integer> sizes, String field) {
        if (!sizes.contains(values.size())) {
            List<String> n = sizes.stream().map(String::valueOf).toList();
            String expected = n.size() == 1 ? n.get(0)
                    : String.join(", ", n.subList(0, n.size() - 1)) + " or " + n.get(n.size() - 1);
            throw new ConfigException(field + ": expected " + expected + " values, got " + values.size());
        }
    }

    /** A [min, max] pair of positive numbers with min <= max, e.g. a crop scale range. */
    static void range(List<Double> values, String field) {
        size(values, 2, field);
        positive(values.get(0), field + "[0]");
        positive(values.get(1), field + "[1]");
        if (values.get(0) > values.get(1)) {
            throw new ConfigException(field + ": the first value must not exceed the second, got " + values);
        }
    }

    /** The method is an official choice cvt4j does not implement. */
    static void supported(String value, String supported, String field) {
        if (!value.equals(supported)) {
            throw new ConfigException(field + ": " + SafeText.quote(value) + " is not supported (cvt4j implements '" + supported
                    + "')");
        }
    }
}
