package dev.cvt4j.train.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The training-recipe keys cvt4j reads, with their types and the defaults of the official
 * {@code lib/config/default.py} (microsoft/CvT), plus the official keys it accepts but has no use for.
 *
 * <p>The official defaults leave {@code AUG.TIMM_AUG} (apart from {@code USE_LOADER} and
 * {@code USE_TRANSFORM}) and {@code TRAIN.LR_SCHEDULER} empty; the official code then requires the keys
 * the chosen path reads. Here {@code AUG.TIMM_AUG.*} default to the defaults of timm 0.3.2's
 * {@code create_loader} (the official pin), and {@code TRAIN.LR_SCHEDULER.METHOD} and the timm
 * scheduler {@code ARGS} stay required.
 *
 * <p>{@code CVT4J.*} are cvt4j extensions with no official counterpart.
 */
final class RecipeKeys {
    /** The top-level sections this reader owns. */
    static final List<String> SECTIONS = List.of("TRAIN", "LOSS", "AUG", "INPUT", "CVT4J");

    /** Nested sections whose keys are listed one by one. */
    static final Set<String> NESTED = Set.of("TRAIN.LR_SCHEDULER", "TRAIN.LR_SCHEDULER.ARGS", "AUG.TIMM_AUG");

    /**
     * yacs {@code new_allowed} sections whose other keys are accepted and ignored, as the official
     * code ignores them. ({@code TRAIN.LR_SCHEDULER.ARGS} and {@code AUG.TIMM_AUG} are also
     * {@code new_allowed} officially, but an unread key there would silently change the recipe, so
     * they are strict here.)
     */
    static final Set<String> LENIENT = Set.of("LOSS", "TRAIN.LR_SCHEDULER");

    /** Official keys accepted and ignored: they configure paths cvt4j does not implement. */
    static final Set<String> IGNORED = Set.of(
            "TRAIN.AUTO_RESUME", "TRAIN.CHECKPOINT", "TRAIN.MOMENTUM", "TRAIN.NESTEROV", "TRAIN.GAMMA1",
            "TRAIN.GAMMA2", "TRAIN.EVAL_BEGIN_EPOCH", "TRAIN.DETECT_ANOMALY", "TRAIN.SAVE_ALL_MODELS",
            "TRAIN.LR_SCHEDULER.ARGS.epochs", "AUG.DROPBLOCK_LAYERS", "AUG.DROPBLOCK_KEEP_PROB",
            "AUG.DROPBLOCK_BLOCK_SIZE", "AUG.MIXCUT_AND_MIXUP");

    /** Every read key in a stable order: type and default (null: no default, the key is required). */
    static final Map<String, Field> FIELDS;

    static {
        Map<String, Field> f = new LinkedHashMap<>();
        add(f, "TRAIN.BATCH_SIZE_PER_GPU", FieldType.INT, 32);
        add(f, "TRAIN.LR", FieldType.FLOAT, 0.001);
        add(f, "TRAIN.SCALE_LR", FieldType.BOOL, true);
        add(f, "TRAIN.OPTIMIZER", FieldType.STRING, "sgd");
        add(f, "TRAIN.OPTIMIZER_ARGS", FieldType.MAPPING, Map.of());
        add(f, "TRAIN.WD", FieldType.FLOAT, 0.0001);
        add(f, "TRAIN.WITHOUT_WD_LIST", FieldType.STRING_LIST, List.of());
        add(f, "TRAIN.BEGIN_EPOCH", FieldType.INT, 0);
        add(f, "TRAIN.END_EPOCH", FieldType.INT, 100);
        add(f, "TRAIN.IMAGE_SIZE", FieldType.INT_LIST, List.of(224, 224));
        add(f, "TRAIN.SHUFFLE", FieldType.BOOL, true);
        add(f, "TRAIN.CLIP_GRAD_NORM", FieldType.FLOAT, 0.0);
        add(f, "TRAIN.LR_SCHEDULER.METHOD", FieldType.STRING, null);
        add(f, "TRAIN.LR_SCHEDULER.ARGS.sched", FieldType.STRING, null);
        add(f, "TRAIN.LR_SCHEDULER.ARGS.warmup_epochs", FieldType.INT, null);
        add(f, "TRAIN.LR_SCHEDULER.ARGS.warmup_lr", FieldType.FLOAT, null);
        add(f, "TRAIN.LR_SCHEDULER.ARGS.min_lr", FieldType.FLOAT, null);
        add(f, "TRAIN.LR_SCHEDULER.ARGS.cooldown_epochs", FieldType.INT, null);
        add(f, "TRAIN.LR_SCHEDULER.ARGS.decay_rate", FieldType.FLOAT, null);
        add(f, "LOSS.LABEL_SMOOTHING", FieldType.FLOAT, 0.0);
        add(f, "LOSS.LOSS", FieldType.STRING, "softmax");
        add(f, "AUG.SCALE", FieldType.FLOAT_LIST, List.of(0.08, 1.0));
        add(f, "AUG.RATIO", FieldType.FLOAT_LIST, List.of(3.0 / 4.0, 4.0 / 3.0));
        add(f, "AUG.COLOR_JITTER", FieldType.FLOAT_LIST, List.of(0.4, 0.4, 0.4, 0.1, 0.0));
        add(f, "AUG.GRAY_SCALE", FieldType.FLOAT, 0.0);
        add(f, "AUG.GAUSSIAN_BLUR", FieldType.FLOAT, 0.0);
        add(f, "AUG.MIXUP_PROB", FieldType.FLOAT, 0.0);
        add(f, "AUG.MIXUP", FieldType.FLOAT, 0.0);
        add(f, "AUG.MIXCUT", FieldType.FLOAT, 0.0);
        add(f, "AUG.MIXCUT_MINMAX", FieldType.FLOAT_LIST, List.of());
        add(f, "AUG.MIXUP_SWITCH_PROB", FieldType.FLOAT, 0.5);
        add(f, "AUG.MIXUP_MODE", FieldType.STRING, "batch");
        add(f, "AUG.INTERPOLATION", FieldType.INT, 2);
        add(f, "AUG.TIMM_AUG.USE_LOADER", FieldType.BOOL, false);
        add(f, "AUG.TIMM_AUG.USE_TRANSFORM", FieldType.BOOL, false);
        add(f, "AUG.TIMM_AUG.RE_PROB", FieldType.FLOAT, 0.0);
        add(f, "AUG.TIMM_AUG.RE_MODE", FieldType.STRING, "const");
        add(f, "AUG.TIMM_AUG.RE_COUNT", FieldType.INT, 1);
        add(f, "AUG.TIMM_AUG.RE_SPLIT", FieldType.BOOL, false);
        add(f, "AUG.TIMM_AUG.HFLIP", FieldType.FLOAT, 0.5);
        add(f, "AUG.TIMM_AUG.VFLIP", FieldType.FLOAT, 0.0);
        add(f, "AUG.TIMM_AUG.COLOR_JITTER", FieldType.FLOATS, List.of(0.4));
        add(f, "AUG.TIMM_AUG.AUTO_AUGMENT", FieldType.OPTIONAL_STRING, null);
        add(f, "AUG.TIMM_AUG.INTERPOLATION", FieldType.STRING, "bilinear");
        add(f, "INPUT.MEAN", FieldType.FLOAT_LIST, List.of(0.485, 0.456, 0.406));
        add(f, "INPUT.STD", FieldType.FLOAT_LIST, List.of(0.229, 0.224, 0.225));
        add(f, "CVT4J.GRAD_ACCUM_STEPS", FieldType.INT, 1);
        add(f, "CVT4J.CHECKPOINT_FREQ", FieldType.INT, 1);
        add(f, "CVT4J.CHECKPOINT_STEPS", FieldType.INT, 0);
        FIELDS = Collections.unmodifiableMap(f);
    }

    private RecipeKeys() {}

    private static void add(Map<String, Field> fields, String key, FieldType type, Object defaultValue) {
        fields.put(key, new Field(key, type, defaultValue));
    }

    /**
     * One key.
     *
     * @param key the dotted official name, e.g. {@code TRAIN.LR_SCHEDULER.ARGS.min_lr}
     * @param type its type
     * @param defaultValue the default in the type's Java representation; null when the key is
     *     required, or (for {@link FieldType#OPTIONAL_STRING}) when it defaults to null
     */
    record Field(String key, FieldType type, Object defaultValue) {}
}
