package dev.cvt4j.train.config;

import dev.cvt4j.config.ConfigException;
import dev.cvt4j.config.ConfigValues;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code TRAIN} section of an official experiment file (defaults of {@code lib/config/default.py}),
 * as the official {@code tools/train.py}, {@code lib/optim/build.py} and {@code lib/core/function.py}
 * use it.
 *
 * @param batchSizePerGpu {@code BATCH_SIZE_PER_GPU}: images per optimisation step on one device
 * @param lr {@code LR} as written (see {@link #effectiveLr(int)})
 * @param scaleLr {@code SCALE_LR}: multiply {@code LR} by the number of training processes
 * @param optimizer {@code OPTIMIZER}; only {@code adamW} (torch.optim.AdamW) is implemented
 * @param optimizerArgs {@code OPTIMIZER_ARGS}, kept as written; the official code reads it only for the
 *     {@code timm} optimizer, which cvt4j does not implement
 * @param wd {@code WD}, the weight decay of the decaying parameter group
 * @param withoutWdList {@code WITHOUT_WD_LIST}: which parameters skip weight decay, any of {@code dw}
 *     (depthwise conv weights), {@code bn}, {@code gn}, {@code ln} (norm weights and biases), {@code bias}
 *     (names ending in {@code .bias}); see {@code dev.cvt4j.train.optim.WeightDecayGroups}
 * @param beginEpoch {@code BEGIN_EPOCH}, the first epoch (a resumed checkpoint overrides it)
 * @param endEpoch {@code END_EPOCH}: epochs {@code beginEpoch .. endEpoch - 1} are trained, and the
 *     cosine schedule spans {@code endEpoch} epochs
 * @param imageWidth {@code IMAGE_SIZE[0]} (official order [width, height]); the official training
 *     transforms crop squares of this size
 * @param imageHeight {@code IMAGE_SIZE[1]}
 * @param shuffle {@code SHUFFLE}; note that the official data loader always shuffles training data
 * @param clipGradNorm {@code CLIP_GRAD_NORM}: the maximum total gradient 2-norm; 0 disables clipping
 * @param lrScheduler {@code LR_SCHEDULER}
 */
public record TrainSpec(
        int batchSizePerGpu,
        double lr,
        boolean scaleLr,
        String optimizer,
        Map<String, Object> optimizerArgs,
        double wd,
        List<String> withoutWdList,
        int beginEpoch,
        int endEpoch,
        int imageWidth,
        int imageHeight,
        boolean shuffle,
        double clipGradNorm,
        LrSchedulerSpec lrScheduler) {

    /** The most values a batch of {@code (B, 3, H, W)} images may hold: a Java array's limit. */
    public static final long MAX_BATCH_VALUES = Integer.MAX_VALUE - 8;

    /** The entries {@code WITHOUT_WD_LIST} may hold (official {@code set_wd}). */
    public static final List<String> WITHOUT_WD_ENTRIES = List.of("dw", "bn", "gn", "ln", "bias");

    /**
     * Copies the collections; the range of each key is checked where the recipe is read
     * ({@link dev.cvt4j.config.ConfigTable}).
     *
     * @throws ConfigException when {@code END_EPOCH} is below {@code BEGIN_EPOCH}, or naming
     *     {@code TRAIN.IMAGE_SIZE} when a batch would hold more than {@link #MAX_BATCH_VALUES} values
     */
    public TrainSpec {
        optimizerArgs = Collections.unmodifiableMap(new LinkedHashMap<>(optimizerArgs));
        withoutWdList = List.copyOf(withoutWdList);
        if (endEpoch < beginEpoch) {
            throw new ConfigException("TRAIN.END_EPOCH: must be at least " + beginEpoch + ", got " + endEpoch);
        }
        if (3L * imageWidth * imageHeight * batchSizePerGpu > MAX_BATCH_VALUES) {
            throw new ConfigException("TRAIN.IMAGE_SIZE: a batch of " + batchSizePerGpu + " images of "
                    + imageWidth + "x" + imageHeight + " holds " + 3L * imageWidth * imageHeight * batchSizePerGpu
                    + " values, more than a Java array's " + MAX_BATCH_VALUES);
        }
    }

    /**
     * The learning rate the optimizer and schedule start from: the official {@code update_config}
     * multiplies {@code LR} by the world size (number of training processes) when {@code SCALE_LR} is
     * set. cvt4j trains in one process, so for it this is {@code effectiveLr(1) == lr}.
     *
     * @param worldSize number of training processes, at least 1
     * @return {@code lr * worldSize} with {@code SCALE_LR}, else {@code lr}
     * @throws IllegalArgumentException if {@code worldSize < 1}
     */
    public double effectiveLr(int worldSize) {
        if (worldSize < 1) {
            throw new IllegalArgumentException("world size must be at least 1, got " + worldSize);
        }
        return scaleLr ? lr * worldSize : lr;
    }

    /** Reads the section from an experiment's configuration values. */
    static TrainSpec from(ConfigValues v) {
        LrSchedulerSpec schedule = LrSchedulerSpec.from(v);
        List<Integer> size = v.integers("TRAIN.IMAGE_SIZE");
        return new TrainSpec(
                v.integer("TRAIN.BATCH_SIZE_PER_GPU"),
                v.number("TRAIN.LR"),
                v.bool("TRAIN.SCALE_LR"),
                v.string("TRAIN.OPTIMIZER"),
                v.mapping("TRAIN.OPTIMIZER_ARGS"),
                v.number("TRAIN.WD"),
                v.strings("TRAIN.WITHOUT_WD_LIST"),
                v.integer("TRAIN.BEGIN_EPOCH"),
                v.integer("TRAIN.END_EPOCH"),
                size.get(0),
                size.get(1),
                v.bool("TRAIN.SHUFFLE"),
                v.number("TRAIN.CLIP_GRAD_NORM"),
                schedule);
    }
}
