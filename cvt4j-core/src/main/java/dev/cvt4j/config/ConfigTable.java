package dev.cvt4j.config;

import static dev.cvt4j.config.Check.atLeast;
import static dev.cvt4j.config.Check.each;
import static dev.cvt4j.config.Check.fraction;
import static dev.cvt4j.config.Check.nonNegative;
import static dev.cvt4j.config.Check.oneOf;
import static dev.cvt4j.config.Check.pilFilter;
import static dev.cvt4j.config.Check.positive;
import static dev.cvt4j.config.Check.probability;
import static dev.cvt4j.config.Check.range;
import static dev.cvt4j.config.Check.size;
import static dev.cvt4j.config.Check.supported;
import static dev.cvt4j.config.ConfigType.BOOL;
import static dev.cvt4j.config.ConfigType.BOOL_LIST;
import static dev.cvt4j.config.ConfigType.FLOAT;
import static dev.cvt4j.config.ConfigType.FLOATS;
import static dev.cvt4j.config.ConfigType.FLOAT_LIST;
import static dev.cvt4j.config.ConfigType.INT;
import static dev.cvt4j.config.ConfigType.INT_LIST;
import static dev.cvt4j.config.ConfigType.MAPPING;
import static dev.cvt4j.config.ConfigType.OPTIONAL_STRING;
import static dev.cvt4j.config.ConfigType.STRING;
import static dev.cvt4j.config.ConfigType.STRING_LIST;

import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The one configuration table of cvt4j: every key of the official experiment file (microsoft/CvT
 * {@code lib/config/default.py}, with its defaults) and the {@code CVT4J.*} extensions, each with its
 * type, default, check and a one-line description. {@link ConfigValues} reads files and
 * {@code KEY=VALUE} overrides against it; the model ({@link Experiments}) and the training recipe are
 * built from those values.
 *
 * <p>Sections the official code leaves open ({@code new_allowed}) and sections cvt4j does not read
 * accept other keys and ignore them ({@link #lenient}); in the sections cvt4j reads (MODEL.SPEC, TRAIN,
 * AUG, INPUT, CVT4J) an unknown key is an error, since an unread key there would silently change the
 * experiment. The official defaults leave {@code MODEL.SPEC}, {@code AUG.TIMM_AUG} (apart from
 * {@code USE_LOADER} and {@code USE_TRANSFORM}) and {@code TRAIN.LR_SCHEDULER} empty; here
 * {@code MODEL.SPEC.INIT} defaults as in {@code cls_cvt.py}, {@code AUG.TIMM_AUG.*} to timm 0.3.2's
 * {@code create_loader} defaults (the official pin), and the rest stay required where they are read.
 */
public final class ConfigTable {
    private static final Map<String, ConfigKey> KEYS;
    private static final Set<String> SECTIONS;

    /** Sections whose unknown keys are accepted and ignored (the top level is {@code ""}). */
    private static final Set<String> LENIENT = Set.of(
            "",
            "MODEL",
            "TEST",
            "LOSS",
            "TRAIN.LR_SCHEDULER",
            "DATASET",
            "AMP",
            "CUDNN",
            "FINETUNE",
            "FINETUNE.LR_SCHEDULER",
            "DEBUG");

    private static final String STAGE = "one value per stage (NUM_STAGES)";

    static {
        Table t = new Table();
        t.unused(
                "BASE",
                STRING_LIST,
                List.of(""),
                Check.of("no includes", (v, k) -> {
                    if (((List<?>) v).stream().anyMatch(b -> !"".equals(b))) {
                        throw new ConfigException(k + ": including other experiment files is not supported");
                    }
                }),
                "experiment files merged first (only [''], none, is supported)");
        t.unused("NAME", STRING, "", "suffix of the run's name");
        t.unused("DATA_DIR", STRING, "", "data root of the official scripts (cvt4j takes --data)");
        t.unused("DIST_BACKEND", STRING, "nccl", "torch.distributed backend");
        t.unused("GPUS", INT_LIST, List.of(0), "CUDA devices");
        t.unused("MULTIPROCESSING_DISTRIBUTED", BOOL, true, "one process per GPU");
        t.unused("OUTPUT_DIR", STRING, "", "output root of the official scripts (cvt4j takes --output)");
        t.unused("PIN_MEMORY", BOOL, true, "pinned host memory for CUDA copies");
        t.unused("PRINT_FREQ", INT, 20, "log every this many steps");
        t.unused("RANK", INT, 0, "process rank");
        t.unused("VERBOSE", BOOL, true, "verbose logging");
        t.unused("WORKERS", INT, 4, "data loader processes (cvt4j takes --workers)");
        t.unused("MODEL_SUMMARY", BOOL, false, "print a model summary (cvt4j: cvt info)");
        t.unused("AMP.ENABLED", BOOL, false, "automatic mixed precision (cvt4j trains in float32)");
        t.unused("AMP.MEMORY_FORMAT", STRING, "nchw", "CUDA memory format");
        t.unused("CUDNN.BENCHMARK", BOOL, true, "cuDNN autotuning");
        t.unused("CUDNN.DETERMINISTIC", BOOL, false, "deterministic cuDNN kernels");
        t.unused("CUDNN.ENABLED", BOOL, true, "use cuDNN");

        t.add("MODEL.NAME", STRING, "cls_hrnet", oneOf("cls_cvt"), "the network; cvt4j builds cls_cvt");
        t.unused("MODEL.INIT_WEIGHTS", BOOL, true, "initialise weights (cvt4j always does)");
        t.unused("MODEL.PRETRAINED", STRING, "", "weights to start from (cvt4j takes --weights/--finetune)");
        t.unused("MODEL.PRETRAINED_LAYERS", STRING_LIST, List.of("*"), "layers taken from PRETRAINED");
        t.add("MODEL.NUM_CLASSES", INT, 1000, atLeast(1), "classifier outputs");
        t.add(
                "MODEL.ACT_LAYER",
                STRING,
                "quick_gelu",
                parses("quick_gelu or gelu", ActLayer::fromConfigName),
                "cvt4j extension: MLP activation (the official model always uses QuickGELU)");
        t.add(
                "MODEL.SPEC.INIT",
                STRING,
                "trunc_norm",
                oneOf("trunc_norm", "xavier"),
                "initialisation of a freshly built model (cls_cvt.py default trunc_norm)");
        t.add("MODEL.SPEC.NUM_STAGES", INT, null, atLeast(1), "number of stages");
        t.add("MODEL.SPEC.PATCH_SIZE", INT_LIST, null, each(atLeast(1)), "ConvEmbed kernel, " + STAGE);
        t.add("MODEL.SPEC.PATCH_STRIDE", INT_LIST, null, each(atLeast(1)), "ConvEmbed stride, " + STAGE);
        t.add("MODEL.SPEC.PATCH_PADDING", INT_LIST, null, each(atLeast(0)), "ConvEmbed padding, " + STAGE);
        t.add("MODEL.SPEC.DIM_EMBED", INT_LIST, null, each(atLeast(1)), "token width, " + STAGE);
        t.add(
                "MODEL.SPEC.NUM_HEADS",
                INT_LIST,
                null,
                each(atLeast(1)),
                "attention heads (dividing DIM_EMBED), " + STAGE);
        t.add("MODEL.SPEC.DEPTH", INT_LIST, null, each(atLeast(1)), "transformer blocks, " + STAGE);
        t.add("MODEL.SPEC.MLP_RATIO", FLOAT_LIST, null, each(positive()), "MLP hidden width / DIM_EMBED, " + STAGE);
        t.add(
                "MODEL.SPEC.ATTN_DROP_RATE",
                FLOAT_LIST,
                null,
                each(fraction()),
                "dropout on attention probabilities, " + STAGE);
        t.add(
                "MODEL.SPEC.DROP_RATE",
                FLOAT_LIST,
                null,
                each(fraction()),
                "dropout after embedding, MLP and attention output, " + STAGE);
        t.add(
                "MODEL.SPEC.DROP_PATH_RATE",
                FLOAT_LIST,
                null,
                each(fraction()),
                "stochastic depth of the stage's last block (linear from 0), " + STAGE);
        t.add("MODEL.SPEC.QKV_BIAS", BOOL_LIST, null, Check.NONE, "bias of the q, k, v projections, " + STAGE);
        t.add("MODEL.SPEC.CLS_TOKEN", BOOL_LIST, null, Check.NONE, "class token, " + STAGE);
        t.add(
                "MODEL.SPEC.POS_EMBED",
                BOOL_LIST,
                null,
                each(Check.of("False", (v, k) -> {
                    if ((Boolean) v) {
                        throw new ConfigException(
                                k + ": true is not supported (the official model has no positional" + " embedding)");
                    }
                })),
                "positional embedding (optional; the official model never builds one), " + STAGE);
        t.add(
                "MODEL.SPEC.QKV_PROJ_METHOD",
                STRING_LIST,
                null,
                each(parses("dw_bn, avg or linear", ProjectionMethod::fromOfficialName)),
                "conv projection of q, k, v, " + STAGE);
        t.add("MODEL.SPEC.KERNEL_QKV", INT_LIST, null, each(atLeast(1)), "conv projection kernel, " + STAGE);
        t.add("MODEL.SPEC.PADDING_Q", INT_LIST, null, each(atLeast(0)), "query projection padding, " + STAGE);
        t.add("MODEL.SPEC.PADDING_KV", INT_LIST, null, each(atLeast(0)), "key/value projection padding, " + STAGE);
        t.add("MODEL.SPEC.STRIDE_Q", INT_LIST, null, each(atLeast(1)), "query projection stride, " + STAGE);
        t.add("MODEL.SPEC.STRIDE_KV", INT_LIST, null, each(atLeast(1)), "key/value projection stride, " + STAGE);

        t.add("LOSS.LABEL_SMOOTHING", FLOAT, 0.0, fraction(), "label smoothing of the training loss");
        t.add("LOSS.LOSS", STRING, "softmax", oneOf("softmax"), "the loss: cross-entropy");

        t.unused("DATASET.ROOT", STRING, "", "data set root (cvt4j takes --data and --val)");
        t.unused("DATASET.DATASET", STRING, "imagenet", "data set kind");
        t.unused("DATASET.TRAIN_SET", STRING, "train", "training split folder");
        t.unused("DATASET.TEST_SET", STRING, "val", "validation split folder");
        t.unused("DATASET.DATA_FORMAT", STRING, "jpg", "image format");
        t.unused("DATASET.LABELMAP", STRING, "", "label map file");
        t.unused("DATASET.TRAIN_TSV_LIST", STRING_LIST, List.of(), "training TSV files");
        t.unused("DATASET.TEST_TSV_LIST", STRING_LIST, List.of(), "validation TSV files");
        t.unused("DATASET.SAMPLER", STRING, "default", "training sampler");
        t.unused("DATASET.TARGET_SIZE", INT, -1, "target image size of TSV data");

        t.add(
                "INPUT.MEAN",
                FLOAT_LIST,
                List.of(0.485, 0.456, 0.406),
                size(3),
                "per-channel mean (R, G, B) of Normalize, in training and evaluation");
        t.add(
                "INPUT.STD",
                FLOAT_LIST,
                List.of(0.229, 0.224, 0.225),
                size(3).and(each(positive())),
                "per-channel std (R, G, B) of Normalize, in training and evaluation");

        t.add("AUG.SCALE", FLOAT_LIST, List.of(0.08, 1.0), range(), "area fraction range of the random resized crop");
        t.add(
                "AUG.RATIO",
                FLOAT_LIST,
                List.of(3.0 / 4.0, 4.0 / 3.0),
                range(),
                "aspect ratio range of the random resized crop");
        t.add(
                "AUG.COLOR_JITTER",
                FLOAT_LIST,
                List.of(0.4, 0.4, 0.4, 0.1, 0.0),
                Check.of("4 or 5 values: strengths >= 0, then a probability", (v, k) -> {
                    List<?> values = (List<?>) v;
                    Check.size(values, List.of(4, 5), k);
                    int last = values.size() - 1;
                    for (int i = 0; i < last; i++) {
                        Check.nonNegative((Double) values.get(i), k + "[" + i + "]");
                    }
                    Check.probability((Double) values.get(last), k + "[" + last + "]");
                }),
                "torchvision-path colour jitter: brightness, contrast, saturation[, hue], probability");
        t.add("AUG.GRAY_SCALE", FLOAT, 0.0, probability(), "torchvision-path random grayscale probability");
        t.add("AUG.GAUSSIAN_BLUR", FLOAT, 0.0, probability(), "torchvision-path Gaussian blur probability");
        t.unused("AUG.DROPBLOCK_LAYERS", INT_LIST, List.of(3, 4), "DropBlock stages");
        t.unused("AUG.DROPBLOCK_KEEP_PROB", FLOAT, 1.0, "DropBlock keep probability");
        t.unused("AUG.DROPBLOCK_BLOCK_SIZE", INT, 7, "DropBlock block size");
        t.add(
                "AUG.MIXUP_PROB",
                FLOAT,
                0.0,
                probability(),
                "probability of mixing a batch (1.0 whenever MIXUP, MIXCUT or MIXCUT_MINMAX is set)");
        t.add("AUG.MIXUP", FLOAT, 0.0, nonNegative(), "Mixup Beta(alpha, alpha) parameter, 0 = off");
        t.add("AUG.MIXCUT", FLOAT, 0.0, nonNegative(), "CutMix Beta(alpha, alpha) parameter, 0 = off");
        t.add(
                "AUG.MIXCUT_MINMAX",
                FLOAT_LIST,
                List.of(),
                Check.of("empty, or [min, max] with max <= 1", (v, k) -> {
                    if (!((List<?>) v).isEmpty()) {
                        range().apply(v, k);
                        Check.probability((Double) ((List<?>) v).get(1), k + "[1]");
                    }
                }),
                "CutMix box area fraction range, used instead of MIXCUT");
        t.add("AUG.MIXUP_SWITCH_PROB", FLOAT, 0.5, probability(), "probability of CutMix when both are on");
        t.add("AUG.MIXUP_MODE", STRING, "batch", oneOf("batch", "pair", "elem"), "Mixup granularity");
        t.unused("AUG.MIXCUT_AND_MIXUP", BOOL, false, "official flag with no effect");
        t.add("AUG.INTERPOLATION", INT, 2, pilFilter(), "torchvision-path crop filter: 2 bilinear, 3 bicubic");
        t.add("AUG.TIMM_AUG.USE_LOADER", BOOL, false, Check.NONE, "train with timm's loader and transform");
        t.add("AUG.TIMM_AUG.USE_TRANSFORM", BOOL, false, Check.NONE, "timm's transform in a plain loader");
        t.add("AUG.TIMM_AUG.RE_PROB", FLOAT, 0.0, probability(), "random erasing probability (timm default)");
        t.add(
                "AUG.TIMM_AUG.RE_MODE",
                STRING,
                "const",
                oneOf("const", "rand", "pixel"),
                "random erasing fill (timm default)");
        t.add("AUG.TIMM_AUG.RE_COUNT", INT, 1, atLeast(1), "erased rectangles per image (timm default)");
        t.add("AUG.TIMM_AUG.RE_SPLIT", BOOL, false, Check.NONE, "no erasing on the first split (timm default)");
        t.add("AUG.TIMM_AUG.HFLIP", FLOAT, 0.5, probability(), "horizontal flip probability (timm default)");
        t.add("AUG.TIMM_AUG.VFLIP", FLOAT, 0.0, probability(), "vertical flip probability (timm default)");
        t.add(
                "AUG.TIMM_AUG.COLOR_JITTER",
                FLOATS,
                List.of(0.4),
                size(1, 3, 4).and(each(nonNegative())),
                "timm colour jitter strength(s) (timm default)");
        t.add(
                "AUG.TIMM_AUG.AUTO_AUGMENT",
                OPTIONAL_STRING,
                null,
                Check.NONE,
                "timm auto-augment policy, e.g. rand-m9-mstd0.5-inc1, or null (timm default)");
        t.add(
                "AUG.TIMM_AUG.INTERPOLATION",
                STRING,
                "bilinear",
                oneOf("bilinear", "bicubic", "random"),
                "timm crop filter (timm default)");

        t.unused("TRAIN.AUTO_RESUME", BOOL, true, "resume from OUTPUT_DIR (cvt4j takes --resume)");
        t.unused("TRAIN.CHECKPOINT", STRING, "", "checkpoint to resume");
        t.add("TRAIN.LR_SCHEDULER.METHOD", STRING, null, supported("timm"), "learning-rate schedule family");
        t.add("TRAIN.LR_SCHEDULER.ARGS.sched", STRING, null, supported("cosine"), "timm schedule");
        t.add("TRAIN.LR_SCHEDULER.ARGS.warmup_epochs", INT, null, atLeast(0), "epochs of linear warmup");
        t.add("TRAIN.LR_SCHEDULER.ARGS.warmup_lr", FLOAT, null, nonNegative(), "learning rate at epoch 0");
        t.add("TRAIN.LR_SCHEDULER.ARGS.min_lr", FLOAT, null, nonNegative(), "floor of the cosine");
        t.add("TRAIN.LR_SCHEDULER.ARGS.cooldown_epochs", INT, null, atLeast(0), "epochs at min_lr after the cosine");
        t.add("TRAIN.LR_SCHEDULER.ARGS.decay_rate", FLOAT, null, nonNegative(), "per-cycle decay (one cycle: none)");
        t.unused("TRAIN.LR_SCHEDULER.ARGS.epochs", INT, null, "replaced by TRAIN.END_EPOCH, as update_config does");
        t.add("TRAIN.SCALE_LR", BOOL, true, Check.NONE, "multiply LR by the number of processes (cvt4j: 1)");
        t.add("TRAIN.LR", FLOAT, 0.001, positive(), "base learning rate");
        t.add("TRAIN.OPTIMIZER", STRING, "sgd", supported("adamW"), "optimizer");
        t.add(
                "TRAIN.OPTIMIZER_ARGS",
                MAPPING,
                Map.of(),
                Check.NONE,
                "arguments of the timm optimizer, kept as written");
        t.unused("TRAIN.MOMENTUM", FLOAT, 0.9, "SGD momentum");
        t.add("TRAIN.WD", FLOAT, 0.0001, nonNegative(), "weight decay of the decaying parameters");
        t.add(
                "TRAIN.WITHOUT_WD_LIST",
                STRING_LIST,
                List.of(),
                each(oneOf("dw", "bn", "gn", "ln", "bias")),
                "parameters without weight decay");
        t.unused("TRAIN.NESTEROV", BOOL, true, "SGD Nesterov momentum");
        t.unused("TRAIN.GAMMA1", FLOAT, 0.99, "Adam beta1 of the official sgd/adam paths");
        t.unused("TRAIN.GAMMA2", FLOAT, 0.0, "Adam beta2 of the official sgd/adam paths");
        t.add("TRAIN.BEGIN_EPOCH", INT, 0, atLeast(0), "first epoch (a resumed checkpoint overrides it)");
        t.add("TRAIN.END_EPOCH", INT, 100, atLeast(1), "epochs BEGIN_EPOCH..END_EPOCH-1 are trained");
        t.add(
                "TRAIN.IMAGE_SIZE",
                INT_LIST,
                List.of(224, 224),
                size(2).and(each(atLeast(1))),
                "training crop [width, height]");
        t.add("TRAIN.BATCH_SIZE_PER_GPU", INT, 32, atLeast(1), "images per optimisation step");
        t.add("TRAIN.SHUFFLE", BOOL, true, Check.NONE, "shuffle (the official loader always does)");
        t.unused("TRAIN.EVAL_BEGIN_EPOCH", INT, 0, "first validated epoch");
        t.unused("TRAIN.DETECT_ANOMALY", BOOL, false, "autograd anomaly detection");
        t.add("TRAIN.CLIP_GRAD_NORM", FLOAT, 0.0, nonNegative(), "maximum total gradient 2-norm, 0 = off");
        t.unused("TRAIN.SAVE_ALL_MODELS", BOOL, false, "keep every epoch's model");

        t.unused("TEST.BATCH_SIZE_PER_GPU", INT, 32, "evaluation batch (cvt4j takes --batch-size)");
        t.add("TEST.CENTER_CROP", BOOL, true, Check.NONE, "resize the shorter side to size / 0.875 and crop");
        t.add(
                "TEST.IMAGE_SIZE",
                INT_LIST,
                List.of(224, 224),
                size(2).and(each(atLeast(1))),
                "evaluation input [width, height]");
        t.add("TEST.INTERPOLATION", INT, 2, pilFilter(), "evaluation resize filter: 2 bilinear, 3 bicubic");
        t.unused("TEST.MODEL_FILE", STRING, "", "weights to evaluate (cvt4j takes --weights)");
        t.unused("TEST.REAL_LABELS", BOOL, false, "ReaL labels (cvt4j: cvt eval --real-labels)");
        t.unused("TEST.VALID_LABELS", STRING, "", "valid label subset");

        t.unused("FINETUNE.FINETUNE", BOOL, false, "official fine-tuning mode (cvt4j: cvt train --finetune)");
        t.unused("FINETUNE.USE_TRAIN_AUG", BOOL, false, "training augmentation when fine-tuning");
        t.unused("FINETUNE.BASE_LR", FLOAT, 0.003, "fine-tuning learning rate");
        t.unused("FINETUNE.BATCH_SIZE", INT, 512, "fine-tuning batch size");
        t.unused("FINETUNE.EVAL_EVERY", INT, 3000, "fine-tuning validation interval");
        t.unused("FINETUNE.TRAIN_MODE", BOOL, true, "fine-tune in training mode");
        t.unused("FINETUNE.FROZEN_LAYERS", STRING_LIST, List.of(), "frozen layers");
        t.unused("FINETUNE.LR_SCHEDULER.DECAY_TYPE", STRING, "step", "fine-tuning schedule");
        t.unused("DEBUG.DEBUG", BOOL, false, "debug mode");

        t.add(
                "CVT4J.GRAD_ACCUM_STEPS",
                INT,
                1,
                atLeast(1),
                "cvt4j extension: micro-batches summed per optimiser step (1 = official)");
        t.add(
                "CVT4J.CHECKPOINT_FREQ",
                INT,
                1,
                atLeast(1),
                "cvt4j extension: save a checkpoint every this many epochs (1 = official)");
        t.add(
                "CVT4J.CHECKPOINT_STEPS",
                INT,
                0,
                atLeast(0),
                "cvt4j extension: also save every this many optimiser steps, 0 = epoch ends only");
        KEYS = Collections.unmodifiableMap(t.keys);
        Set<String> sections = new HashSet<>();
        for (String key : KEYS.keySet()) {
            for (int dot = key.indexOf('.'); dot > 0; dot = key.indexOf('.', dot + 1)) {
                sections.add(key.substring(0, dot));
            }
        }
        SECTIONS = Set.copyOf(sections);
    }

    private ConfigTable() {}

    /** @return every key, in the order of the official {@code default.py}, then the cvt4j extensions */
    public static List<ConfigKey> keys() {
        return List.copyOf(KEYS.values());
    }

    /**
     * @param key a dotted key
     * @return its row, or null when the table has no such key
     */
    public static ConfigKey get(String key) {
        return KEYS.get(key);
    }

    /**
     * @param key a dotted key
     * @return its row
     * @throws ConfigException naming the key when the table has no such key
     */
    public static ConfigKey require(String key) {
        ConfigKey k = KEYS.get(key);
        if (k == null) {
            throw new ConfigException(key + ": unknown field");
        }
        return k;
    }

    /**
     * @param name a dotted name
     * @return whether it names a section (a mapping of keys), e.g. {@code TRAIN.LR_SCHEDULER}
     */
    public static boolean isSection(String name) {
        return SECTIONS.contains(name);
    }

    /**
     * @param section a section name, {@code ""} for the top level
     * @return whether keys the table does not list are accepted there and ignored
     */
    public static boolean lenient(String section) {
        return LENIENT.contains(section);
    }

    private static Check parses(String text, Function<String, ?> parser) {
        return Check.of(text, (v, k) -> {
            try {
                parser.apply((String) v);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(k + ": " + e.getMessage(), e);
            }
        });
    }

    /** Collects the rows in order. */
    private static final class Table {
        final Map<String, ConfigKey> keys = new LinkedHashMap<>();

        void add(String key, ConfigType type, Object defaultValue, Check check, String description) {
            keys.put(key, new ConfigKey(key, type, defaultValue, check, true, description));
        }

        void unused(String key, ConfigType type, Object defaultValue, String description) {
            unused(key, type, defaultValue, Check.NONE, description);
        }

        void unused(String key, ConfigType type, Object defaultValue, Check check, String description) {
            keys.put(key, new ConfigKey(key, type, defaultValue, check, false, description));
        }
    }
}
