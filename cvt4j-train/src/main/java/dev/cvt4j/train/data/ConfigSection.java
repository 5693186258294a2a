package dev.cvt4j.train.data;

import dev.cvt4j.model.ConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Typed, defaulted reads from one section of an official experiment YAML file (as loaded by
 * {@link dev.cvt4j.model.OfficialYaml#load}); errors name the full field, e.g. {@code
 * AUG.TIMM_AUG.RE_PROB: expected a number, got 'x'}.
 */
final class ConfigSection {
    private final Map<?, ?> values;
    private final String path;

    private ConfigSection(Map<?, ?> values, String path) {
        this.values = values;
        this.path = path;
    }

    /** The top level of a YAML document. */
    static ConfigSection root(Map<String, Object> root) {
        return new ConfigSection(root, "");
    }

    /** A sub-section; an absent one reads as empty, so every field takes its default. */
    ConfigSection section(String key) {
        Object v = values.get(key);
        if (v == null) {
            return new ConfigSection(Map.of(), field(key));
        }
        if (!(v instanceof Map<?, ?> map)) {
            throw new ConfigException(field(key) + ": expected a mapping, got '" + v + "'");
        }
        return new ConfigSection(map, field(key));
    }

    /** Refuses keys outside {@code known} (yacs rejects them too). */
    void requireKnown(Set<String> known) {
        for (Object key : values.keySet()) {
            if (!known.contains(String.valueOf(key))) {
                throw new ConfigException(field(String.valueOf(key)) + ": unknown field");
            }
        }
    }

    boolean has(String key) {
        return values.get(key) != null;
    }

    double number(String key, double fallback) {
        return value(key, fallback, Number.class, "a number").doubleValue();
    }

    int integer(String key, int fallback) {
        return value(key, fallback, Integer.class, "an integer");
    }

    boolean bool(String key, boolean fallback) {
        return value(key, fallback, Boolean.class, "true or false");
    }

    String string(String key, String fallback) {
        return value(key, fallback, String.class, "a string");
    }

    private <T> T value(String key, T fallback, Class<T> type, String expected) {
        Object v = values.get(key);
        if (v == null) {
            return fallback;
        }
        if (type.isInstance(v)) {
            return type.cast(v);
        }
        throw new ConfigException(field(key) + ": expected " + expected + ", got '" + v + "'");
    }

    /**
     * A list of numbers, or a single number read as a one-element list.
     *
     * @param sizes the accepted lengths
     */
    List<Double> numbers(String key, List<Double> fallback, Set<Integer> sizes) {
        Object v = values.get(key);
        if (v == null) {
            return fallback;
        }
        List<?> raw = v instanceof List<?> l ? l : List.of(v);
        if (!sizes.contains(raw.size())) {
            throw new ConfigException(field(key) + ": expected " + sizes + " values, got " + raw.size());
        }
        List<Double> out = new ArrayList<>();
        for (Object o : raw) {
            if (!(o instanceof Number n)) {
                throw new ConfigException(field(key) + ": expected numbers, got '" + v + "'");
            }
            out.add(n.doubleValue());
        }
        return List.copyOf(out);
    }

    private String field(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }
}
