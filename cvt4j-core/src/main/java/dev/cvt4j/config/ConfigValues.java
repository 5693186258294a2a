package dev.cvt4j.config;

import dev.cvt4j.untrusted.SafeText;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * The typed values of one experiment, read against the {@link ConfigTable}: an official experiment
 * mapping, then {@code KEY=VALUE} overrides applied in order (official {@code tools/train.py} passes
 * its trailing {@code opts} to yacs' {@code merge_from_list}), then the table's defaults for whatever
 * is still unset. Every value set is type-checked and checked when it is set; a key that has no default
 * and is unset fails when it is read.
 */
public final class ConfigValues {
    private static final String OPTIMIZER_ARGS = "TRAIN.OPTIMIZER_ARGS";

    private final Map<String, Object> values = new HashMap<>();

    private ConfigValues() {}

    /**
     * Reads an experiment file and applies overrides.
     *
     * @param file the YAML file
     * @param overrides {@code KEY=VALUE} strings, as for {@link #of}
     * @return the values
     * @throws ConfigException one line naming the file and the key
     */
    public static ConfigValues read(Path file, List<String> overrides) {
        return of(YamlReader.load(file), overrides, file.toString());
    }

    /**
     * Reads a parsed experiment mapping and applies overrides.
     *
     * @param root the top-level mapping of an experiment file
     * @param overrides {@code KEY=VALUE} strings applied in order after the mapping, e.g.
     *     {@code TRAIN.LR=0.001}, {@code TRAIN.IMAGE_SIZE=[64,64]}; VALUE is YAML and must have the type
     *     of the key; any key of the table may be overridden
     * @param source names the mapping in messages (a file path, a resource or preset name)
     * @return the values
     * @throws ConfigException one line naming the source and the key, when a key is unknown, a value
     *     has the wrong type or breaks the key's check, or an override is malformed
     */
    public static ConfigValues of(Map<String, Object> root, List<String> overrides, String source) {
        ConfigValues v = new ConfigValues();
        try {
            v.read("", root);
            for (String override : overrides) {
                v.override(override);
            }
        } catch (ConfigException e) {
            throw new ConfigException(source + ": " + e.getMessage(), e);
        }
        return v;
    }

    private void read(String prefix, Object node) {
        if (node == null) {
            return;
        }
        if (!(node instanceof Map<?, ?> map)) {
            throw new ConfigException(prefix + ": expected a mapping, got " + SafeText.quote(node));
        }
        YamlReader.stringKeyed(map, prefix).forEach((k, v) -> {
            String key = prefix.isEmpty() ? k : prefix + "." + k;
            if (ConfigTable.get(key) != null) {
                set(key, v);
            } else if (ConfigTable.isSection(key)) {
                read(key, v);
            } else if (!ConfigTable.lenient(prefix)) {
                throw new ConfigException(SafeText.render(key) + ": unknown field");
            }
        });
    }

    private void set(String key, Object value) {
        ConfigKey row = ConfigTable.require(key);
        Object typed = row.type().coerce(value, key);
        row.check().apply(typed, key);
        values.put(key, typed);
    }

    /** Like yacs' {@code merge_from_list}, an override must name a key of the table. */
    private void override(String override) {
        int eq = override.indexOf('=');
        if (eq <= 0) {
            throw new ConfigException("override '" + override + "': expected KEY=VALUE, e.g. TRAIN.LR=0.001");
        }
        String key = override.substring(0, eq).strip();
        Object value;
        try {
            value = YamlReader.value(override.substring(eq + 1));
        } catch (YAMLException | IllegalArgumentException e) {
            throw new ConfigException(key + ": malformed value in override '" + override + "'", e);
        }
        try {
            if (key.startsWith(OPTIMIZER_ARGS + ".")) {
                Map<String, Object> args = new LinkedHashMap<>(mapping(OPTIMIZER_ARGS));
                args.put(key.substring(OPTIMIZER_ARGS.length() + 1), value);
                set(OPTIMIZER_ARGS, args);
            } else {
                set(key, value);
            }
        } catch (ConfigException e) {
            throw new ConfigException(e.getMessage() + " (override '" + override + "')", e);
        }
    }

    /**
     * @param key a key of the table
     * @return whether the file or an override set it
     */
    public boolean isSet(String key) {
        return values.containsKey(key);
    }

    /**
     * The value of a key, or its default, as {@code cvt config} shows it: nothing is checked.
     *
     * @param key a key of the table
     * @return the value in its type's Java representation; null for an unset key without default
     * @throws ConfigException naming the key when the table has no such key
     */
    public Object resolved(String key) {
        ConfigKey row = ConfigTable.require(key);
        return values.containsKey(key) ? values.get(key) : row.defaultValue();
    }

    /**
     * The value of a key, or its default, for use: a default is held to the key's check too (the
     * official default optimizer, {@code sgd}, is refused as a written {@code sgd} is).
     *
     * @param key a key of the table
     * @return the value in its type's Java representation (null only for an unset optional key)
     * @throws ConfigException naming the key when it is unknown, required and unset, or its default
     *     breaks its check
     */
    public Object get(String key) {
        ConfigKey row = ConfigTable.require(key);
        if (values.containsKey(key)) {
            return values.get(key);
        }
        if (row.required()) {
            throw new ConfigException(key + ": missing");
        }
        if (row.defaultValue() != null) {
            row.check().apply(row.defaultValue(), key);
        }
        return row.defaultValue();
    }

    /** @return the {@link ConfigType#INT} value of {@code key}; throws as {@link #get} */
    public int integer(String key) {
        return (Integer) get(key);
    }

    /** @return the {@link ConfigType#FLOAT} value of {@code key}; throws as {@link #get} */
    public double number(String key) {
        return (Double) get(key);
    }

    /** @return the {@link ConfigType#BOOL} value of {@code key}; throws as {@link #get} */
    public boolean bool(String key) {
        return (Boolean) get(key);
    }

    /** @return the {@link ConfigType#STRING} or {@link ConfigType#OPTIONAL_STRING} value; throws as {@link #get} */
    public String string(String key) {
        return (String) get(key);
    }

    /** @return the {@link ConfigType#INT_LIST} value of {@code key}; throws as {@link #get} */
    @SuppressWarnings("unchecked")
    public List<Integer> integers(String key) {
        return (List<Integer>) get(key);
    }

    /** @return the {@link ConfigType#FLOAT_LIST} or {@link ConfigType#FLOATS} value; throws as {@link #get} */
    @SuppressWarnings("unchecked")
    public List<Double> numbers(String key) {
        return (List<Double>) get(key);
    }

    /** @return the {@link ConfigType#BOOL_LIST} value of {@code key}; throws as {@link #get} */
    @SuppressWarnings("unchecked")
    public List<Boolean> booleans(String key) {
        return (List<Boolean>) get(key);
    }

    /** @return the {@link ConfigType#STRING_LIST} value of {@code key}; throws as {@link #get} */
    @SuppressWarnings("unchecked")
    public List<String> strings(String key) {
        return (List<String>) get(key);
    }

    /** @return the {@link ConfigType#MAPPING} value of {@code key}; throws as {@link #get} */
    @SuppressWarnings("unchecked")
    public Map<String, Object> mapping(String key) {
        return (Map<String, Object>) get(key);
    }
}
