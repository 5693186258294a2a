package dev.cvt4j.config;

import dev.cvt4j.untrusted.SafeText;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * The check column of the configuration table: a rule one value must meet, with its text. A value
 * that breaks it fails with a one-line {@link ConfigException} naming the key, e.g.
 * {@code TRAIN.LR: must be a positive number, got 0.0}.
 *
 * @param text the rule in words, as {@code cvt config --table} prints it
 * @param rule throws a {@link ConfigException} naming the key (its second argument) when the value
 *     (its first, in the key's {@link ConfigType} representation) breaks the rule
 */
public record Check(String text, BiConsumer<Object, String> rule) {

    /** No rule beyond the type. */
    public static final Check NONE = new Check("", (v, k) -> {});

    /**
     * Applies the rule.
     *
     * @param value the value, in its key's type representation
     * @param key the dotted key, for the message
     * @throws ConfigException naming the key when the value breaks the rule
     */
    public void apply(Object value, String key) {
        rule.accept(value, key);
    }

    /** @return an integer at least {@code min} */
    public static Check atLeast(int min) {
        return new Check(">= " + min, (v, k) -> {
            if ((Integer) v < min) {
                throw new ConfigException(k + ": must be at least " + min + ", got " + v);
            }
        });
    }

    /** @return a finite number above 0 */
    public static Check positive() {
        return new Check("> 0", (v, k) -> {
            double d = (Double) v;
            if (!(d > 0) || Double.isInfinite(d)) {
                throw new ConfigException(k + ": must be a positive number, got " + d);
            }
        });
    }

    /** @return a finite number at least 0 */
    public static Check nonNegative() {
        return new Check(">= 0", (v, k) -> nonNegative((Double) v, k));
    }

    /** @return a probability in [0, 1] */
    public static Check probability() {
        return new Check("in [0, 1]", (v, k) -> probability((Double) v, k));
    }

    /** @return a number in [0, 1), e.g. a smoothing factor */
    public static Check fraction() {
        return new Check("in [0, 1)", (v, k) -> {
            double d = (Double) v;
            if (!(d >= 0 && d < 1)) {
                throw new ConfigException(k + ": must be in [0, 1), got " + d);
            }
        });
    }

    /**
     * @param allowed the accepted strings
     * @return a string that is one of {@code allowed}
     */
    public static Check oneOf(String... allowed) {
        List<String> list = List.of(allowed);
        return new Check("one of " + String.join(", ", list), (v, k) -> oneOf((String) v, list, k));
    }

    /**
     * @param implemented the only value cvt4j implements among the official choices
     * @return a string equal to {@code implemented}
     */
    public static Check supported(String implemented) {
        return new Check("only " + implemented, (v, k) -> {
            if (!implemented.equals(v)) {
                throw new ConfigException(
                        k + ": " + SafeText.quote(v) + " is not supported (cvt4j implements '" + implemented + "')");
            }
        });
    }

    /** @return a PIL filter code: 2 (bilinear) or 3 (bicubic) */
    public static Check pilFilter() {
        return new Check("2 or 3", (v, k) -> {
            if ((Integer) v != 2 && (Integer) v != 3) {
                throw new ConfigException(k + ": expected 2 (bilinear) or 3 (bicubic), got " + v);
            }
        });
    }

    /**
     * @param sizes the accepted list lengths
     * @return a list with one of these lengths
     */
    public static Check size(Integer... sizes) {
        List<Integer> list = List.of(sizes);
        return new Check(sizesText(list) + " values", (v, k) -> size((List<?>) v, list, k));
    }

    /** @return a [min, max] pair of positive numbers with min <= max, e.g. a crop scale range */
    public static Check range() {
        return new Check("[min, max], 0 < min <= max", (v, k) -> range(v, k));
    }

    /**
     * @param element the rule for each element
     * @return a list whose every element meets {@code element}; messages name {@code KEY[i]}
     */
    public static Check each(Check element) {
        return new Check("each " + element.text, (v, k) -> {
            List<?> list = (List<?>) v;
            for (int i = 0; i < list.size(); i++) {
                element.apply(list.get(i), k + "[" + i + "]");
            }
        });
    }

    /**
     * @param next a further rule
     * @return this rule, then {@code next}
     */
    public Check and(Check next) {
        return new Check(text + ", " + next.text, (v, k) -> {
            apply(v, k);
            next.apply(v, k);
        });
    }

    /**
     * A rule written out for one key.
     *
     * @param text the rule in words
     * @param rule throws a {@link ConfigException} naming the key
     * @return the check
     */
    public static Check of(String text, BiConsumer<Object, String> rule) {
        return new Check(text, rule);
    }

    static void nonNegative(double d, String k) {
        if (!(d >= 0) || Double.isInfinite(d)) {
            throw new ConfigException(k + ": must be a non-negative number, got " + d);
        }
    }

    static void probability(double d, String k) {
        if (!(d >= 0 && d <= 1)) {
            throw new ConfigException(k + ": must be a probability in [0, 1], got " + d);
        }
    }

    static void oneOf(String value, List<String> allowed, String k) {
        if (!allowed.contains(value)) {
            throw new ConfigException(
                    k + ": expected one of " + String.join(", ", allowed) + ", got " + SafeText.quote(value));
        }
    }

    static void size(List<?> values, List<Integer> sizes, String k) {
        if (!sizes.contains(values.size())) {
            throw new ConfigException(k + ": expected " + sizesText(sizes) + " values, got " + values.size());
        }
    }

    private static String sizesText(List<Integer> sizes) {
        List<String> n = sizes.stream().map(String::valueOf).toList();
        return n.size() == 1 ? n.get(0) : String.join(", ", n.subList(0, n.size() - 1)) + " or " + n.get(n.size() - 1);
    }

    private static void range(Object v, String k) {
        List<?> values = (List<?>) v;
        size(values, List.of(2), k);
        double min = (Double) values.get(0);
        double max = (Double) values.get(1);
        if (!(min > 0) || Double.isInfinite(min)) {
            throw new ConfigException(k + "[0]: must be a positive number, got " + min);
        }
        if (!(max > 0) || Double.isInfinite(max)) {
            throw new ConfigException(k + "[1]: must be a positive number, got " + max);
        }
        if (min > max) {
            throw new ConfigException(k + ": the first value must not exceed the second, got " + values);
        }
    }
}
