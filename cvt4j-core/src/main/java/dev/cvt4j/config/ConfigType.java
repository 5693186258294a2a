package dev.cvt4j.config;

import dev.cvt4j.untrusted.SafeText;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The type of a configuration key, taken from the type of its default in the official
 * {@code lib/config/default.py} (microsoft/CvT). Values are checked and converted the way yacs'
 * {@code merge_from_file} and {@code merge_from_list} would accept them, with two conveniences: an
 * integer is accepted where a float is expected, and a number written as a string (YAML 1.1 reads
 * {@code 1e-5} as one) is parsed.
 */
public enum ConfigType {
    /** A Java {@link Integer}. */
    INT("an integer"),
    /** A Java {@link Double}. */
    FLOAT("a number"),
    /** A Java {@link Boolean} (YAML {@code true}/{@code True}/{@code false}/{@code False}). */
    BOOL("True or False"),
    /** A non-null {@link String}. */
    STRING("a string"),
    /** A {@link String} or null (YAML {@code null} or {@code ~}), e.g. an absent auto-augment policy. */
    OPTIONAL_STRING("a string or null"),
    /** An unmodifiable {@code List<Integer>}. */
    INT_LIST("a list of integers"),
    /** An unmodifiable {@code List<Double>}. */
    FLOAT_LIST("a list of numbers"),
    /** An unmodifiable {@code List<Double>}, written as a list or as one number (a one-element list). */
    FLOATS("a number or a list of numbers"),
    /** An unmodifiable {@code List<Boolean>}. */
    BOOL_LIST("a list of True or False"),
    /** An unmodifiable {@code List<String>}. */
    STRING_LIST("a list of strings"),
    /** An unmodifiable {@code Map<String, Object>} kept as written (a yacs {@code new_allowed} node). */
    MAPPING("a mapping");

    private final String expected;

    ConfigType(String expected) {
        this.expected = expected;
    }

    /**
     * Checks and converts a parsed YAML value.
     *
     * @param value what SnakeYAML produced
     * @param key the dotted key, for the message
     * @return the value as this type's Java representation
     * @throws ConfigException naming the key when the value does not have this type
     */
    public Object coerce(Object value, String key) {
        Object result = switch (this) {
            case INT -> value instanceof Integer ? value : null;
            case FLOAT -> number(value);
            case BOOL -> value instanceof Boolean ? value : null;
            case STRING -> value instanceof String ? value : null;
            case OPTIONAL_STRING -> value == null || value instanceof String ? value : null;
            case INT_LIST -> list(value, INT, key);
            case FLOAT_LIST -> list(value, FLOAT, key);
            case FLOATS -> value instanceof List<?> ? list(value, FLOAT, key) : singleton(number(value));
            case BOOL_LIST -> list(value, BOOL, key);
            case STRING_LIST -> list(value, STRING, key);
            case MAPPING -> mapping(value);
        };
        if (result == null && !(this == OPTIONAL_STRING && value == null)) {
            throw new ConfigException(key + ": expected " + expected + ", got " + SafeText.quote(value));
        }
        return result;
    }

    /**
     * Writes a value of this type as YAML flow text, the way {@code cvt config} prints it.
     *
     * @param value a value in this type's Java representation, or null
     * @return e.g. {@code 0.001}, {@code [224, 224]}, {@code 'dw_bn'}, {@code true}, {@code null}; text
     *     from a file escaped and bounded by {@link SafeText}
     */
    public static String format(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof String s) {
            return "'" + SafeText.escape(s) + "'";
        }
        if (value instanceof List<?> list) {
            return list.stream().map(ConfigType::format).collect(Collectors.joining(", ", "[", "]"));
        }
        if (value instanceof Map<?, ?> map) {
            // a mapping's values are as the file wrote them (maybe a recursive alias): bounded by SafeText
            return map.entrySet().stream()
                    .map(e -> SafeText.escape(String.valueOf(e.getKey())) + ": "
                            + (e.getValue() instanceof Map<?, ?> || e.getValue() instanceof List<?>
                                    ? SafeText.render(e.getValue())
                                    : format(e.getValue())))
                    .collect(Collectors.joining(", ", "{", "}"));
        }
        return String.valueOf(value);
    }

    private static Double number(Object value) {
        if (value instanceof Integer || value instanceof Long || value instanceof Double) {
            return ((Number) value).doubleValue();
        }
        if (value instanceof String s) {
            try {
                return Double.valueOf(s.strip());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    private static List<Object> singleton(Double value) {
        return value == null ? null : List.of(value);
    }

    private static List<Object> list(Object value, ConfigType element, String key) {
        if (!(value instanceof List<?> raw)) {
            return null;
        }
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            out.add(element.coerce(raw.get(i), key + "[" + i + "]"));
        }
        return Collections.unmodifiableList(out);
    }

    private static Map<String, Object> mapping(Object value) {
        if (!(value instanceof Map<?, ?> raw)) {
            return null;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        raw.forEach((k, v) -> out.put(String.valueOf(k), v));
        return Collections.unmodifiableMap(out);
    }
}
