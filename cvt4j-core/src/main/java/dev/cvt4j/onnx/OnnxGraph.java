package dev.cvt4j.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;

/**
 * A small builder of ONNX graphs over the generated protobuf classes ({@code ai.onnx.proto.OnnxMl},
 * ONNX 1.17 schema): float32 initializers, int64 constants, nodes with integer, float and integer-list
 * attributes, inputs and outputs with symbolic dimensions. Every value gets a fresh, unique name; a node
 * with one output returns that name, so graphs read as nested calls.
 *
 * <p>The model targets ONNX opset {@link #OPSET} (LayerNormalization) and ONNX Runtime's
 * {@code com.microsoft} domain, version 1, at IR version {@link #IR_VERSION}.
 *
 * <p>Not thread-safe; one builder per graph.
 */
public final class OnnxGraph {
    /** The default-domain opset: 17, the first with {@code LayerNormalization}. */
    public static final int OPSET = 17;
    /** IR version 8, the one that goes with opset 17 (ONNX 1.12); ONNX Runtime 1.29 reads up to 11. */
    public static final int IR_VERSION = 8;
    /** ONNX Runtime's contrib-operator domain. */
    public static final String MICROSOFT = "com.microsoft";

    private final GraphProto.Builder graph = GraphProto.newBuilder();
    private int counter;

    /** @param name the graph's name */
    public OnnxGraph(String name) {
        graph.setName(name);
    }

    private String fresh(String hint) {
        return hint + "_" + counter++;
    }

    /**
     * Adds a float32 input.
     *
     * @param name the input's name
     * @param dims per axis, a {@link Long} (fixed size) or a {@link String} (symbolic dimension)
     * @return the name
     */
    public String input(String name, Object... dims) {
        graph.addInput(valueInfo(name, dims));
        return name;
    }

    /**
     * Declares {@code value} a float32 graph output under {@code name} (through an {@code Identity} when
     * the names differ).
     *
     * @param name the output's name
     * @param value the value to expose
     * @param dims per axis, a {@link Long} or a {@link String} (symbolic)
     */
    public void output(String name, String value, Object... dims) {
        if (!name.equals(value)) {
            graph.addNode(NodeProto.newBuilder()
                    .setOpType("Identity")
                    .setName(fresh("Identity"))
                    .addInput(value)
                    .addOutput(name));
        }
        graph.addOutput(valueInfo(name, dims));
    }

    private static ValueInfoProto valueInfo(String name, Object... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (Object d : dims) {
            TensorShapeProto.Dimension.Builder dim = TensorShapeProto.Dimension.newBuilder();
            if (d instanceof String s) {
                dim.setDimParam(s);
            } else {
                dim.setDimValue(((Number) d).longValue());
            }
            shape.addDim(dim);
        }
        TypeProto.Tensor tensor = TypeProto.Tensor.newBuilder()
                .setElemType(TensorProto.DataType.FLOAT.getNumber())
                .setShape(shape)
                .build();
        return ValueInfoProto.newBuilder()
                .setName(name)
                .setType(TypeProto.newBuilder().setTensorType(tensor))
                .build();
    }

    /**
     * Adds a float32 initializer.
     *
     * @param hint a name prefix, e.g. the official weight name
     * @param values row-major values, {@code product(shape)} of them
     * @param shape the tensor's shape
     * @return the initializer's name
     * @throws IllegalArgumentException when the value count does not match the shape
     */
    public String floats(String hint, float[] values, long... shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        if (n != values.length) {
            throw new IllegalArgumentException(hint + ": " + values.length + " values for " + n + " elements");
        }
        ByteBuffer bytes = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        String name = fresh(hint);
        graph.addInitializer(TensorProto.newBuilder()
                .setName(name)
                .setDataType(TensorProto.DataType.FLOAT.getNumber())
                .addAllDims(java.util.Arrays.stream(shape).boxed().toList())
                .setRawData(ByteString.copyFrom(bytes.array())));
        return name;
    }

    /**
     * Adds a 1-D int64 initializer (shapes, axes, slice bounds).
     *
     * @param values the values
     * @return its name
     */
    public String longs(long... values) {
        String name = fresh("const");
        TensorProto.Builder t = TensorProto.newBuilder()
                .setName(name)
                .setDataType(TensorProto.DataType.INT64.getNumber())
                .addDims(values.length);
        for (long v : values) {
            t.addInt64Data(v);
        }
        graph.addInitializer(t);
        return name;
    }

    /**
     * Adds a default-domain node with one output.
     *
     * @param op the operator, e.g. {@code Conv}
     * @param attributes name to {@link Long}, {@link Integer}, {@link Float}, {@link Double} or {@code long[]}
     * @param inputs input names ({@code ""} for an omitted optional input)
     * @return the output's name
     */
    public String op(String op, Map<String, Object> attributes, String... inputs) {
        return node("", op, attributes, 1, inputs)[0];
    }

    /** {@link #op(String, Map, String...)} without attributes. */
    public String op(String op, String... inputs) {
        return op(op, Map.of(), inputs);
    }

    /**
     * Adds a node of any domain with several outputs.
     *
     * @param domain {@code ""} (ONNX) or {@link #MICROSOFT}
     * @param op the operator
     * @param attributes as for {@link #op(String, Map, String...)}
     * @param outputs how many outputs to name
     * @param inputs input names
     * @return the output names, in order
     */
    public String[] node(String domain, String op, Map<String, Object> attributes, int outputs, String... inputs) {
        NodeProto.Builder node =
                NodeProto.newBuilder().setOpType(op).setName(fresh(op)).setDomain(domain);
        for (String in : inputs) {
            node.addInput(in);
        }
        String[] names = new String[outputs];
        for (int i = 0; i < outputs; i++) {
            names[i] = fresh(op + "_out");
            node.addOutput(names[i]);
        }
        attributes.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> node.addAttribute(attribute(e.getKey(), e.getValue())));
        graph.addNode(node);
        return names;
    }

    private static AttributeProto attribute(String name, Object value) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name);
        if (value instanceof Float || value instanceof Double) {
            return a.setType(AttributeProto.AttributeType.FLOAT)
                    .setF(((Number) value).floatValue())
                    .build();
        }
        if (value instanceof Long || value instanceof Integer) {
            return a.setType(AttributeProto.AttributeType.INT)
                    .setI(((Number) value).longValue())
                    .build();
        }
        if (value instanceof long[] list) {
            a.setType(AttributeProto.AttributeType.INTS);
            for (long v : list) {
                a.addInts(v);
            }
            return a.build();
        }
        throw new IllegalArgumentException(
                "attribute " + name + ": unsupported type " + value.getClass().getSimpleName());
    }

    /**
     * The finished model.
     *
     * @param producerVersion the writer's version, recorded as {@code producer_version}
     * @param metadata {@code metadata_props}, in order
     * @return the model (opset {@link #OPSET} and {@code com.microsoft} 1, IR version {@link #IR_VERSION})
     */
    public ModelProto model(String producerVersion, Map<String, String> metadata) {
        ModelProto.Builder model = ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .setProducerName("cvt4j")
                .setProducerVersion(producerVersion)
                .setGraph(graph)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .addOpsetImport(
                        OperatorSetIdProto.newBuilder().setDomain(MICROSOFT).setVersion(1));
        metadata.forEach((k, v) -> model.addMetadataProps(
                StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
        return model.build();
    }
}
