package dev.cvt4j.config;

import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * Checks, from the config alone, that a CvT can run at an input size before anything is allocated:
 * every stage's convolutional token embedding and q/k/v projection must leave at least one token
 * (a kernel larger than its input, or a negative effective size, is refused with the stage and
 * field), and the memory the model needs must fit in the machine.
 *
 * <p>The memory figure is a lower bound, computed in double precision so that absurd values (a
 * padding of 2^30, a width of 2^31) cannot overflow: the float32 parameters, plus, for the largest
 * stage, one block's attention scores ({@code B * heads * Tq * Tkv}) and MLP hidden activations
 * ({@code B * T * C * MLP_RATIO}), four bytes each. What libtorch needs on top (other activations,
 * its workspace) is not counted, so a refused config certainly could not run; one accepted may
 * still run out of memory at a large batch, which the CLI reports in one line.
 */
public final class ModelFootprint {
    private static final double FLOAT_BYTES = 4;

    private ModelFootprint() {}

    /**
     * Checks that {@code config} leaves tokens in every stage at {@code height x width} and fits in
     * the machine's physical memory with a batch of {@code batch} images.
     *
     * @param config the model
     * @param height input height, pixels, positive
     * @param width input width, pixels, positive
     * @param batch images per forward pass, positive
     * @throws ConfigException naming the stage and field when a stage leaves no tokens, or giving
     *     the bytes needed and available when the model does not fit
     */
    public static void check(CvtConfig config, int height, int width, long batch) {
        double need = minimumBytes(config, height, width, batch);
        long have = physicalMemory();
        if (need > have) {
            throw new ConfigException(String.format(
                    Locale.ROOT,
                    "at %dx%d with a batch of %d the model needs at least %s"
                            + " (weights, attention scores, MLP activations), more than this machine's %s",
                    width,
                    height,
                    batch,
                    gigabytes(need),
                    gigabytes(have)));
        }
    }

    /**
     * The lower bound of the class comment, in bytes.
     *
     * @throws ConfigException when a stage leaves no tokens at this size
     */
    static double minimumBytes(CvtConfig config, int height, int width, long batch) {
        long h = height;
        long w = width;
        double channels = 3;
        double params = 0;
        double peak = 0;
        for (int i = 0; i < config.numStages(); i++) {
            StageSpec s = config.stage(i);
            h = GridSize.convOut(h, s.patchSize(), s.patchStride(), s.patchPadding());
            w = GridSize.convOut(w, s.patchSize(), s.patchStride(), s.patchPadding());
            if (h < 1 || w < 1) {
                throw new ConfigException("input " + width + "x" + height + " leaves no tokens after stage " + i
                        + "'s embedding (PATCH_SIZE " + s.patchSize() + ", PATCH_STRIDE " + s.patchStride()
                        + ", PATCH_PADDING " + s.patchPadding() + ")");
            }
            double cls = s.clsToken() ? 1 : 0;
            double c = s.dimEmbed();
            ProjectionMethod qMethod =
                    s.qkvProjMethod() == ProjectionMethod.AVG ? ProjectionMethod.LINEAR : s.qkvProjMethod();
            double tq = projectedTokens(qMethod, s, h, w, s.strideQ(), s.paddingQ(), "Q", i) + cls;
            double tkv = projectedTokens(s.qkvProjMethod(), s, h, w, s.strideKv(), s.paddingKv(), "KV", i) + cls;
            double tokens = (double) h * w + cls;
            params += c * channels * s.patchSize() * s.patchSize() + s.depth() * (4 * c * c + c * s.mlpHidden() * 2);
            peak = Math.max(peak, batch * (s.numHeads() * tq * tkv + tokens * c * s.mlpRatio()));
            channels = c;
        }
        params += channels * config.numClasses();
        return FLOAT_BYTES * (params + peak);
    }

    /** Tokens after the q or kv projection ({@code which} is {@code Q} or {@code KV}, for the message). */
    private static double projectedTokens(
            ProjectionMethod method, StageSpec s, long h, long w, int stride, int padding, String which, int stage) {
        long ph = h;
        long pw = w;
        if (method == ProjectionMethod.DW_BN) {
            ph = GridSize.convOut(h, s.kernelQkv(), stride, padding);
            pw = GridSize.convOut(w, s.kernelQkv(), stride, padding);
        } else if (method == ProjectionMethod.AVG) {
            ph = GridSize.poolOutCeil(h, s.kernelQkv(), stride, padding);
            pw = GridSize.poolOutCeil(w, s.kernelQkv(), stride, padding);
        }
        if (ph < 1 || pw < 1) {
            throw new ConfigException("stage " + stage + "'s " + which.toLowerCase(Locale.ROOT)
                    + " projection (KERNEL_QKV " + s.kernelQkv() + ", STRIDE_" + which + " " + stride + ", PADDING_"
                    + which
                    + " " + padding + ") leaves no tokens of its " + w + "x" + h + " token map");
        }
        return (double) ph * pw;
    }

    private static long physicalMemory() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return Runtime.getRuntime().maxMemory();
    }

    /** {@code 25.28 GB}, {@code 1688.9 TB}, or {@code 8.31e+34 bytes} beyond a million terabytes. */
    private static String gigabytes(double bytes) {
        if (bytes >= 1e18) {
            return String.format(Locale.ROOT, "%.2e bytes", bytes);
        }
        return bytes >= 1e12
                ? String.format(Locale.ROOT, "%.1f TB", bytes / 1e12)
                : String.format(Locale.ROOT, "%.2f GB", bytes / 1e9);
    }
}
