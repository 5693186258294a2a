package dev.cvt4j.train.config;

import java.util.List;

/**
 * The {@code LOSS} section (official {@code lib/config/default.py}; used by {@code build_criterion} in
 * {@code lib/core/loss.py}, see {@code dev.cvt4j.train.loss.Losses}).
 *
 * @param labelSmoothing {@code LABEL_SMOOTHING} in [0, 1): smoothing of the hard-label loss, or of the
 *     Mixup/CutMix targets when those are on
 * @param loss {@code LOSS}; the official code knows only {@code softmax} (cross-entropy)
 */
public record LossSpec(double labelSmoothing, String loss) {

    /** @throws dev.cvt4j.model.ConfigException naming the key of an unknown loss or an out-of-range value */
    public LossSpec {
        Check.fraction(labelSmoothing, "LOSS.LABEL_SMOOTHING");
        Check.oneOf(loss, List.of("softmax"), "LOSS.LOSS");
    }

    static LossSpec from(RecipeValues v) {
        return new LossSpec(v.number("LOSS.LABEL_SMOOTHING"), v.string("LOSS.LOSS"));
    }
}
