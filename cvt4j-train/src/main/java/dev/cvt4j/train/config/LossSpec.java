package dev.cvt4j.train.config;

import dev.cvt4j.config.ConfigValues;

/**
 * The {@code LOSS} section (official {@code lib/config/default.py}; used by {@code build_criterion} in
 * {@code lib/core/loss.py}, see {@code dev.cvt4j.train.loss.Losses}).
 *
 * @param labelSmoothing {@code LABEL_SMOOTHING} in [0, 1): smoothing of the hard-label loss, or of the
 *     Mixup/CutMix targets when those are on
 * @param loss {@code LOSS}; the official code knows only {@code softmax} (cross-entropy)
 */
public record LossSpec(double labelSmoothing, String loss) {

    /** Reads the section from an experiment's configuration values. */
    static LossSpec from(ConfigValues v) {
        return new LossSpec(v.number("LOSS.LABEL_SMOOTHING"), v.string("LOSS.LOSS"));
    }
}
