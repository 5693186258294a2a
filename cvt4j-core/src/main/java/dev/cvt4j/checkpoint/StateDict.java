package dev.cvt4j.checkpoint;

import dev.cvt4j.untrusted.SafeText;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * A model's weights as PyTorch's {@code Module.state_dict()} returns them: an insertion-ordered map
 * from parameter or buffer name (e.g. {@code stage0.patch_embed.proj.weight}) to {@link Tensor},
 * plus the {@code _metadata} attribute that {@code state_dict()} attaches to its {@code OrderedDict}.
 *
 * <p>{@code _metadata} maps a module prefix ({@code ""} for the root module,
 * {@code "stage0.patch_embed.proj"}, ...) to that module's local metadata, normally
 * {@code {"version": 1}} (BatchNorm: 2). {@code load_state_dict} passes it to each module's
 * {@code _load_from_state_dict}, which uses the version to upgrade old layouts. Values are
 * {@link Long}, {@link Double}, {@link Boolean} or {@link String}. An empty map means the checkpoint
 * has no {@code _metadata} (as in HuggingFace files).
 *
 * <p>Not thread-safe.
 */
public final class StateDict {
    private final LinkedHashMap<String, Tensor> tensors = new LinkedHashMap<>();
    private Map<String, Map<String, Object>> metadata = Map.of();

    /** An empty state dict without metadata. */
    public StateDict() {}

    /**
     * A state dict holding the entries of {@code tensors} in its iteration order, without metadata.
     *
     * @throws NullPointerException if a name or tensor is null
     */
    public StateDict(Map<String, Tensor> tensors) {
        tensors.forEach(this::put);
    }

    /**
     * The tensor stored under {@code name}.
     *
     * @throws NoSuchElementException if there is none
     */
    public Tensor get(String name) {
        Tensor t = tensors.get(name);
        if (t == null) {
            throw new NoSuchElementException("no tensor named '" + name + "' in the state dict");
        }
        return t;
    }

    /** Whether a tensor is stored under {@code name}. */
    public boolean contains(String name) {
        return tensors.containsKey(name);
    }

    /**
     * Stores {@code tensor} under {@code name}; a new name goes last, an existing one keeps its place.
     *
     * @return the tensor previously stored under the name, or null
     * @throws NullPointerException if name or tensor is null
     */
    public Tensor put(String name, Tensor tensor) {
        return tensors.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(tensor, "tensor"));
    }

    /**
     * Removes the tensor stored under {@code name}.
     *
     * @return the removed tensor, or null if there was none
     */
    public Tensor remove(String name) {
        return tensors.remove(name);
    }

    /** The names in order, as an unmodifiable live view. */
    public Set<String> keys() {
        return Collections.unmodifiableSet(tensors.keySet());
    }

    /** The entries in order, as an unmodifiable live view. */
    public Map<String, Tensor> asMap() {
        return Collections.unmodifiableMap(tensors);
    }

    /** The number of tensors. */
    public int size() {
        return tensors.size();
    }

    /** PyTorch's {@code _metadata}: module prefix to local metadata, unmodifiable and ordered; empty when absent. */
    public Map<String, Map<String, Object>> metadata() {
        return metadata;
    }

    /**
     * Replaces {@code _metadata} with an ordered copy of {@code metadata}. Integral numbers are stored
     * as {@link Long}, floating-point numbers as {@link Double}.
     *
     * @throws IllegalArgumentException if a value is not a number, boolean or string
     */
    public void setMetadata(Map<String, ? extends Map<String, ?>> metadata) {
        LinkedHashMap<String, Map<String, Object>> copy = new LinkedHashMap<>();
        metadata.forEach((prefix, local) -> {
            LinkedHashMap<String, Object> values = new LinkedHashMap<>();
            local.forEach((key, value) -> values.put(key, metadataValue(prefix, key, value)));
            copy.put(prefix, Collections.unmodifiableMap(values));
        });
        this.metadata = Collections.unmodifiableMap(copy);
    }

    private static Object metadataValue(String prefix, String key, Object value) {
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Double || value instanceof Float) {
            return ((Number) value).doubleValue();
        }
        if (value instanceof Boolean || value instanceof String) {
            return value;
        }
        throw new IllegalArgumentException("_metadata[" + SafeText.quote(prefix) + "][" + SafeText.quote(key) + "] is "
                + (value == null ? "None" : value.getClass().getSimpleName())
                + "; only integers, floats, booleans and strings are supported");
    }

    /**
     * A new state dict with every name replaced by {@code rename.apply(name)}, in the same order,
     * sharing the tensors and keeping the metadata unchanged.
     *
     * @throws IllegalArgumentException if two names map to the same new name
     */
    public StateDict renameKeys(UnaryOperator<String> rename) {
        StateDict out = new StateDict();
        tensors.forEach((name, tensor) -> {
            String renamed = rename.apply(name);
            if (out.put(renamed, tensor) != null) {
                throw new IllegalArgumentException(
                        "renaming maps two keys to '" + renamed + "' (one of them '" + name + "')");
            }
        });
        out.metadata = metadata;
        return out;
    }

    /** Equal when the other state dict holds equal tensors under the same names in the same order, and equal metadata. */
    @Override
    public boolean equals(Object o) {
        return o instanceof StateDict s
                && tensors.equals(s.tensors)
                && tensors.keySet().stream()
                        .toList()
                        .equals(s.tensors.keySet().stream().toList())
                && metadata.equals(s.metadata);
    }

    /** A hash of the entries and metadata, consistent with {@link #equals(Object)}. */
    @Override
    public int hashCode() {
        return Objects.hash(tensors, metadata);
    }

    /** For example {@code StateDict[153 tensors, 133 metadata entries]}. */
    @Override
    public String toString() {
        return "StateDict[" + tensors.size() + " tensors, " + metadata.size() + " metadata entries]";
    }
}
