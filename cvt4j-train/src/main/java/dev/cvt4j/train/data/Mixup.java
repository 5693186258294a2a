package dev.cvt4j.train.data;

import dev.cvt4j.config.ConfigException;
import dev.cvt4j.train.config.AugSpec;
import dev.cvt4j.train.config.TrainConfig;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * timm 0.3.2's {@code Mixup} in {@code mode='batch'} with {@code correct_lam=True}, as the
 * official {@code train_one_epoch} builds it from {@code AUG.MIXUP} (mixup alpha), {@code
 * AUG.MIXCUT} (cutmix alpha), {@code AUG.MIXCUT_MINMAX}, {@code AUG.MIXUP_PROB}, {@code
 * AUG.MIXUP_SWITCH_PROB} and {@code LOSS.LABEL_SMOOTHING}. One draw per batch:
 *
 * <ol>
 *   <li>with probability {@code prob} mix at all, else {@code lambda = 1};
 *   <li>when both alphas are positive, CutMix with probability {@code switchProb}, else Mixup;
 *       {@code lambda ~ Beta(alpha, alpha)} of the chosen method ({@link Distributions});
 *   <li>Mixup: {@code x = lambda x + (1 - lambda) x.flip(0)} (sample {@code i} with sample {@code
 *       B-1-i}), in float32;
 *   <li>CutMix ({@code rand_bbox}): {@code cut = sqrt(1 - lambda)}, box {@code int(H cut) x int(W
 *       cut)} centred at a uniform pixel and clipped to the image, filled from the flipped batch;
 *       lambda becomes the exact kept fraction {@code 1 - box area / (H W)}. With {@code
 *       cutmixMinMax} the box sides are instead uniform integers in {@code [int(H min), int(H
 *       max))}, placed uniformly inside ({@code rand_bbox_minmax});
 *   <li>targets ({@code mixup_target}): label-smoothed one-hot rows, {@code off = s / C}, {@code on
 *       = 1 - s + off}, mixed as {@code y lambda + y.flip(0) (1 - lambda)}, in float32.
 * </ol>
 *
 * @param mixupAlpha Beta parameter of Mixup, 0 to disable Mixup
 * @param cutmixAlpha Beta parameter of CutMix, 0 to disable CutMix (forced to 1 with {@code
 *     cutmixMinMax}, as in timm)
 * @param cutmixMinMax box side range as fractions of the image, or empty for {@code rand_bbox}
 * @param prob probability of mixing a batch at all
 * @param switchProb probability of CutMix when both are enabled
 * @param labelSmoothing {@code s}, 0 for plain one-hot
 * @param numClasses {@code C}
 */
public record Mixup(
        double mixupAlpha,
        double cutmixAlpha,
        Optional<Range> cutmixMinMax,
        double prob,
        double switchProb,
        double labelSmoothing,
        int numClasses) {

    /**
     * @throws IllegalArgumentException if no method is enabled, a probability or the smoothing is
     *     outside [0, 1], an alpha is negative, the min-max range is outside (0, 1], or there is
     *     no class
     */
    public Mixup {
        if (cutmixMinMax.isPresent()) {
            cutmixAlpha = 1.0;
            Range r = cutmixMinMax.get();
            if (!(r.min() > 0 && r.max() <= 1)) {
                throw new IllegalArgumentException("cutmix min-max must lie in (0, 1], got " + r);
            }
        }
        if (!(mixupAlpha >= 0 && cutmixAlpha >= 0) || mixupAlpha == 0 && cutmixAlpha == 0) {
            throw new IllegalArgumentException("Mixup needs mixup alpha > 0, cutmix alpha > 0 or a cutmix min-max,"
                    + " got " + mixupAlpha + " and " + cutmixAlpha);
        }
        if (!(prob >= 0 && prob <= 1)
                || !(switchProb >= 0 && switchProb <= 1)
                || !(labelSmoothing >= 0 && labelSmoothing <= 1)
                || numClasses < 1) {
            throw new IllegalArgumentException("invalid Mixup: prob " + prob + ", switch prob " + switchProb
                    + ", label smoothing " + labelSmoothing + ", classes " + numClasses);
        }
    }

    /**
     * The official recipe's values ({@code cvt-13-224x224.yaml}: MIXUP 0.8, MIXCUT 1.0, MIXUP_PROB
     * 1.0, default switch prob 0.5, LABEL_SMOOTHING 0.1).
     *
     * @param numClasses C
     * @return the Mixup
     */
    public static Mixup official(int numClasses) {
        return new Mixup(0.8, 1.0, Optional.empty(), 1.0, 0.5, 0.1, numClasses);
    }

    /**
     * The batch mixing of the official {@code train_one_epoch}, from {@code AUG.MIXUP},
     * {@code AUG.MIXCUT}, {@code AUG.MIXCUT_MINMAX}, {@code AUG.MIXUP_PROB}, {@code AUG.MIXUP_SWITCH_PROB}
     * and {@code LOSS.LABEL_SMOOTHING}.
     *
     * @param recipe the experiment's training recipe
     * @param numClasses {@code MODEL.NUM_CLASSES}
     * @return the Mixup, or empty when {@code MIXUP_PROB} is 0
     * @throws ConfigException naming the field if mixing is on but neither Mixup nor CutMix is enabled,
     *     or {@code AUG.MIXUP_MODE} is not {@code batch} (the only mode implemented)
     */
    public static Optional<Mixup> of(TrainConfig recipe, int numClasses) {
        AugSpec aug = recipe.aug();
        if (!aug.mixesBatches()) {
            return Optional.empty();
        }
        if (!aug.mixupMode().equals("batch")) {
            throw new ConfigException("AUG.MIXUP_MODE: only 'batch' is supported, got '" + aug.mixupMode() + "'");
        }
        List<Double> minMax = aug.mixcutMinmax();
        try {
            return Optional.of(new Mixup(
                    aug.mixup(),
                    aug.mixcut(),
                    minMax.isEmpty() ? Optional.empty() : Optional.of(new Range(minMax.get(0), minMax.get(1))),
                    aug.mixupProb(),
                    aug.mixupSwitchProb(),
                    recipe.loss().labelSmoothing(),
                    numClasses));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("AUG.MIXUP_PROB: " + e.getMessage(), e);
        }
    }

    /**
     * What one call did.
     *
     * @param targets {@code (B, C)} soft targets, row-major
     * @param lambda the weight of each sample's own image and label (1 when not mixed)
     * @param cutmix whether CutMix (rather than Mixup) was applied
     */
    public record Mixed(float[] targets, double lambda, boolean cutmix) {}

    /**
     * Mixes a batch in place and returns its soft targets.
     *
     * @param images {@code (B, C', H, W)} float32 values, modified in place
     * @param labels {@code (B)} class indices in {@code [0, numClasses)}
     * @param height H
     * @param width W
     * @param rng the batch's random stream (e.g. {@code Seeds.random(seed, Seeds.MIX, epoch, batch)},
     *     or {@code new SplittableRandom(batch.mixSeed())})
     * @return the targets and the draw
     * @throws IllegalArgumentException if B is odd (timm asserts an even batch), the image array
     *     does not match {@code (B, C', H, W)}, or a label is out of range
     */
    public Mixed apply(float[] images, int[] labels, int height, int width, RandomGenerator rng) {
        int b = labels.length;
        if (b % 2 != 0) {
            throw new IllegalArgumentException(
                    "Mixup needs an even batch size, got " + b + " (drop the last batch or use an even batch size)");
        }
        long plane = (long) height * width;
        if (plane <= 0 || b == 0 || images.length % (b * plane) != 0) {
            throw new IllegalArgumentException(
                    images.length + " values are not a batch of " + b + " images of " + height + " x " + width);
        }
        int channels = (int) (images.length / (b * plane));
        double lambda = 1.0;
        boolean cutmix = false;
        if (rng.nextDouble() < prob) {
            if (mixupAlpha > 0 && cutmixAlpha > 0) {
                cutmix = rng.nextDouble() < switchProb;
            } else {
                cutmix = mixupAlpha == 0;
            }
            lambda = Distributions.beta(rng, cutmix ? cutmixAlpha : mixupAlpha, cutmix ? cutmixAlpha : mixupAlpha);
        }
        if (lambda != 1.0) {
            if (cutmix) {
                int[] box = cutmixMinMax.isPresent() ? boxMinMax(height, width, rng) : box(height, width, lambda, rng);
                lambda = 1.0 - (double) (box[1] - box[0]) * (box[3] - box[2]) / (height * width);
                swapBoxes(images, b, channels, height, width, box);
            } else {
                blend(images, b, channels * (int) plane, lambda);
            }
        }
        return new Mixed(mixTargets(labels, numClasses, labelSmoothing, lambda), lambda, cutmix);
    }

    /**
     * Label-smoothed one-hot targets without mixing ({@code mixup_target} with lambda 1): {@code
     * on = 1 - s + s / C} at the label, {@code s / C} elsewhere, in float32.
     *
     * @param labels {@code (B)} class indices
     * @param numClasses C
     * @param smoothing s, [0, 1]
     * @return {@code (B, C)} targets
     * @throws IllegalArgumentException if a label is out of range
     */
    public static float[] smoothedOneHot(int[] labels, int numClasses, double smoothing) {
        return mixTargets(labels, numClasses, smoothing, 1.0);
    }

    /** {@code rand_bbox}: {@code {yl, yh, xl, xh}}. */
    static int[] box(int height, int width, double lambda, RandomGenerator rng) {
        double ratio = Math.sqrt(1.0 - lambda);
        int cutH = (int) (height * ratio);
        int cutW = (int) (width * ratio);
        int cy = rng.nextInt(height);
        int cx = rng.nextInt(width);
        return new int[] {
            clip(cy - cutH / 2, height),
            clip(cy + cutH / 2, height),
            clip(cx - cutW / 2, width),
            clip(cx + cutW / 2, width)
        };
    }

    /** {@code rand_bbox_minmax}: {@code {yl, yu, xl, xu}}. */
    private int[] boxMinMax(int height, int width, RandomGenerator rng) {
        Range r = cutmixMinMax.orElseThrow();
        int cutH = randint(rng, (int) (height * r.min()), (int) (height * r.max()));
        int cutW = randint(rng, (int) (width * r.min()), (int) (width * r.max()));
        int yl = randint(rng, 0, height - cutH);
        int xl = randint(rng, 0, width - cutW);
        return new int[] {yl, yl + cutH, xl, xl + cutW};
    }

    /** numpy's {@code randint(low, high)}: {@code [low, high)}; {@code low} when the range is empty. */
    private static int randint(RandomGenerator rng, int low, int high) {
        return high > low ? low + rng.nextInt(high - low) : low;
    }

    private static int clip(int v, int size) {
        return Math.max(0, Math.min(v, size));
    }

    /** {@code x[:, :, yl:yh, xl:xh] = x.flip(0)[:, :, yl:yh, xl:xh]}: pairs {@code (i, B-1-i)} swap the box. */
    private static void swapBoxes(float[] x, int b, int channels, int height, int width, int[] box) {
        int sample = channels * height * width;
        for (int i = 0; i < b / 2; i++) {
            int j = b - 1 - i;
            for (int c = 0; c < channels; c++) {
                for (int y = box[0]; y < box[1]; y++) {
                    int offset = (c * height + y) * width;
                    for (int xx = box[2]; xx < box[3]; xx++) {
                        int p = i * sample + offset + xx;
                        int q = j * sample + offset + xx;
                        float t = x[p];
                        x[p] = x[q];
                        x[q] = t;
                    }
                }
            }
        }
    }

    /** {@code x.mul_(lam).add_(x.flip(0).mul_(1 - lam))} in float32. */
    private static void blend(float[] x, int b, int sample, double lambda) {
        float lam = (float) lambda;
        float rest = (float) (1.0 - lambda);
        for (int i = 0; i < b / 2; i++) {
            int j = b - 1 - i;
            for (int k = 0; k < sample; k++) {
                float a = x[i * sample + k];
                float o = x[j * sample + k];
                x[i * sample + k] = a * lam + o * rest;
                x[j * sample + k] = o * lam + a * rest;
            }
        }
    }

    /** {@code mixup_target}: {@code one_hot(y) * lam + one_hot(y.flip(0)) * (1 - lam)} in float32. */
    private static float[] mixTargets(int[] labels, int numClasses, double smoothing, double lambda) {
        float off = (float) (smoothing / numClasses);
        float on = (float) (1.0 - smoothing + smoothing / numClasses);
        float lam = (float) lambda;
        float rest = (float) (1.0 - lambda);
        int b = labels.length;
        float[] targets = new float[b * numClasses];
        for (int i = 0; i < b; i++) {
            int own = labels[i];
            int other = labels[b - 1 - i];
            if (own < 0 || own >= numClasses) {
                throw new IllegalArgumentException("label " + own + " is outside 0.." + (numClasses - 1));
            }
            for (int c = 0; c < numClasses; c++) {
                targets[i * numClasses + c] = (c == own ? on : off) * lam + (c == other ? on : off) * rest;
            }
        }
        return targets;
    }
}
