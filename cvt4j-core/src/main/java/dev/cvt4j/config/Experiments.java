package dev.cvt4j.config;

import dev.cvt4j.image.Normalization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Builds what {@code --model} names from the configuration table: the network ({@code MODEL}), its
 * evaluation settings ({@code TEST}) and input normalisation ({@code INPUT}), from an official
 * experiment file (e.g. microsoft/CvT {@code experiments/imagenet/cvt/cvt-13-224x224.yaml}, read
 * unchanged) or a preset. {@link ExperimentConfig#resolve} is the entry point for {@code --model}.
 */
public final class Experiments {
    private static final String SPEC = "MODEL.SPEC.";

    private Experiments() {}

    /**
     * The configuration values of a preset or an experiment file, with overrides.
     *
     * @param presetOrPath a preset name or a YAML file
     * @param overrides {@code KEY=VALUE} strings applied after it, see {@link ConfigValues#of}
     * @return the values; a preset is its {@code MODEL} and {@code TEST} settings, everything else
     *     at the defaults
     * @throws ConfigException when it is neither a preset nor a readable, valid file, or an override is bad
     */
    public static ConfigValues values(String presetOrPath, List<String> overrides) {
        if (Presets.names().contains(presetOrPath)) {
            return ConfigValues.of(mapping(Presets.get(presetOrPath)), overrides, presetOrPath);
        }
        Path path = Path.of(presetOrPath);
        if (Files.isRegularFile(path)) {
            return ConfigValues.read(path, overrides);
        }
        throw new ConfigException(
                presetOrPath + ": neither a preset (" + String.join(", ", Presets.names()) + ") nor a YAML file");
    }

    /**
     * Reads the model, test and input settings of an official experiment file.
     *
     * @param path the YAML file
     * @return the experiment, named after the file
     * @throws ConfigException naming the file and the key when anything is missing or invalid
     */
    public static ExperimentConfig read(Path path) {
        return experiment(ConfigValues.read(path, List.of()), path.toString());
    }

    /**
     * The experiment of a set of values.
     *
     * @param v the values
     * @param name the experiment's name, used in messages
     * @return the network of {@code MODEL}, the {@code TEST} settings and the {@code INPUT} normalisation
     * @throws ConfigException naming {@code name} and the key when a required key is missing, a
     *     per-stage list does not hold {@code NUM_STAGES} values, or the stages are inconsistent; or
     *     naming {@code name} when the model cannot run at the test size ({@link ExperimentConfig}'s
     *     {@link dev.cvt4j.config.ModelFootprint} check)
     */
    public static ExperimentConfig experiment(ConfigValues v, String name) {
        CvtConfig model;
        TestSpec test;
        Normalization input;
        try {
            model = model(v);
            test = test(v);
            input = input(v);
        } catch (ConfigException e) {
            throw new ConfigException(name + ": " + e.getMessage(), e);
        }
        return new ExperimentConfig(name, model, test, input);
    }

    /**
     * {@code INPUT.MEAN} / {@code INPUT.STD}: the normalisation of training and evaluation alike.
     *
     * @param v the values
     * @return the per-channel statistics, rounded to float32 as torchvision's {@code Normalize} does
     */
    public static Normalization input(ConfigValues v) {
        return normalization(v.numbers("INPUT.MEAN"), v.numbers("INPUT.STD"));
    }

    /**
     * @param mean {@code INPUT.MEAN}, 3 values
     * @param std {@code INPUT.STD}, 3 positive values
     * @return the statistics rounded to float32 ({@code torch.as_tensor(mean, dtype=float32)})
     */
    public static Normalization normalization(List<Double> mean, List<Double> std) {
        return new Normalization(floats(mean), floats(std));
    }

    private static CvtConfig model(ConfigValues v) {
        int n = v.integer(SPEC + "NUM_STAGES");
        if (v.isSet(SPEC + "POS_EMBED")) {
            stages(v, "POS_EMBED", n, v::booleans);
        }
        List<Integer> patchSize = stages(v, "PATCH_SIZE", n, v::integers);
        List<Integer> patchStride = stages(v, "PATCH_STRIDE", n, v::integers);
        List<Integer> patchPadding = stages(v, "PATCH_PADDING", n, v::integers);
        List<Integer> dim = stages(v, "DIM_EMBED", n, v::integers);
        List<Integer> heads = stages(v, "NUM_HEADS", n, v::integers);
        List<Integer> depth = stages(v, "DEPTH", n, v::integers);
        List<Double> mlpRatio = stages(v, "MLP_RATIO", n, v::numbers);
        List<Boolean> qkvBias = stages(v, "QKV_BIAS", n, v::booleans);
        List<Boolean> clsToken = stages(v, "CLS_TOKEN", n, v::booleans);
        List<String> method = stages(v, "QKV_PROJ_METHOD", n, v::strings);
        List<Integer> kernel = stages(v, "KERNEL_QKV", n, v::integers);
        List<Integer> paddingQ = stages(v, "PADDING_Q", n, v::integers);
        List<Integer> paddingKv = stages(v, "PADDING_KV", n, v::integers);
        List<Integer> strideQ = stages(v, "STRIDE_Q", n, v::integers);
        List<Integer> strideKv = stages(v, "STRIDE_KV", n, v::integers);
        List<Double> dropRate = stages(v, "DROP_RATE", n, v::numbers);
        List<Double> attnDrop = stages(v, "ATTN_DROP_RATE", n, v::numbers);
        List<Double> dropPath = stages(v, "DROP_PATH_RATE", n, v::numbers);
        List<StageSpec> stages = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            stages.add(StageSpec.builder()
                    .patch(patchSize.get(i), patchStride.get(i), patchPadding.get(i))
                    .dimEmbed(dim.get(i))
                    .numHeads(heads.get(i))
                    .depth(depth.get(i))
                    .mlpRatio(mlpRatio.get(i))
                    .qkvBias(qkvBias.get(i))
                    .clsToken(clsToken.get(i))
                    .qkvProjMethod(ProjectionMethod.fromOfficialName(method.get(i)))
                    .kernelQkv(kernel.get(i))
                    .query(paddingQ.get(i), strideQ.get(i))
                    .keyValue(paddingKv.get(i), strideKv.get(i))
                    .dropRate(dropRate.get(i))
                    .attnDropRate(attnDrop.get(i))
                    .dropPathRate(dropPath.get(i))
                    .build());
        }
        return new CvtConfig(
                stages,
                v.integer("MODEL.NUM_CLASSES"),
                ActLayer.fromConfigName(v.string("MODEL.ACT_LAYER")),
                CvtConfig.LAYER_NORM_EPS,
                v.string(SPEC + "INIT"));
    }

    private static <T> List<T> stages(ConfigValues v, String key, int n, Function<String, List<T>> read) {
        List<T> values = read.apply(SPEC + key);
        if (values.size() != n) {
            throw new ConfigException(SPEC + key + ": expected " + n + " values, got " + values.size());
        }
        return values;
    }

    private static TestSpec test(ConfigValues v) {
        List<Integer> size = v.integers("TEST.IMAGE_SIZE");
        return new TestSpec(size.get(0), size.get(1), v.bool("TEST.CENTER_CROP"), v.integer("TEST.INTERPOLATION"));
    }

    private static float[] floats(List<Double> values) {
        float[] f = new float[values.size()];
        for (int i = 0; i < f.length; i++) {
            f[i] = values.get(i).floatValue();
        }
        return f;
    }

    /**
     * An experiment as the mapping of an official file: its {@code MODEL} and {@code TEST} sections
     * ({@code INPUT} is left out: it stays at the default, the ImageNet statistics every preset uses).
     *
     * @param e the experiment, e.g. a preset
     * @return a mapping with the {@code MODEL} and {@code TEST} sections, as {@link ConfigValues#of} reads it
     */
    public static Map<String, Object> mapping(ExperimentConfig e) {
        CvtConfig c = e.model();
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("INIT", c.init());
        spec.put("NUM_STAGES", c.numStages());
        spec.put("PATCH_SIZE", perStage(c, StageSpec::patchSize));
        spec.put("PATCH_STRIDE", perStage(c, StageSpec::patchStride));
        spec.put("PATCH_PADDING", perStage(c, StageSpec::patchPadding));
        spec.put("DIM_EMBED", perStage(c, StageSpec::dimEmbed));
        spec.put("NUM_HEADS", perStage(c, StageSpec::numHeads));
        spec.put("DEPTH", perStage(c, StageSpec::depth));
        spec.put("MLP_RATIO", perStage(c, StageSpec::mlpRatio));
        spec.put("ATTN_DROP_RATE", perStage(c, StageSpec::attnDropRate));
        spec.put("DROP_RATE", perStage(c, StageSpec::dropRate));
        spec.put("DROP_PATH_RATE", perStage(c, StageSpec::dropPathRate));
        spec.put("QKV_BIAS", perStage(c, StageSpec::qkvBias));
        spec.put("CLS_TOKEN", perStage(c, StageSpec::clsToken));
        spec.put("QKV_PROJ_METHOD", perStage(c, s -> s.qkvProjMethod().officialName()));
        spec.put("KERNEL_QKV", perStage(c, StageSpec::kernelQkv));
        spec.put("PADDING_KV", perStage(c, StageSpec::paddingKv));
        spec.put("STRIDE_KV", perStage(c, StageSpec::strideKv));
        spec.put("PADDING_Q", perStage(c, StageSpec::paddingQ));
        spec.put("STRIDE_Q", perStage(c, StageSpec::strideQ));
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("NAME", "cls_cvt");
        model.put("NUM_CLASSES", c.numClasses());
        model.put("ACT_LAYER", c.actLayer().configName());
        model.put("SPEC", spec);
        TestSpec t = e.test();
        Map<String, Object> test = new LinkedHashMap<>();
        test.put("IMAGE_SIZE", List.of(t.width(), t.height()));
        test.put("CENTER_CROP", t.centerCrop());
        test.put("INTERPOLATION", t.interpolation());
        return Map.of("MODEL", model, "TEST", test);
    }

    private static <T> List<T> perStage(CvtConfig c, Function<StageSpec, T> field) {
        return c.stages().stream().map(field).toList();
    }
}
