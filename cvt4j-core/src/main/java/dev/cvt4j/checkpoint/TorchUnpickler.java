package dev.cvt4j.checkpoint;

import dev.cvt4j.untrusted.SafeText;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.razorvine.pickle.IObjectConstructor;
import net.razorvine.pickle.Opcodes;
import net.razorvine.pickle.PickleUtils;
import net.razorvine.pickle.Unpickler;

/**
 * Unpickles the {@code data.pkl} of a PyTorch zip checkpoint without executing anything from it.
 *
 * <p>Every opcode that names a Python global ({@code GLOBAL}, {@code STACK_GLOBAL}, {@code INST})
 * is checked against an allow-list: {@code collections.OrderedDict}, {@code torch._utils}'s
 * {@code _rebuild_tensor_v2}, {@code _rebuild_parameter} and {@code _rebuild_parameter_with_state},
 * and the typed storage classes {@code torch.FloatStorage} etc. (see {@link DType}). Each maps to a
 * constructor of this class, pushed on the stack, so Pyrolite's global constructor registry is
 * never consulted. Anything else is refused with a {@link CheckpointException}. {@code BUILD} is
 * only accepted for the {@code _metadata} attribute of an {@code OrderedDict}. Dicts keep their
 * insertion order.
 *
 * <p>Persistent ids {@code ('storage', storage_type, key, location, numel)} are resolved through
 * a {@link StorageSource}; each storage is read once and shared by all tensors that view it.
 * Tensor views (storage offset and strides) are materialised as contiguous row-major tensors;
 * storages of a big-endian archive are turned little-endian as they are read.
 *
 * <p>Hostile input is refused before anything is allocated for it: a length declared by an opcode
 * ({@code BINUNICODE8}, {@code BINBYTES8}, {@code LONG4}, ...) must fit in the bytes left in the
 * pickle, a decimal integer may have at most {@value #MAX_INT_DIGITS} digits (CPython's
 * {@code sys.int_info.default_max_str_digits}), dict keys and set members must be hashable scalars
 * or tuples (a list key, which Python refuses too, could otherwise make hashing walk a shared
 * structure of 2^40 leaves), a view may not gather more elements than its storage holds, and
 * values quoted in messages go through {@link SafeText}, so that nothing walks a self-containing or
 * deeply nested structure. Any other structure is only walked by {@link TorchPickleReader}, which
 * checks wrapper dicts for cycles.
 */
final class TorchUnpickler extends Unpickler {
    /** The most digits of a decimal integer ({@code INT}, {@code LONG} opcodes), as CPython 3.11+ allows. */
    static final int MAX_INT_DIGITS = 4300;

    private static final Set<String> WRAPPED_TENSOR_GLOBALS =
            Set.of("_rebuild_parameter", "_rebuild_parameter_with_state");

    /** Reads the raw bytes of the storage file {@code data/<key>}. */
    @FunctionalInterface
    interface StorageSource {
        /**
         * Exactly {@code byteCount} bytes of storage {@code key}.
         *
         * @throws CheckpointException if the storage is missing or shorter
         */
        byte[] read(String key, long byteCount);
    }

    /** The pickle being read (set by {@link #loads}): {@code available()} is the exact number of bytes left. */
    private ByteArrayInputStream bytes;

    /** A Python {@code OrderedDict}, with the {@code _metadata} attribute that PyTorch state dicts carry. */
    static final class OrderedDict extends LinkedHashMap<Object, Object> {
        private static final long serialVersionUID = 1L;
        /** The {@code _metadata} attribute, or null when the pickle sets none. */
        Map<?, ?> metadata;
    }

    /** A storage read from the archive. */
    private record Storage(String key, DType dtype, ByteBuffer data) {
        long numel() {
            return data.capacity() / dtype.byteSize();
        }
    }

    /** The global {@code torch.<Type>Storage}: only used as a tag inside persistent ids, never called. */
    private record StorageType(DType dtype) implements IObjectConstructor {
        @Override
        public Object construct(Object[] args) {
            throw new IllegalStateException("storage class torch." + dtype.torchStorageName() + " called directly");
        }
    }

    private final Path file;
    private final StorageSource source;
    private final ByteOrder storageOrder;
    private final Map<String, Storage> storages = new HashMap<>();

    /**
     * @param file names the checkpoint in messages
     * @param source reads the storages
     * @param storageOrder the byte order of the storages (the archive's {@code byteorder} record)
     */
    TorchUnpickler(Path file, StorageSource source, ByteOrder storageOrder) {
        this.file = file;
        this.source = source;
        this.storageOrder = storageOrder;
    }

    @Override
    public Object loads(byte[] pickle) throws IOException {
        bytes = new ByteArrayInputStream(pickle);
        return load(bytes);
    }

    @Override
    protected Object dispatch(short key) throws IOException {
        checkDeclaredLength(key);
        switch (key) {
            case Opcodes.GLOBAL -> {
                String module = PickleUtils.readline(input);
                stack.add(global(module, PickleUtils.readline(input)));
            }
            case Opcodes.STACK_GLOBAL -> {
                Object name = stack.pop();
                Object module = stack.pop();
                if (!(module instanceof String m) || !(name instanceof String n)) {
                    throw fail("malformed pickle: STACK_GLOBAL needs two strings");
                }
                stack.add(global(m, n));
            }
            case Opcodes.INST -> {
                String module = PickleUtils.readline(input);
                IObjectConstructor constructor = global(module, PickleUtils.readline(input));
                stack.add(constructor.construct(stack.pop_all_since_marker().toArray()));
            }
            case Opcodes.OBJ -> {
                List<Object> args = stack.pop_all_since_marker();
                if (args.isEmpty() || !(args.get(0) instanceof IObjectConstructor constructor)) {
                    throw fail("malformed pickle: OBJ without a class");
                }
                stack.add(constructor.construct(args.subList(1, args.size()).toArray()));
            }
            case Opcodes.EMPTY_DICT -> stack.add(new LinkedHashMap<>());
            case Opcodes.SETITEM -> {
                Object value = stack.pop();
                Object dictKey = hashable(stack.pop());
                dict(stack.peek(), "SETITEM").put(dictKey, value);
            }
            case Opcodes.ADDITEMS -> {
                List<Object> items = stack.pop_all_since_marker();
                if (!(stack.peek() instanceof Set<?> set)) {
                    throw fail("malformed pickle: ADDITEMS on a " + typeName(stack.peek()) + ", not a set");
                }
                @SuppressWarnings("unchecked")
                Set<Object> members = (Set<Object>) set;
                items.forEach(item -> members.add(hashable(item)));
            }
            case Opcodes.FROZENSET -> {
                Set<Object> members = new HashSet<>();
                stack.pop_all_since_marker().forEach(item -> members.add(hashable(item)));
                stack.add(members);
            }
            case Opcodes.DICT -> {
                Map<Object, Object> dict = new LinkedHashMap<>();
                putPairs(dict, stack.pop_all_since_marker());
                stack.add(dict);
            }
            case Opcodes.SETITEMS -> {
                List<Object> pairs = stack.pop_all_since_marker();
                putPairs(dict(stack.peek(), "SETITEMS"), pairs);
            }
            case Opcodes.BUILD -> build(stack.pop(), stack.peek());
            default -> {
                return super.dispatch(key);
            }
        }
        return NO_RETURN_VALUE;
    }

    /**
     * Refuses, before reading, an opcode whose declared length exceeds the bytes left in the pickle,
     * and a decimal integer of more than {@link #MAX_INT_DIGITS} digits.
     */
    private void checkDeclaredLength(short key) {
        int width = switch (key) {
            case Opcodes.BINSTRING, Opcodes.BINUNICODE, Opcodes.BINBYTES, Opcodes.LONG4 -> 4;
            case Opcodes.BINUNICODE8, Opcodes.BINBYTES8, Opcodes.BYTEARRAY8 -> 8;
            case Opcodes.INT, Opcodes.LONG -> -1;
            default -> 0;
        };
        if (width == 0 || bytes == null) {
            return;
        }
        bytes.mark(0);
        if (width < 0) {
            int digits = 0;
            for (int b = bytes.read(); b >= 0 && b != '\n' && digits <= MAX_INT_DIGITS + 1; b = bytes.read()) {
                digits++;
            }
            bytes.reset();
            if (digits > MAX_INT_DIGITS + 1) {
                throw fail("malformed pickle: a decimal integer has more than " + MAX_INT_DIGITS + " digits");
            }
            return;
        }
        byte[] field = new byte[width];
        int read = bytes.readNBytes(field, 0, width);
        bytes.reset();
        if (read < width) {
            return;
        }
        byte[] bigEndian = new byte[width + 1];
        for (int i = 0; i < width; i++) {
            bigEndian[width - i] = field[i];
        }
        BigInteger length = new BigInteger(bigEndian);
        long left = bytes.available() - width;
        if (length.compareTo(BigInteger.valueOf(left)) > 0) {
            throw fail("malformed pickle: opcode 0x" + Integer.toHexString(key & 0xff) + " declares " + length
                    + " bytes but only " + left + " are left");
        }
    }

    /** A dict key or set member: a hashable scalar or a tuple, as Python requires (lists, dicts and sets are not). */
    private Object hashable(Object key) {
        if (key == null
                || key instanceof String
                || key instanceof Number
                || key instanceof Boolean
                || key instanceof Object[]
                || key instanceof byte[]) {
            return key;
        }
        throw fail("malformed pickle: unhashable dict key or set member of type " + typeName(key));
    }

    private Map<Object, Object> dict(Object target, String opcode) {
        if (!(target instanceof Map<?, ?>)) {
            throw fail("malformed pickle: " + opcode + " on a " + typeName(target) + ", not a dict");
        }
        @SuppressWarnings("unchecked")
        Map<Object, Object> dict = (Map<Object, Object>) target;
        return dict;
    }

    private void putPairs(Map<Object, Object> dict, List<Object> pairs) {
        if (pairs.size() % 2 != 0) {
            throw fail("malformed pickle: odd number of dict items");
        }
        for (int i = 0; i < pairs.size(); i += 2) {
            dict.put(hashable(pairs.get(i)), pairs.get(i + 1));
        }
    }

    /** BUILD: only {@code OrderedDict.__dict__.update({'_metadata': ...})}, as written by {@code state_dict()}. */
    private void build(Object state, Object target) {
        if (target instanceof OrderedDict dict
                && state instanceof Map<?, ?> attributes
                && Set.of("_metadata").containsAll(attributes.keySet())) {
            Object metadata = attributes.get("_metadata");
            if (metadata != null && !(metadata instanceof Map<?, ?>)) {
                throw fail("OrderedDict attribute _metadata is a " + typeName(metadata) + ", not a dict");
            }
            dict.metadata = (Map<?, ?>) metadata;
            return;
        }
        throw fail("refusing pickle BUILD of " + typeName(state) + " on " + typeName(target)
                + " (only the _metadata attribute of a state dict is allowed)");
    }

    private IObjectConstructor global(String module, String name) {
        if (module.equals("collections") && name.equals("OrderedDict")) {
            return args -> {
                if (args.length != 0) {
                    throw fail(
                            "OrderedDict built with arguments; only an empty OrderedDict filled by SETITEMS is supported");
                }
                return new OrderedDict();
            };
        }
        if (module.equals("torch._utils") && name.equals("_rebuild_tensor_v2")) {
            return this::rebuildTensor;
        }
        if (module.equals("torch._utils") && WRAPPED_TENSOR_GLOBALS.contains(name)) {
            return args -> {
                if (args.length == 0 || !(args[0] instanceof Tensor tensor)) {
                    throw fail("malformed pickle: torch._utils." + name + " without a tensor");
                }
                return tensor;
            };
        }
        if (module.equals("torch")) {
            var dtype = DType.fromTorchStorageName(name);
            if (dtype.isPresent()) {
                return new StorageType(dtype.get());
            }
        }
        throw fail("refusing pickle global " + SafeText.quote(module + "." + name)
                + " (only tensor/storage rebuild functions and OrderedDict are allowed)");
    }

    /** {@code ('storage', storage_type, key, location, numel)} to the storage read from {@code data/<key>}. */
    @Override
    protected Object persistentLoad(Object pid) {
        if (!(pid instanceof Object[] t)
                || t.length != 5
                || !"storage".equals(t[0])
                || !(t[1] instanceof StorageType type)
                || !(t[2] instanceof String key)
                || !(t[4] instanceof Number)) {
            throw fail("unsupported persistent id " + SafeText.render(pid)
                    + " (expected ('storage', torch.<Type>Storage, key, location, numel))");
        }
        long numel = integer(t[4], "storage numel");
        Storage storage = storages.get(key);
        if (storage == null) {
            if (numel > Long.MAX_VALUE / type.dtype.byteSize()) {
                throw fail("storage " + SafeText.quote(key) + " declares " + numel
                        + " elements, more than a file can hold");
            }
            byte[] data = source.read(key, numel * type.dtype.byteSize());
            if (storageOrder == ByteOrder.BIG_ENDIAN) {
                reverseElements(data, type.dtype.byteSize());
            }
            storage = new Storage(key, type.dtype, ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN));
            storages.put(key, storage);
        } else if (storage.dtype != type.dtype || storage.numel() != numel) {
            throw fail("storage " + SafeText.quote(key) + " is used both as " + storage.numel() + " " + storage.dtype
                    + " and as " + numel + " " + type.dtype + " elements");
        }
        return storage;
    }

    /** Turns big-endian elements of {@code elementSize} bytes little-endian, in place. */
    private static void reverseElements(byte[] data, int elementSize) {
        for (int start = 0; start + elementSize <= data.length; start += elementSize) {
            for (int i = 0, j = elementSize - 1; i < j; i++, j--) {
                byte b = data[start + i];
                data[start + i] = data[start + j];
                data[start + j] = b;
            }
        }
    }

    /** {@code _rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata])}. */
    private Tensor rebuildTensor(Object[] args) {
        if (args.length < 4
                || !(args[0] instanceof Storage storage)
                || !(args[2] instanceof Object[] sizeTuple)
                || !(args[3] instanceof Object[] strideTuple)
                || sizeTuple.length != strideTuple.length) {
            throw fail("malformed pickle: unexpected arguments to torch._utils._rebuild_tensor_v2");
        }
        long offset = integer(args[1], "storage offset");
        long[] size = integers(sizeTuple, "size");
        long[] stride = integers(strideTuple, "stride");
        long numel;
        try {
            numel = Tensor.numelOf(size);
        } catch (IllegalArgumentException e) {
            throw fail(e.getMessage());
        }
        int elementSize = storage.dtype.byteSize();
        if (numel == 0) {
            return Tensor.of(storage.dtype, size, ByteBuffer.allocate(0));
        }
        if (numel > (Integer.MAX_VALUE - 8) / elementSize) {
            throw fail("tensor of shape " + Arrays.toString(size) + " is larger than 2 GiB, which is not supported");
        }
        long last = offset;
        try {
            for (int d = 0; d < size.length; d++) {
                last = Math.addExact(last, Math.multiplyExact(size[d] - 1, stride[d]));
            }
        } catch (ArithmeticException e) {
            last = Long.MAX_VALUE;
        }
        if (last >= storage.numel()) {
            throw fail("tensor of shape " + Arrays.toString(size) + " at offset " + offset + " with strides "
                    + Arrays.toString(stride) + " reaches past the " + storage.numel() + " elements of storage "
                    + SafeText.quote(storage.key));
        }
        ByteBuffer src = storage.data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        if (isContiguous(size, stride)) {
            src.position((int) (offset * elementSize)).limit((int) ((offset + numel) * elementSize));
            return Tensor.of(storage.dtype, size, src.slice());
        }
        if (numel > storage.numel()) {
            throw fail("tensor view of shape " + Arrays.toString(size) + " with strides " + Arrays.toString(stride)
                    + " gathers " + numel + " elements from the " + storage.numel() + " of storage "
                    + SafeText.quote(storage.key) + " (a view may not be larger than its storage)");
        }
        return Tensor.of(storage.dtype, size, gather(src, elementSize, offset, size, stride, numel));
    }

    private static boolean isContiguous(long[] size, long[] stride) {
        long expected = 1;
        for (int d = size.length - 1; d >= 0; d--) {
            if (size[d] != 1 && stride[d] != expected) {
                return false;
            }
            expected *= size[d];
        }
        return true;
    }

    /** Copies a strided view into a new row-major buffer. */
    private static ByteBuffer gather(
            ByteBuffer src, int elementSize, long offset, long[] size, long[] stride, long numel) {
        ByteBuffer dst = ByteBuffer.allocate((int) (numel * elementSize));
        long[] index = new long[size.length];
        long position = offset;
        for (long n = 0; n < numel; n++) {
            for (int b = 0; b < elementSize; b++) {
                dst.put(src.get((int) (position * elementSize + b)));
            }
            for (int d = size.length - 1; d >= 0; d--) {
                index[d]++;
                position += stride[d];
                if (index[d] < size[d]) {
                    break;
                }
                position -= stride[d] * size[d];
                index[d] = 0;
            }
        }
        return dst.flip();
    }

    private long[] integers(Object[] tuple, String what) {
        long[] out = new long[tuple.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = integer(tuple[i], what);
        }
        return out;
    }

    /** A non-negative integer argument (int or long in the pickle). */
    private long integer(Object value, String what) {
        if ((value instanceof Integer || value instanceof Long) && ((Number) value).longValue() >= 0) {
            return ((Number) value).longValue();
        }
        throw fail("malformed pickle: " + what + " is " + SafeText.quote(value) + ", not a non-negative integer");
    }

    static String typeName(Object o) {
        return o == null ? "None" : o.getClass().getSimpleName();
    }

    private CheckpointException fail(String reason) {
        return new CheckpointException(file, reason);
    }
}
