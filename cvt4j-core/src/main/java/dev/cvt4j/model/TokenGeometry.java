package dev.cvt4j.model;

import dev.cvt4j.config.CvtConfig;
import dev.cvt4j.config.ProjectionMethod;
import dev.cvt4j.config.StageSpec;

/**
 * Where the tokens of a map sit in the input image, along one axis (kernels, strides and paddings
 * are square, so both axes share it): the receptive-field centre of token {@code i} is at pixel
 * {@code offset + stride * i}, in pixel-index coordinates (the centre of pixel {@code x} is at
 * {@code x}). A convolution or pooling window with kernel k, stride s and padding p centres output
 * {@code o} on input position {@code s * o - p + (k - 1) / 2}; the chain of such windows from the
 * image gives the offset and the overall stride.
 *
 * @param offset pixel position of token 0's centre
 * @param stride pixels between neighbouring tokens
 */
public record TokenGeometry(double offset, int stride) {
    /** The pixels themselves. */
    public static final TokenGeometry PIXELS = new TokenGeometry(0, 1);

    /**
     * The key/value tokens of a stage's attention: the token embeddings of stages {@code 0..stage},
     * then the stage's key/value projection ({@code STRIDE_KV}); the linear method does not move them.
     *
     * @param config the model
     * @param stage the stage index
     * @return the geometry of the key/value map of {@link AttentionMap#keyGrid()}
     * @throws IndexOutOfBoundsException when the stage does not exist
     */
    public static TokenGeometry keyValues(CvtConfig config, int stage) {
        TokenGeometry g = PIXELS;
        for (int i = 0; i <= stage; i++) {
            StageSpec s = config.stage(i);
            g = g.then(s.patchSize(), s.patchStride(), s.patchPadding());
        }
        StageSpec s = config.stage(stage);
        return s.qkvProjMethod() == ProjectionMethod.LINEAR ? g : g.then(s.kernelQkv(), s.strideKv(), s.paddingKv());
    }

    /**
     * @param kernel window size
     * @param windowStride window step
     * @param padding zero padding before the first window
     * @return the geometry of the map a window of that shape produces from this one
     */
    public TokenGeometry then(int kernel, int windowStride, int padding) {
        return new TokenGeometry(offset + stride * ((kernel - 1) / 2.0 - padding), stride * windowStride);
    }

    /**
     * @param pixel a pixel index along the axis
     * @return its position in token units ({@code 0} at token 0's centre, fractional in between)
     */
    public double tokenAt(double pixel) {
        return (pixel - offset) / stride;
    }
}
