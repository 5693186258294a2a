package dev.cvt4j.config;

/**
 * One row of the configuration table ({@link ConfigTable}).
 *
 * @param key the dotted name as in the official experiment files, e.g. {@code TRAIN.LR_SCHEDULER.ARGS.min_lr}
 * @param type the value's type
 * @param defaultValue the value when the file and the overrides leave the key unset: the official
 *     {@code lib/config/default.py} default (for {@code AUG.TIMM_AUG.*}, timm 0.3.2's; for
 *     {@code CVT4J.*} and {@code MODEL.ACT_LAYER}, the one that reproduces the official behaviour), in
 *     the type's Java representation; null when the key has no default (then it is required where
 *     it is read, unless its type is {@link ConfigType#OPTIONAL_STRING})
 * @param check the rule every value set for the key must meet
 * @param used whether cvt4j reads the key; official keys it does not (CUDA, paths, SGD momentum,
 *     ...) are accepted, type-checked and ignored
 * @param description one line: what the key sets
 */
public record ConfigKey(
        String key, ConfigType type, Object defaultValue, Check check, boolean used, String description) {

    /** @return whether a value for the key must be given (no default, and null is not a value) */
    public boolean required() {
        return defaultValue == null && type != ConfigType.OPTIONAL_STRING;
    }
}
