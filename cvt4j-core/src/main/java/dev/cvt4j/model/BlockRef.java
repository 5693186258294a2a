package dev.cvt4j.model;

import dev.cvt4j.config.CvtConfig;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One transformer block of a CvT, written {@code stage2.9} for the official module
 * {@code stage2.blocks.9}: stage index, then block index within the stage, both from 0.
 *
 * @param stage stage index, from 0
 * @param block block index within the stage, from 0
 */
public record BlockRef(int stage, int block) {
    private static final Pattern SYNTAX = Pattern.compile("stage(\\d{1,4})\\.(\\d{1,4})");

    /**
     * @throws IllegalArgumentException when an index is negative
     */
    public BlockRef {
        if (stage < 0 || block < 0) {
            throw new IllegalArgumentException(
                    "block indices must not be negative, got stage " + stage + ", block " + block);
        }
    }

    /**
     * Parses {@code stageS.B}, e.g. {@code stage2.9}.
     *
     * @param text the reference
     * @return the block
     * @throws IllegalArgumentException when the text is not of that form
     */
    public static BlockRef parse(String text) {
        Matcher m = SYNTAX.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("expected a block as stageS.B (stage index S, block index B, e.g."
                    + " stage2.9), got '" + text + "'");
        }
        return new BlockRef(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }

    /**
     * Checks that the block exists in a model.
     *
     * @param config the model
     * @return this block
     * @throws IllegalArgumentException naming the valid range when the stage or block index is out of range
     */
    public BlockRef validate(CvtConfig config) {
        if (stage >= config.numStages()) {
            throw new IllegalArgumentException(
                    "block " + this + ": no stage " + stage + ", the model has stages 0.." + (config.numStages() - 1));
        }
        int depth = config.stage(stage).depth();
        if (block >= depth) {
            throw new IllegalArgumentException("block " + this + ": no block " + block + " in stage " + stage
                    + ", which has blocks 0.." + (depth - 1));
        }
        return this;
    }

    /** The block's attention module in a network. */
    ConvAttention attentionIn(Cvt net) {
        return net.stages().get(stage).blocks().get(block).attn();
    }

    /** @return {@code stageS.B} */
    @Override
    public String toString() {
        return "stage" + stage + "." + block;
    }
}
