package dev.cvt4j.checkpoint;

import dev.cvt4j.untrusted.Exhaustion;
import dev.cvt4j.untrusted.SafeText;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * Archives of either byte order ({@code byteorder} {@code little} or {@code big}) are read.
 *
 * <p>The archive is checked as strictly as PyTorch's own reader checks it, and more: every entry
 * must lie in the one folder that holds {@code data.pkl}, no name may occur twice, {@code data.pkl}
 * may have at most {@value #MAX_PICKLE_BYTES} bytes, no compressed entry may inflate to more than
 * {@value #MAX_INFLATION_RATIO} times its compressed size (beyond its first MiB), and all entries
 * together may not inflate to more than {@value #MAX_INFLATION_RATIO} times the archive's size plus
 * 16 MiB: a zip bomb is refused before it is inflated. A wrapper dict that contains itself, or two
 * that contain each other, is refused.
 */
public final class TorchPickleReader {
    /** Keys under which a wrapper dict holds the state dict, tried in this order. */
    public static final List<String> WRAPPER_KEYS = List.of("state_dict", "model_state_dict", "model_state", "model");

    /** The most bytes {@code data.pkl} may have (a state dict of 100,000 tensors needs about 20 MB). */
    public static final long MAX_PICKLE_BYTES = 256L << 20;
    /** The most bytes a compressed entry may inflate to per compressed byte, beyond its first MiB. */
    public static final int MAX_INFLATION_RATIO = 100;

    private static final long SMALL_ENTRY_BYTES = 1L << 20;
    private static final long BUDGET_SLACK_BYTES = 16L << 20;
    private static final String DATA_PARALLEL_PREFIX = "module.";

    /** The archive being read, with the bytes still allowed to be inflated from it. */
    private static final class Archive {
        final Path file;
        final ZipFile zip;
        final String prefix;
        long budget;

        Archive(Path file, ZipFile zip, String prefix, long fileSize) {
            this.file = file;
            this.zip = zip;
            this.prefix = prefix;
            this.budget = fileSize > (Long.MAX_VALUE - BUDGET_SLACK_BYTES) / MAX_INFLATION_RATIO
                    ? Long.MAX_VALUE
                    : fileSize * MAX_INFLATION_RATIO + BUDGET_SLACK_BYTES;
        }

        /** The first {@code bytes} bytes of {@code entry}, refused when they would be a decompression bomb. */
        byte[] read(ZipEntry entry, long bytes) {
            String name = SafeText.quote(entry.getName());
            if (entry.getSize() < bytes) {
                throw new CheckpointException(
                        file, name + " has " + entry.getSize() + " bytes but " + bytes + " are needed");
            }
            long compressed = entry.getCompressedSize();
            if (entry.getMethod() != ZipEntry.STORED
                    && bytes > SMALL_ENTRY_BYTES
                    && (compressed <= 0 || bytes / compressed >= MAX_INFLATION_RATIO)) {
                throw new CheckpointException(
                        file,
                        name + " would inflate " + compressed + " compressed bytes to " + bytes + ", more than "
                                + MAX_INFLATION_RATIO + " times (zip bomb?)");
            }
            if (bytes > budget) {
                throw new CheckpointException(
                        file,
                        "the archive's entries inflate to more than " + MAX_INFLATION_RATIO
                                + " times its size (zip bomb?)");
            }
            budget -= bytes;
            try (InputStream in = zip.getInputStream(entry)) {
                byte[] data = in.readNBytes((int) bytes);
                if (data.length != bytes) {
                    throw new CheckpointException(
                            file, name + " is truncated: " + data.length + " of " + bytes + " bytes");
                }
                return data;
            } catch (IOException e) {
                throw new CheckpointException(
                        file,
                        "cannot read " + name + ", truncated or corrupt ("
                                + SafeText.escape(String.valueOf(e.getMessage())) + ")",
                        e);
            }
        }
    }

    private TorchPickleReader() {}

    /**
     * The state dict stored in {@code file}, in pickle order, with its {@code _metadata} when present.
     *
     * @throws CheckpointException naming the file if it is missing, not a zip, truncated, lacks
     *     {@code data.pkl} or a storage, uses a forbidden pickle global, does not hold a dict from
     *     names to tensors, or breaks a limit of the class comment
     */
    public static StateDict read(Path file) {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            Archive archive = new Archive(file, zip, archivePrefix(file, zip), Files.size(file));
            ByteOrder order = byteOrder(archive);
            ZipEntry pickle = zip.getEntry(archive.prefix + "data.pkl");
            if (pickle.getSize() > MAX_PICKLE_BYTES) {
                throw new CheckpointException(
                        file,
                        "data.pkl has " + pickle.getSize() + " bytes, more than the " + MAX_PICKLE_BYTES
                                + "-byte limit");
            }
            byte[] program = archive.read(pickle, pickle.getSize());
            return fromPickle(
                    file,
                    archive.prefix + "data.pkl",
                    program,
                    (key, bytes) -> readStorage(archive, key, bytes),
                    order);
        } catch (StackOverflowError | OutOfMemoryError e) {
            throw new CheckpointException(file, Exhaustion.reason(e), e);
        } catch (ZipException e) {
            throw new CheckpointException(
                    file,
                    "not a valid zip archive, truncated or corrupt (" + SafeText.escape(String.valueOf(e.getMessage()))
                            + ")",
                    e);
        } catch (IOException e) {
            throw CheckpointException.readFailure(file, e);
        }
    }

    /**
     * The state dict pickled in {@code program} (the bytes of {@code data.pkl}), its storages read
     * from {@code source}: the part of {@link #read} after the archive checks.
     *
     * @param file names the checkpoint in messages
     * @param entry names {@code data.pkl} in messages
     * @param program the pickle
     * @param source the storages
     * @param order the byte order of the storages
     * @throws CheckpointException naming the file if the pickle is malformed, hostile, or not a state dict
     */
    static StateDict fromPickle(
            Path file, String entry, byte[] program, TorchUnpickler.StorageSource source, ByteOrder order) {
        Object root;
        try {
            root = new TorchUnpickler(file, source, order).loads(program);
        } catch (CheckpointException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new CheckpointException(
                    file,
                    SafeText.escape(entry) + " is truncated or malformed ("
                            + SafeText.escape(String.valueOf(e.getMessage())) + ")",
                    e);
        }
        return toStateDict(file, root);
    }

    /** The top-level folder holding {@code data.pkl}, with a trailing slash. */
    private static String archivePrefix(Path file, ZipFile zip) {
        List<String> pickles = zip.stream()
                .map(ZipEntry::getName)
                .filter(n -> n.endsWith("/data.pkl") && n.indexOf('/') == n.length() - "/data.pkl".length())
                .toList();
        if (pickles.size() != 1) {
            throw new CheckpointException(
                    file,
                    pickles.isEmpty()
                            ? "zip archive has no <folder>/data.pkl: not a PyTorch checkpoint"
                            : "zip archive has several data.pkl files " + SafeText.render(pickles)
                                    + ": not a single PyTorch checkpoint");
        }
        String prefix = pickles.get(0).substring(0, pickles.get(0).length() - "data.pkl".length());
        Set<String> names = new HashSet<>();
        zip.stream().map(ZipEntry::getName).forEach(name -> {
            if (!name.startsWith(prefix)
                    || name.contains("\\")
                    || List.of(name.split("/")).contains("..")) {
                throw new CheckpointException(
                        file,
                        "zip entry " + SafeText.quote(name) + " lies outside the archive folder "
                                + SafeText.quote(prefix) + ": not a PyTorch checkpoint");
            }
            if (!names.add(name)) {
                throw new CheckpointException(
                        file, "zip entry " + SafeText.quote(name) + " occurs twice: not a PyTorch checkpoint");
            }
        });
        return prefix;
    }

    /** The byte order of the storages, from the {@code byteorder} record (absent before PyTorch 2.1: little). */
    private static ByteOrder byteOrder(Archive archive) {
        ZipEntry record = archive.zip.getEntry(archive.prefix + "byteorder");
        if (record == null) {
            return ByteOrder.LITTLE_ENDIAN;
        }
        if (record.getSize() > 16) {
            throw new CheckpointException(
                    archive.file, "byteorder record has " + record.getSize() + " bytes, not 'little' or 'big'");
        }
        String order = new String(archive.read(record, record.getSize()), StandardCharsets.US_ASCII).strip();
        return switch (order) {
            case "little" -> ByteOrder.LITTLE_ENDIAN;
            case "big" -> ByteOrder.BIG_ENDIAN;
            default ->
                throw new CheckpointException(
                        archive.file, "byte order " + SafeText.quote(order) + " is neither 'little' nor 'big'");
        };
    }

    private static byte[] readStorage(Archive archive, String key, long bytes) {
        String name = "data/" + key;
        ZipEntry entry = archive.zip.getEntry(archive.prefix + name);
        if (entry == null) {
            throw new CheckpointException(
                    archive.file,
                    "storage " + SafeText.escape(name) + " referenced by data.pkl is missing from the archive");
        }
        if (bytes > Integer.MAX_VALUE - 8) {
            throw new CheckpointException(
                    archive.file,
                    "storage " + SafeText.escape(name) + " has " + bytes
                            + " bytes; storages of 2 GiB or more are not supported");
        }
        if (entry.getSize() < bytes) {
            throw new CheckpointException(
                    archive.file,
                    "storage " + SafeText.escape(name) + " has " + entry.getSize() + " bytes but data.pkl needs "
                            + bytes);
        }
        return archive.read(entry, bytes);
    }

    /** Unwraps the pickled object down to the state dict and converts it. */
    private static StateDict toStateDict(Path file, Object root) {
        Object candidate = root;
        Set<Object> unwrapped = Collections.newSetFromMap(new IdentityHashMap<>());
        while (candidate instanceof Map<?, ?> map && !isStateDict(map)) {
            if (!unwrapped.add(map)) {
                throw new CheckpointException(file, "not a state dict: a wrapper dict contains itself");
            }
            candidate = WRAPPER_KEYS.stream()
                    .map(map::get)
                    .filter(v -> v instanceof Map<?, ?>)
                    .findFirst()
                    .orElseThrow(() -> new CheckpointException(
                            file,
                            "not a state dict: " + firstNonTensor(map) + ", and no entry " + WRAPPER_KEYS
                                    + " holds a state dict"));
        }
        if (!(candidate instanceof Map<?, ?> map)) {
            throw new CheckpointException(
                    file, "data.pkl holds a " + TorchUnpickler.typeName(candidate) + ", not a state dict");
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
        return map.entrySet().stream()
                .filter(e -> !(e.getKey() instanceof String && e.getValue() instanceof Tensor))
                .findFirst()
                .map(e -> "entry " + SafeText.quote(e.getKey()) + " is a " + TorchUnpickler.typeName(e.getValue())
                        + ", not a tensor")
                .orElseThrow();
    }

    private static Map<String, Map<String, Object>> metadata(Path file, Map<?, ?> pickled) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        pickled.forEach((prefix, local) -> {
            if (!(prefix instanceof String p) || !(local instanceof Map<?, ?> values)) {
                throw new CheckpointException(
                        file, "_metadata entry " + SafeText.quote(prefix) + " is not a module name mapped to a dict");
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
