package dev.cvt4j.config;

/**
 * A model or experiment configuration that cannot be used: a missing or malformed field, an
 * inconsistent value, or an unreadable YAML file. The message names the source (file or preset)
 * and the field, e.g. {@code cvt-13.yaml: MODEL.SPEC.NUM_HEADS[1]: DIM_EMBED 192 is not divisible by 5}.
 */
public class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message one line naming the source, the field and the problem
     */
    public ConfigException(String message) {
        super(message);
    }

    /**
     * @param message one line naming the source, the field and the problem
     * @param cause the underlying parse or I/O failure
     */
    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
