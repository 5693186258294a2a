package dev.cvt4j.train.config;

import dev.cvt4j.model.ConfigException;
import dev.cvt4j.model.OfficialYaml;
import dev.cvt4j.untrusted.SafeText;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * The recipe keys of one experiment, typed: the {@link RecipeKeys#SECTIONS} of an official YAML
 * mapping, then {@code KEY=VALUE} overrides applied in order (official {@code merge_from_list}), then
 * the official defaults for whatever is still unset.
 */
final class RecipeValues {
    private final Map<String, Object> values = new HashMap<>();

    /**
     * @param root the top-level YAML mapping (other sections are ignored)
     * @param overrides {@code KEY=VALUE} strings, e.g. {@code TRAIN.LR=0.001}; VALUE is YAML, as in
     *     {@code TRAIN.IMAGE_SIZE=[64,64]}
     * @throws ConfigException naming the key on an unknown key, a wrong type or a malformed override
     */
    RecipeValues(Map<String, Object> root, List<String> overrides) {
        for (String section : RecipeKeys.SECTIONS) {
            Object node = root.get(section);
            if (node != null) {
                read(section, node);
            }
        }
        for (String override : overrides) {
            override(override);
        }
    }

    private void read(String prefix, Object node) {
        if (!(node instanceof Map<?, ?> map)) {
            throw new ConfigException(prefix + ": expected a mapping, got " + SafeText.quote(node));
        }
        map.forEach((k, v) -> {
            String key = prefix + "." + k;
            if (RecipeKeys.NESTED.contains(key)) {
                read(key, v);
            } else {
                set(key, v, RecipeKeys.LENIENT.contains(prefix));
            }
        });
    }

    private void set(String key, Object value, boolean lenient) {
        RecipeKeys.Field field = RecipeKeys.FIELDS.get(key);
        if (field != null) {
            values.put(key, field.type().coerce(value, key));
        } else if (key.startsWith("TRAIN.OPTIMIZER_ARGS.")) {
            Map<String, Object> args = new LinkedHashMap<>(mapping("TRAIN.OPTIMIZER_ARGS"));
            args.put(key.substring("TRAIN.OPTIMIZER_ARGS.".length()), value);
            values.put("TRAIN.OPTIMIZER_ARGS", FieldType.MAPPING.coerce(args, "TRAIN.OPTIMIZER_ARGS"));
        } else if (!RecipeKeys.IGNORED.contains(key) && !lenient) {
            throw new ConfigException(key + ": unknown field");
        }
    }

    /** Like yacs' {@code merge_from_list}, an override must name a key the recipe has (none of the lenient extras). */
    private void override(String override) {
        int eq = override.indexOf('=');
        if (eq <= 0) {
            throw new ConfigException("override '" + override + "': expected KEY=VALUE, e.g. TRAIN.LR=0.001");
        }
        String key = override.substring(0, eq).strip();
        if (!RecipeKeys.SECTIONS.contains(key.split("\\.", 2)[0])) {
            throw new ConfigException(key + ": not a training setting (overrides name a key under "
                    + String.join(", ", RecipeKeys.SECTIONS) + ")");
        }
        try {
            set(key, OfficialYaml.newYaml().load(override.substring(eq + 1)), false);
        } catch (YAMLException | IllegalArgumentException e) {
            throw new ConfigException(key + ": malformed value in override '" + override + "'", e);
        } catch (ConfigException e) {
            throw new ConfigException(e.getMessage() + " (override '" + override + "')", e);
        }
    }

    private Object get(String key) {
        if (values.containsKey(key)) {
            return values.get(key);
        }
        RecipeKeys.Field field = RecipeKeys.FIELDS.get(key);
        if (field.defaultValue() == null && field.type() != FieldType.OPTIONAL_STRING) {
            throw new ConfigException(key + ": missing");
        }
        return field.defaultValue();
    }

    /** @throws ConfigException when a required key is unset */
    int integer(String key) {
        return (Integer) get(key);
    }

    /** @throws ConfigException when a required key is unset */
    double number(String key) {
        return (Double) get(key);
    }

    boolean bool(String key) {
        return (Boolean) get(key);
    }

    /** @throws ConfigException when a required key is unset */
    String string(String key) {
        return (String) get(key);
    }

    @SuppressWarnings("unchecked")
    List<Integer> integers(String key) {
        return (List<Integer>) get(key);
    }

    @SuppressWarnings("unchecked")
    List<Double> numbers(String key) {
        return (List<Double>) get(key);
    }

    @SuppressWarnings("unchecked")
    List<String> strings(String key) {
        return (List<String>) get(key);
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> mapping(String key) {
        return (Map<String, Object>) get(key);
    }
}
