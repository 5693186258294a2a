package dev.cvt4j.checkpoint;

import dev.cvt4j.untrusted.SafeText;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The two naming schemes of CvT state-dict keys: the official microsoft/CvT module tree
 * ({@code stage0.blocks.0.attn.conv_proj_q.bn.weight}) and the one of HuggingFace transformers'
 * {@code CvtForImageClassification}
 * ({@code cvt.encoder.stages.0.layers.0.attention.attention.convolution_projection_query.convolution_projection.normalization.weight}),
 * as produced by transformers' {@code convert_cvt_original_pytorch_checkpoint_to_pytorch.py}.
 *
 * <p>The mapping is an explicit table, one rule per row of the table in the fixtures README:
 * {@code patch_embed.proj/norm} - {@code embedding.convolution_embeddings.projection/normalization},
 * {@code blocks.j} - {@code layers.j}, {@code conv_proj_q/k/v.conv/bn} -
 * {@code convolution_projection_query/key/value.convolution_projection.convolution/normalization},
 * {@code proj_q/k/v} - {@code projection_query/key/value}, {@code attn.proj} - {@code attention.output.dense},
 * {@code mlp.fc1/fc2} - {@code intermediate.dense/output.dense}, {@code norm1/norm2} -
 * {@code layernorm_before/after}, {@code norm} - {@code layernorm}, {@code head} - {@code classifier}.
 * A key that no rule matches is an error in both layouts.
 */
public enum CheckpointLayout {
    /** Keys of the official implementation, e.g. {@code stage2.blocks.1.mlp.fc1.weight}, {@code head.bias}. */
    OFFICIAL,
    /** Keys of HuggingFace transformers, e.g. {@code cvt.encoder.stages.2.layers.1.intermediate.dense.weight}. */
    HUGGINGFACE;

    /** A placeholder of the rule templates and the values it takes in each layout. */
    private enum Slot {
        STAGE("i", null, null),
        BLOCK("j", null, null),
        QKV("qkv", List.of("q", "k", "v"), List.of("query", "key", "value")),
        PARAM("wb", List.of("weight", "bias"), List.of("weight", "bias")),
        BN(
                "bn",
                List.of("weight", "bias", "running_mean", "running_var", "num_batches_tracked"),
                List.of("weight", "bias", "running_mean", "running_var", "num_batches_tracked"));

        final String name;
        /** Values per layout, indexed by {@link CheckpointLayout#ordinal()}; null for a decimal index kept as is. */
        final List<List<String>> values;

        Slot(String name, List<String> official, List<String> huggingFace) {
            this.name = name;
            this.values = official == null ? null : List.of(official, huggingFace);
        }

        String regex(CheckpointLayout layout) {
            return values == null ? "0|[1-9][0-9]*" : String.join("|", values.get(layout.ordinal()));
        }

        String translate(String value, CheckpointLayout from, CheckpointLayout to) {
            return values == null
                    ? value
                    : values.get(to.ordinal()).get(values.get(from.ordinal()).indexOf(value));
        }

        static Slot named(String name) {
            for (Slot s : values()) {
                if (s.name.equals(name)) {
                    return s;
                }
            }
            throw new IllegalArgumentException("no slot {" + name + "}");
        }
    }

    private static final Pattern SLOT = Pattern.compile("\\{(\\w+)}");
    private static final String HF_BLOCK = "cvt.encoder.stages.{i}.layers.{j}.";
    private static final String HF_ATTENTION = HF_BLOCK + "attention.attention.";

    /** One row of the table: the same tensor's key template in each layout. */
    private record Rule(List<String> templates, List<Pattern> patterns) {
        Rule(String official, String huggingFace) {
            this(
                    List.of(official, huggingFace),
                    List.of(compile(official, OFFICIAL), compile(huggingFace, HUGGINGFACE)));
        }

        private static Pattern compile(String template, CheckpointLayout layout) {
            StringBuilder regex = new StringBuilder();
            Matcher m = SLOT.matcher(template);
            int literalStart = 0;
            while (m.find()) {
                regex.append(Pattern.quote(template.substring(literalStart, m.start())));
                regex.append("(?<")
                        .append(m.group(1))
                        .append('>')
                        .append(Slot.named(m.group(1)).regex(layout))
                        .append(')');
                literalStart = m.end();
            }
            return Pattern.compile(regex.append(Pattern.quote(template.substring(literalStart)))
                    .toString());
        }

        Optional<String> map(String key, CheckpointLayout from, CheckpointLayout to) {
            Matcher source = patterns.get(from.ordinal()).matcher(key);
            if (!source.matches()) {
                return Optional.empty();
            }
            return Optional.of(SLOT.matcher(templates.get(to.ordinal()))
                    .replaceAll(slot -> Matcher.quoteReplacement(
                            Slot.named(slot.group(1)).translate(source.group(slot.group(1)), from, to))));
        }
    }

    private static final List<Rule> RULES = List.of(
            new Rule(
                    "stage{i}.patch_embed.proj.{wb}",
                    "cvt.encoder.stages.{i}.embedding.convolution_embeddings.projection.{wb}"),
            new Rule(
                    "stage{i}.patch_embed.norm.{wb}",
                    "cvt.encoder.stages.{i}.embedding.convolution_embeddings.normalization.{wb}"),
            new Rule("stage{i}.cls_token", "cvt.encoder.stages.{i}.cls_token"),
            new Rule(
                    "stage{i}.blocks.{j}.attn.conv_proj_{qkv}.conv.weight",
                    HF_ATTENTION + "convolution_projection_{qkv}.convolution_projection.convolution.weight"),
            new Rule(
                    "stage{i}.blocks.{j}.attn.conv_proj_{qkv}.bn.{bn}",
                    HF_ATTENTION + "convolution_projection_{qkv}.convolution_projection.normalization.{bn}"),
            new Rule("stage{i}.blocks.{j}.attn.proj_{qkv}.{wb}", HF_ATTENTION + "projection_{qkv}.{wb}"),
            new Rule("stage{i}.blocks.{j}.attn.proj.{wb}", HF_BLOCK + "attention.output.dense.{wb}"),
            new Rule("stage{i}.blocks.{j}.mlp.fc1.{wb}", HF_BLOCK + "intermediate.dense.{wb}"),
            new Rule("stage{i}.blocks.{j}.mlp.fc2.{wb}", HF_BLOCK + "output.dense.{wb}"),
            new Rule("stage{i}.blocks.{j}.norm1.{wb}", HF_BLOCK + "layernorm_before.{wb}"),
            new Rule("stage{i}.blocks.{j}.norm2.{wb}", HF_BLOCK + "layernorm_after.{wb}"),
            new Rule("norm.{wb}", "layernorm.{wb}"),
            new Rule("head.{wb}", "classifier.{wb}"));

    private String describe() {
        return this == OFFICIAL ? "official" : "HuggingFace";
    }

    private static String translate(String key, CheckpointLayout from, CheckpointLayout to) {
        for (Rule rule : RULES) {
            Optional<String> mapped = rule.map(key, from, to);
            if (mapped.isPresent()) {
                return mapped.get();
            }
        }
        throw new IllegalArgumentException("unknown " + from.describe() + " CvT key " + SafeText.quote(key)
                + " (not in the official <-> HuggingFace key table)");
    }

    /**
     * The official name of {@code key}, a key of this layout (for {@link #OFFICIAL}: the key itself).
     *
     * @throws IllegalArgumentException naming the key if it is not a CvT key of this layout
     */
    public String toOfficial(String key) {
        return translate(key, this, OFFICIAL);
    }

    /**
     * The name in this layout of the official key {@code officialKey}.
     *
     * @throws IllegalArgumentException naming the key if it is not an official CvT key
     */
    public String fromOfficial(String officialKey) {
        return translate(officialKey, OFFICIAL, this);
    }

    /**
     * {@code stateDict}, whose keys are in this layout, renamed to official keys in the same order.
     * The {@code _metadata} is kept for {@link #OFFICIAL} and dropped for {@link #HUGGINGFACE}, whose
     * module prefixes do not name official modules.
     *
     * @throws IllegalArgumentException naming the first key that is not a CvT key of this layout
     */
    public StateDict toOfficial(StateDict stateDict) {
        return rename(stateDict, this::toOfficial);
    }

    /**
     * {@code officialStateDict} renamed to this layout, in the same order. The {@code _metadata} is
     * kept for {@link #OFFICIAL} and dropped for {@link #HUGGINGFACE} (HuggingFace files carry none).
     *
     * @throws IllegalArgumentException naming the first key that is not an official CvT key
     */
    public StateDict fromOfficial(StateDict officialStateDict) {
        return rename(officialStateDict, this::fromOfficial);
    }

    private StateDict rename(StateDict stateDict, UnaryOperator<String> rename) {
        StateDict renamed = stateDict.renameKeys(rename);
        if (this != OFFICIAL) {
            renamed.setMetadata(Map.of());
        }
        return renamed;
    }

    /**
     * The layout of a key set: {@link #HUGGINGFACE} when every key starts with {@code cvt.},
     * {@code layernorm.} or {@code classifier.}; {@link #OFFICIAL} when none does (also for no keys).
     * The keys are not validated beyond that.
     *
     * @throws IllegalArgumentException if some keys are HuggingFace keys and others are not
     */
    public static CheckpointLayout detect(Collection<String> keys) {
        Optional<String> hf =
                keys.stream().filter(CheckpointLayout::looksHuggingFace).findFirst();
        Optional<String> other = keys.stream().filter(k -> !looksHuggingFace(k)).findFirst();
        if (hf.isPresent() && other.isPresent()) {
            throw new IllegalArgumentException("keys mix the HuggingFace layout (" + SafeText.quote(hf.get())
                    + ") with another one (" + SafeText.quote(other.get()) + ")");
        }
        return hf.isPresent() ? HUGGINGFACE : OFFICIAL;
    }

    private static boolean looksHuggingFace(String key) {
        return key.startsWith("cvt.") || key.startsWith("layernorm.") || key.startsWith("classifier.");
    }
}
