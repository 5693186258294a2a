package dev.cvt4j.config;

import dev.cvt4j.untrusted.Exhaustion;
import dev.cvt4j.untrusted.SafeText;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
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
 *
 * <p>Files are untrusted: at most {@value #MAX_ALIASES} aliases to collections (an alias bomb is
 * refused), nesting at most {@value #MAX_NESTING} levels deep, at most {@value #MAX_CODE_POINTS} code
 * points (the file size is checked before it is read), UTF-8 only, no recursive keys and no global
 * tags ({@code !!python/object} and the like are refused, nothing is instantiated). A recursive alias
 * in a value is allowed by YAML, so values are quoted in messages through {@link SafeText}, which
 * never walks a structure deeply.
 */
public final class YamlReader {
    /** The most aliases to collections a document may use (SnakeYAML's default). */
    public static final int MAX_ALIASES = 50;
    /** The deepest nesting of collections a document may have. */
    public static final int MAX_NESTING = 50;
    /** The most code points a document may have (1 MiB; the official experiment files have about 2,000). */
    public static final int MAX_CODE_POINTS = 1 << 20;

    private YamlReader() {}

    /**
     * Reads a YAML file into a mapping.
     *
     * @param path the file
     * @return the top-level mapping, whose keys are strings
     * @throws ConfigException naming the file when it cannot be read, is larger than
     *     {@value #MAX_CODE_POINTS} code points can be, is not UTF-8, or is not a YAML mapping
     */
    public static Map<String, Object> load(Path path) {
        String text;
        try {
            long size = Files.size(path);
            if (size > 4L * MAX_CODE_POINTS) {
                throw new ConfigException(path + ": " + size + " bytes, too large for an experiment file (at most "
                        + MAX_CODE_POINTS + " code points)");
            }
            text = Files.readString(path);
        } catch (CharacterCodingException e) {
            throw new ConfigException(path + ": not UTF-8 text", e);
        } catch (IOException e) {
            throw new ConfigException(
                    path + ": cannot read (" + SafeText.escape(String.valueOf(e.getMessage())) + ")", e);
        }
        return parse(text, path.toString());
    }

    /**
     * Parses YAML text into a mapping.
     *
     * @param text the document
     * @param source names the document in messages (a file path, a resource name)
     * @return the top-level mapping, whose keys are strings
     * @throws ConfigException naming the source when the text is malformed, breaks a limit of
     *     {@link #options()}, is not a YAML mapping or has a key that is not a string
     */
    public static Map<String, Object> parse(String text, String source) {
        Object doc;
        try {
            doc = value(text);
        } catch (StackOverflowError | OutOfMemoryError e) {
            throw new ConfigException(source + ": " + Exhaustion.reason(e), e);
        } catch (YAMLException | IllegalArgumentException e) {
            // SnakeYAML 2.3 also throws IllegalArgumentException, e.g. for a %-escaped tag that decodes
            // to a space (found by YamlFuzzTest, kept in YamlFuzzTestInputs/read)
            throw new ConfigException(source + ": " + malformed(e), e);
        }
        if (!(doc instanceof Map<?, ?> map)) {
            throw new ConfigException(source + ": not a YAML mapping");
        }
        return stringKeyed(map, source);
    }

    /**
     * Parses one YAML value, e.g. the {@code VALUE} of an override ({@code [64, 64]}, {@code 1e-3}).
     *
     * @param text the YAML text
     * @return what SnakeYAML constructs: a map, list, string, number, boolean or null
     * @throws YAMLException when the text is not valid YAML or breaks a limit of {@link #options()}
     * @throws IllegalArgumentException where SnakeYAML throws it for malformed YAML (e.g. a bad tag)
     */
    public static Object value(String text) {
        return new Yaml(new SafeConstructor(options())).load(text);
    }

    /**
     * {@code map} once every key is checked to be a string (YAML allows numbers, lists, ... as keys).
     *
     * @param map a mapping SnakeYAML constructed
     * @param field names the mapping in the message
     * @return the same map
     * @throws ConfigException naming the field and the key when a key is not a string
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> stringKeyed(Map<?, ?> map, String field) {
        for (Object key : map.keySet()) {
            if (!(key instanceof String)) {
                throw new ConfigException(field + ": key " + SafeText.quote(key) + " is not a string");
            }
        }
        return (Map<String, Object>) map;
    }

    /**
     * @param e what SnakeYAML threw
     * @return {@code malformed YAML (...)} with SnakeYAML's message on one line, escaped
     */
    private static String malformed(RuntimeException e) {
        return "malformed YAML ("
                + SafeText.escape(
                        String.join(" ", String.valueOf(e.getMessage()).strip().split("\\s*\\R\\s*"))) + ")";
    }

    /**
     * The loader settings of every parse: the limits of the class comment, no recursive keys, no
     * global tags.
     */
    private static LoaderOptions options() {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setNestingDepthLimit(MAX_NESTING);
        options.setCodePointLimit(MAX_CODE_POINTS);
        options.setAllowRecursiveKeys(false);
        options.setTagInspector(tag -> false);
        return options;
    }
}
