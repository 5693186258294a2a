package dev.cvt4j.config;

import dev.cvt4j.model.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * The one place cvt4j parses YAML: experiment files and the values of {@code KEY=VALUE} overrides,
 * with SnakeYAML's safe constructor (no custom tags, no code) and the loader limits of
 * {@link #options()}.
 */
public final class YamlReader {
    private YamlReader() {}

    /**
     * Reads a YAML file into a mapping.
     *
     * @param path the file
     * @return the top-level mapping
     * @throws ConfigException naming the file when it cannot be read or is not a YAML mapping
     */
    public static Map<String, Object> load(Path path) {
        String text;
        try {
            text = Files.readString(path);
        } catch (IOException e) {
            throw new ConfigException(path + ": cannot read (" + e.getMessage() + ")", e);
        }
        return parse(text, path.toString());
    }

    /**
     * Parses YAML text into a mapping.
     *
     * @param text the document
     * @param source names the document in messages (a file path, a resource name)
     * @return the top-level mapping
     * @throws ConfigException naming the source when the text is not a YAML mapping
     */
    public static Map<String, Object> parse(String text, String source) {
        Object doc;
        try {
            doc = value(text);
        } catch (YAMLException e) {
            throw new ConfigException(source + ": malformed YAML (" + e.getMessage().replace('\n', ' ') + ")", e);
        }
        if (!(doc instanceof Map<?, ?> map)) {
            throw new ConfigException(source + ": not a YAML mapping");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> result = (Map<String, Object>) map;
        return result;
    }

    /**
     * Parses one YAML value, e.g. the {@code VALUE} of an override ({@code [64, 64]}, {@code 1e-3}).
     *
     * @param text the YAML text
     * @return what SnakeYAML constructs: a map, list, string, number, boolean or null
     * @throws YAMLException when the text is not valid YAML
     */
    public static Object value(String text) {
        return new Yaml(new SafeConstructor(options())).load(text);
    }

    /** The loader settings of every parse. */
    private static LoaderOptions options() {
        return new LoaderOptions();
    }
}
