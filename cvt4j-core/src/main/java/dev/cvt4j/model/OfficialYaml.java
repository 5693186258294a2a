package dev.cvt4j.model;

import dev.cvt4j.image.Normalization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads the official experiment YAML files unchanged (e.g. microsoft/CvT
 * {@code experiments/imagenet/cvt/cvt-13-224x224.yaml}): {@code MODEL.NUM_CLASSES}, {@code MODEL.SPEC}
 * and the {@code TEST} section, with the defaults of the official {@code lib/config/default.py}
 * ({@code NUM_CLASSES} 1000, {@code TEST.IMAGE_SIZE} [224, 224], {@code TEST.CENTER_CROP} true,
 * {@code TEST.INTERPOLATION} 2), and {@code INPUT.MEAN} / {@code INPUT.STD} (default the ImageNet
 * statistics), which normalise the evaluation input as the training input. Other sections (TRAIN,
 * AUG, ...) are left to the training code.
 *
 * <p>{@code MODEL.SPEC.POS_EMBED} is accepted only as all-false: the official model never builds a
 * positional embedding. {@code MODEL.ACT_LAYER} ({@code quick_gelu} or {@code gelu}) is a cvt4j
 * extension; the official code always uses QuickGELU.
 */
public final class OfficialYaml {
    private static final Set<String> SPEC_KEYS = Set.of("INIT", "NUM_STAGES", "PATCH_SIZE", "PATCH_STRIDE",
            "PATCH_PADDING", "DIM_EMBED", "NUM_HEADS", "DEPTH", "MLP_RATIO", "ATTN_DROP_RATE", "DROP_RATE",
            "DROP_PATH_RATE", "QKV_BIAS", "CLS_TOKEN", "POS_EMBED", "QKV_PROJ_METHOD", "KERNEL_QKV", "PADDING_KV",
            "STRIDE_KV", "PADDING_Q", "STRIDE_Q");

    private OfficialYaml() {}

    /**
     * Parses a YAML file into a mapping (SnakeYAML's safe constructor: no custom tags, no code).
     *
     * @param path the file
     * @return the top-level mapping
     * @throws ConfigException when the file cannot be read or is not a YAML mapping
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
     * Parses YAML text into a mapping (SnakeYAML's safe constructor: no custom tags, no code).
     *
     * @param text the document
     * @param source names the document in messages (a file path, a resource name)
     * @return the top-level mapping
     * @throws ConfigException naming the source when the text is not a YAML mapping
     */
    public static Map<String, Object> parse(String text, String source) {
        try {
            Object doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
            if (!(doc instanceof Map<?, ?> map)) {
                throw new ConfigException(source + ": not a YAML mapping");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> result = (Map<String, Object>) map;
            return result;
        } catch (YAMLException e) {
            throw new ConfigException(source + ": malformed YAML (" + e.getMessage().replace('\n', ' ') + ")", e);
        }
    }

    /**
     * Reads the model and test settings of an official experiment file.
     *
     * @param path the YAML file
     * @return the experiment, named after the file
     * @throws ConfigException naming the file and the field when anything is missing or invalid
     */
    public static ExperimentConfig read(Path path) {
        return experiment(load(path), path.toString());
    }

    /**
     * The model and test settings of an already parsed experiment mapping.
     *
     * @param root the top-level mapping
     * @param source the experiment's name, used in messages
     * @return the experiment
     * @throws ConfigException naming the source and the field when anything is missing or invalid
     */
    public static ExperimentConfig experiment(Map<String, Object> root, String source) {
        try {
            return new ExperimentConfig(source, model(root), test(root), input(root));
        } catch (ConfigException e) {
            throw new ConfigException(source + ": " + e.getMessage(), e);
        }
    }

    private static CvtConfig model(Map<String, Object> root) {
        Map<String, Object> model = mapping(root, "MODEL", "MODEL");
        Object name = model.get("NAME");
        if (name != null && !"cls_cvt".equals(name)) {
            throw new ConfigException("MODEL.NAME: expected cls_cvt, got '" + name + "'");
        }
        int numClasses = model.containsKey("NUM_CLASSES") ? integer(model.get("NUM_CLASSES"), "MODEL.NUM_CLASSES")
                : 1000;
        ActLayer act = model.containsKey("ACT_LAYER") ? parse("MODEL.ACT_LAYER", model.get("ACT_LAYER"),
                (v, f) -> ActLayer.fromConfigName(string(v, f))) : ActLayer.QUICK_GELU;
        Map<String, Object> spec = mapping(model, "SPEC", "MODEL.SPEC");
        for (String key : spec.keySet()) {
            if (!SPEC_KEYS.contains(key)) {
                throw new ConfigException("MODEL.SPEC." + key + ": unknown field");
            }
        }
        int n = integer(required(spec, "NUM_STAGES"), "MODEL.SPEC.NUM_STAGES");
        if (n < 1) {
            throw new ConfigException("MODEL.SPEC.NUM_STAGES: must be at least 1, got " + n);
        }
        Spec s = new Spec(spec, n);
        if (spec.containsKey("POS_EMBED")) {
            List<Boolean> pos = s.list("POS_EMBED", OfficialYaml::bool);
            for (int i = 0; i < n; i++) {
                if (pos.get(i)) {
                    throw new ConfigException("MODEL.SPEC.POS_EMBED[" + i
                            + "]: true is not supported (the official model has no positional embedding)");
                }
            }
        }
        List<Integer> patchSize = s.list("PATCH_SIZE", OfficialYaml::integer);
        List<Integer> patchStride = s.list("PATCH_STRIDE", OfficialYaml::integer);
        List<Integer> patchPadding = s.list("PATCH_PADDING", OfficialYaml::integer);
        List<Integer> dim = s.list("DIM_EMBED", OfficialYaml::integer);
        List<Integer> heads = s.list("NUM_HEADS", OfficialYaml::integer);
        List<Integer> depth = s.list("DEPTH", OfficialYaml::integer);
        List<Double> mlpRatio = s.list("MLP_RATIO", OfficialYaml::number);
        List<Boolean> qkvBias = s.list("QKV_BIAS", OfficialYaml::bool);
        List<Boolean> clsToken = s.list("CLS_TOKEN", OfficialYaml::bool);
        List<ProjectionMethod> method = s.list("QKV_PROJ_METHOD",
                (v, f) -> parse(f, v, (x, g) -> ProjectionMethod.fromOfficialName(string(x, g))));
        List<Integer> kernel = s.list("KERNEL_QKV", OfficialYaml::integer);
        List<Integer> paddingQ = s.list("PADDING_Q", OfficialYaml::integer);
        List<Integer> paddingKv = s.list("PADDING_KV", OfficialYaml::integer);
        List<Integer> strideQ = s.list("STRIDE_Q", OfficialYaml::integer);
        List<Integer> strideKv = s.list("STRIDE_KV", OfficialYaml::integer);
        List<Double> dropRate = s.list("DROP_RATE", OfficialYaml::number);
        List<Double> attnDrop = s.list("ATTN_DROP_RATE", OfficialYaml::number);
        List<Double> dropPath = s.list("DROP_PATH_RATE", OfficialYaml::number);
        List<StageSpec> stages = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            stages.add(new StageSpec(patchSize.get(i), patchStride.get(i), patchPadding.get(i), dim.get(i),
                    heads.get(i), depth.get(i), mlpRatio.get(i), qkvBias.get(i), clsToken.get(i), method.get(i),
                    kernel.get(i), paddingQ.get(i), paddingKv.get(i), strideQ.get(i), strideKv.get(i),
                    dropRate.get(i), attnDrop.get(i), dropPath.get(i)));
        }
        String init = spec.containsKey("INIT") ? string(spec.get("INIT"), "MODEL.SPEC.INIT") : "trunc_norm";
        return new CvtConfig(stages, numClasses, act, CvtConfig.LAYER_NORM_EPS, init);
    }

    private static TestSpec test(Map<String, Object> root) {
        if (!root.containsKey("TEST")) {
            return new TestSpec(224, 224, true, 2);
        }
        Map<String, Object> test = mapping(root, "TEST", "TEST");
        int width = 224;
        int height = 224;
        if (test.containsKey("IMAGE_SIZE")) {
            List<Integer> size = list(test.get("IMAGE_SIZE"), "TEST.IMAGE_SIZE", 2, OfficialYaml::integer);
            width = size.get(0);
            height = size.get(1);
        }
        boolean crop = !test.containsKey("CENTER_CROP") || bool(test.get("CENTER_CROP"), "TEST.CENTER_CROP");
        int interpolation = test.containsKey("INTERPOLATION")
                ? integer(test.get("INTERPOLATION"), "TEST.INTERPOLATION") : 2;
        return new TestSpec(width, height, crop, interpolation);
    }

    private static Normalization input(Map<String, Object> root) {
        if (!root.containsKey("INPUT")) {
            return Normalization.IMAGENET;
        }
        Map<String, Object> input = mapping(root, "INPUT", "INPUT");
        float[] mean = input.containsKey("MEAN") ? floats(input.get("MEAN"), "INPUT.MEAN")
                : Normalization.IMAGENET.mean();
        float[] std = input.containsKey("STD") ? floats(input.get("STD"), "INPUT.STD") : Normalization.IMAGENET.std();
        for (int c = 0; c < 3; c++) {
            if (!(std[c] > 0) || Float.isInfinite(std[c])) {
                throw new ConfigException("INPUT.STD[" + c + "]: must be a positive number, got " + std[c]);
            }
        }
        return new Normalization(mean, std);
    }

    private static float[] floats(Object value, String field) {
        List<Double> values = list(value, field, 3, OfficialYaml::number);
        return new float[] {values.get(0).floatValue(), values.get(1).floatValue(), values.get(2).floatValue()};
    }

    /** The per-stage lists of MODEL.SPEC, each checked to have NUM_STAGES entries. */
    private record Spec(Map<String, Object> spec, int n) {
        <T> List<T> list(String key, BiFunction<Object, String, T> element) {
            return OfficialYaml.list(required(spec, key), "MODEL.SPEC." + key, n, element);
        }
    }

    private static Object required(Map<String, Object> spec, String key) {
        Object v = spec.get(key);
        if (v == null) {
            throw new ConfigException("MODEL.SPEC." + key + ": missing");
        }
        return v;
    }

    private static <T> List<T> list(Object value, String field, int n, BiFunction<Object, String, T> element) {
        if (!(value instanceof List<?> raw)) {
            throw new ConfigException(field + ": expected a list of " + n + " values, got '" + value + "'");
        }
        if (raw.size() != n) {
            throw new ConfigException(field + ": expected " + n + " values, got " + raw.size());
        }
        List<T> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(element.apply(raw.get(i), field + "[" + i + "]"));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> mapping(Map<String, Object> parent, String key, String field) {
        Object v = parent.get(key);
        if (!(v instanceof Map<?, ?>)) {
            throw new ConfigException(field + ": " + (v == null ? "missing" : "expected a mapping"));
        }
        return (Map<String, Object>) v;
    }

    private static <T> T parse(String field, Object value, BiFunction<Object, String, T> parser) {
        try {
            return parser.apply(value, field);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(field + ": " + e.getMessage(), e);
        }
    }

    private static int integer(Object v, String field) {
        if (v instanceof Integer i) {
            return i;
        }
        throw new ConfigException(field + ": expected an integer, got '" + v + "'");
    }

    private static double number(Object v, String field) {
        if (v instanceof Number num) {
            return num.doubleValue();
        }
        throw new ConfigException(field + ": expected a number, got '" + v + "'");
    }

    private static boolean bool(Object v, String field) {
        if (v instanceof Boolean b) {
            return b;
        }
        throw new ConfigException(field + ": expected True or False, got '" + v + "'");
    }

    private static String string(Object v, String field) {
        if (v instanceof String str) {
            return str;
        }
        throw new ConfigException(field + ": expected a string, got '" + v + "'");
    }
}
