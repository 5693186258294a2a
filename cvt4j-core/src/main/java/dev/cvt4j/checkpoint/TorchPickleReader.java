package dev.cvt4j.checkpoint;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Reads state dicts from PyTorch zip checkpoints: the default format of {@code torch.save} since
 * PyTorch 1.6 ({@code .pth}, {@code .pt}, HuggingFace {@code pytorch_model.bin}).
 *
 * <p>The archive has one top-level folder holding {@code data.pkl} (the pickled object),
 * {@code data/<key>} (one raw little-endian storage per key), {@code version} and, since
 * PyTorch 2.1, {@code byteorder}. The pickle is read by an unpickler that only allows
 * {@code collections.OrderedDict}, {@code torch._utils._rebuild_tensor_v2},
 * {@code _rebuild_parameter}, {@code _rebuild_parameter_with_state} and the typed storage classes
 * ({@code torch.FloatStorage}, ...): nothing from the file is ever executed, and any other
 * global (e.g. {@code argparse.Namespace} in a training checkpoint) is refused.
 *
 * <p>The pickled object may be the state dict itself or a dict wrapping it under one of
 * {@link #WRAPPER_KEYS} (other entries, such as an epoch number, are ignored). A {@code module.}
 * prefix present on every key (from {@code DataParallel}) is removed, also from the
 * {@code _metadata} prefixes. Tensor views (storage offsets, strides) become contiguous tensors;
 * storages shared by several tensors are read once. The storages are read onto the heap, so
 * loading needs about the checkpoint's size in memory; a single storage must be below 2 GiB.
 */
public final class TorchPickleReader {
    /** Keys under which a wrapper dict holds the state dict, tried in this order. */
    public static final List<String> WRAPPER_KEYS = List.of("state_dict", "model_state_dict", "model_state", "model");

    private static final String DATA_PARALLEL_PREFIX = "module.";

    private TorchPickleReader() {}

    /**
     * The state dict stored in {@code file}, in pickle order, with its {@code _metadata} when present.
     *
     * @throws CheckpointException naming the file if it is missing, not a zip, truncated, lacks
     *     {@code data.pkl} or a storage, uses a forbidden pickle global, is big-endian, or does not
     *     hold a dict from names to tensors
     */
    public static StateDict read(Path file) {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            String prefix = archivePrefix(file, zip);
            ZipEntry byteOrder = zip.getEntry(prefix + "byteorder");
            if (byteOrder != null) {
                String order = new String(readEntry(file, zip, byteOrder, byteOrder.getSize()), StandardCharsets.US_ASCII).strip();
                if (!order.equals("little")) {
                    throw new CheckpointException(file, "byte order '" + order + "' is not supported (only little-endian checkpoints)");
                }
            }
            ZipEntry pickle = zip.getEntry(prefix + "data.pkl");
            TorchUnpickler unpickler = new TorchUnpickler(file, (key, bytes) -> readStorage(file, zip, prefix, key, bytes));
            Object root;
            try {
                root = unpickler.loads(readEntry(file, zip, pickle, pickle.getSize()));
            } catch (CheckpointException e) {
                throw e;
            } catch (IOException | RuntimeException e) {
                throw new CheckpointException(file, prefix + "data.pkl is truncated or malformed (" + e.getMessage() + ")", e);
            }
            return toStateDict(file, root);
        } catch (ZipException e) {
            throw new CheckpointException(file, "not a valid zip archive, truncated or corrupt (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw CheckpointException.readFailure(file, e);
        }
    }

    /** The top-level folder holding {@code data.pkl}, with a trailing slash. */
    private static String archivePrefix(Path file, ZipFile zip) {
        List<String> pickles = zip.stream().map(ZipEntry::getName)
                .filter(n -> n.endsWith("/data.pkl") && n.indexOf('/') == n.length() - "/data.pkl".length())
                .toList();
        if (pickles.size() != 1) {
            throw new CheckpointException(file, pickles.isEmpty()
                    ? "zip archive has no <folder>/data.pkl: not a PyTorch checkpoint"
                    : "zip archive has several data.pkl files " + pickles + ": not a single PyTorch checkpoint");
        }
        return pickles.get(0).substring(0, pickles.get(0).length() - "data.pkl".length());
    }

    private static byte[] readStorage(Path file, ZipFile zip, String prefix, String key, long bytes) {
        String name = "data/" + key;
        ZipEntry entry = zip.getEntry(prefix + name);
        if (entry == null) {
            throw new CheckpointException(file, "storage " + name + " referenced by data.pkl is missing from the archive");
        }
        if (bytes > Integer.MAX_VALUE - 8) {
            throw new CheckpointException(file, "storage " + name + " has " + bytes + " bytes; storages of 2 GiB or more are not supported");
        }
        if (entry.getSize() < bytes) {
            throw new CheckpointException(file, "storage " + name + " has " + entry.getSize() + " bytes but data.pkl needs " + bytes);
        }
        return readEntry(file, zip, entry, bytes);
    }

    /** The first {@code bytes} bytes of {@code entry}. */
    private static byte[] readEntry(Path file, ZipFile zip, ZipEntry entry, long bytes) {
        try (InputStream in = zip.getInputStream(entry)) {
            byte[] data = in.readNBytes((int) bytes);
            if (data.length != bytes) {
                throw new CheckpointException(file, entry.getName() + " is truncated: " + data.length + " of " + bytes + " bytes");
            }
            return data;
        } catch (IOException e) {
            throw new CheckpointException(file, "cannot read " + entry.getName() + ", truncated or corrupt (" + e.getMessage() + ")", e);
        }
    }

    /** Unwraps the pickled object down to the state dict and converts it. */
    private static StateDict toStateDict(Path file, Object root) {
        Object candidate = root;
        while (candidate instanceof Map<?, ?> map && !isStateDict(map)) {
            candidate = WRAPPER_KEYS.stream().map(map::get).filter(v -> v instanceof Map<?, ?>).findFirst()
                    .orElseThrow(() -> new CheckpointException(file, "not a state dict: " + firstNonTensor(map)
                            + ", and no entry " + WRAPPER_KEYS + " holds a state dict"));
        }
        if (!(candidate instanceof Map<?, ?> map)) {
            throw new CheckpointException(file, "data.pkl holds a " + TorchUnpickler.typeName(candidate) + ", not a state dict");
        }
        StateDict stateDict = new StateDict();
        map.forEach((name, tensor) -> stateDict.put((String) name, (Tensor) tensor));
        if (candidate instanceof TorchUnpickler.OrderedDict ordered && ordered.metadata != null) {
            try {
                stateDict.setMetadata(metadata(file, ordered.metadata));
            } catch (IllegalArgumentException e) {
                throw new CheckpointException(file, e.getMessage(), e);
            }
        }
        return stripDataParallelPrefix(stateDict);
    }

    private static boolean isStateDict(Map<?, ?> map) {
        return map.entrySet().stream().allMatch(e -> e.getKey() instanceof String && e.getValue() instanceof Tensor);
    }

    private static String firstNonTensor(Map<?, ?> map) {
        return map.entrySet().stream().filter(e -> !(e.getKey() instanceof String && e.getValue() instanceof Tensor))
                .findFirst()
                .map(e -> "entry '" + e.getKey() + "' is a " + TorchUnpickler.typeName(e.getValue()) + ", not a tensor")
                .orElseThrow();
    }

    private static Map<String, Map<String, Object>> metadata(Path file, Map<?, ?> pickled) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        pickled.forEach((prefix, local) -> {
            if (!(prefix instanceof String p) || !(local instanceof Map<?, ?> values)) {
                throw new CheckpointException(file, "_metadata entry " + prefix + " is not a module name mapped to a dict");
            }
            Map<String, Object> converted = new LinkedHashMap<>();
            values.forEach((k, v) -> converted.put(String.valueOf(k), v));
            out.put(p, converted);
        });
        return out;
    }

    /** Removes {@code module.} from every key when every key has it, and adjusts the metadata prefixes. */
    private static StateDict stripDataParallelPrefix(StateDict stateDict) {
        if (stateDict.size() == 0 || !stateDict.keys().stream().allMatch(k -> k.startsWith(DATA_PARALLEL_PREFIX))) {
            return stateDict;
        }
        StateDict stripped = stateDict.renameKeys(k -> k.substring(DATA_PARALLEL_PREFIX.length()));
        Map<String, Map<String, Object>> metadata = new LinkedHashMap<>();
        stateDict.metadata().forEach((prefix, local) -> {
            if (prefix.equals("module")) {
                metadata.put("", local);
            } else if (prefix.startsWith(DATA_PARALLEL_PREFIX)) {
                metadata.put(prefix.substring(DATA_PARALLEL_PREFIX.length()), local);
            }
        });
        stripped.setMetadata(metadata);
        return stripped;
    }
}
