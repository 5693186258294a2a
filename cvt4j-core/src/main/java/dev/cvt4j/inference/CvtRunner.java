package dev.cvt4j.inference;

import dev.cvt4j.config.CvtConfig;
import java.nio.FloatBuffer;

/**
 * A CvT with its weights, loaded on one {@link InferenceEngine}: the seam between the code that prepares
 * images and reads results ({@link CvtClassifier}, {@link dev.cvt4j.eval.Evaluator}, the {@code cvt}
 * commands) and the engine that runs the network. Inference only, in eval mode (BatchNorm running
 * statistics, no dropout or drop path). Training and attention maps run on {@link dev.cvt4j.model.CvtModel}.
 *
 * <p>Implementations are safe to call from several threads at once; {@link #close()} must not race with
 * calls in flight.
 */
public interface CvtRunner extends AutoCloseable {

    /** The architecture. */
    CvtConfig config();

    /** The engine this runner uses. */
    InferenceEngine engine();

    /**
     * Class scores.
     *
     * @param images {@code (B, 3, H, W)} normalised float32 images, row-major, from position 0 to the
     *     limit; a direct buffer is passed to the engine without a copy where the engine allows it
     * @param batch B, positive
     * @param height H in pixels
     * @param width W in pixels
     * @return logits {@code (B, NUM_CLASSES)}, row-major
     * @throws IllegalArgumentException when the buffer does not hold {@code B*3*H*W} values
     */
    float[] logits(FloatBuffer images, int batch, int height, int width);

    /**
     * Per-stage outputs and the classifier's input.
     *
     * @param images {@code (B, 3, H, W)} as for {@link #logits}
     * @param batch B
     * @param height H
     * @param width W
     * @return the stage maps, the last stage's class token and the pooled embedding
     * @throws IllegalArgumentException when the buffer does not hold {@code B*3*H*W} values
     */
    FeatureTensors features(FloatBuffer images, int batch, int height, int width);

    /**
     * The pooled embedding and the class scores from one forward pass, without copying the stage maps out
     * of the engine (cheaper than {@link #features} when only these two are wanted).
     *
     * @param images {@code (B, 3, H, W)} as for {@link #logits}
     * @param batch B
     * @param height H
     * @param width W
     * @return the embedding {@code (B, C_last)} and the logits {@code (B, NUM_CLASSES)}
     * @throws IllegalArgumentException when the buffer does not hold {@code B*3*H*W} values
     */
    EmbeddingLogits embeddingAndLogits(FloatBuffer images, int batch, int height, int width);

    /** Frees the engine's native memory. */
    @Override
    void close();

    /**
     * Checks the input size of a call.
     *
     * @param images the buffer
     * @param batch B
     * @param height H
     * @param width W
     * @return {@code {B, 3, H, W}}
     * @throws IllegalArgumentException when the sizes are not positive or the buffer holds another count
     */
    static long[] inputShape(FloatBuffer images, int batch, int height, int width) {
        if (batch < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException(
                    "batch, height and width must be positive, got " + batch + ", " + height + ", " + width);
        }
        long n = 3L * batch * height * width;
        if (images.remaining() != n) {
            throw new IllegalArgumentException("(" + batch + ", 3, " + height + ", " + width + ") needs " + n
                    + " values, the buffer holds " + images.remaining());
        }
        return new long[] {batch, 3, height, width};
    }
}
