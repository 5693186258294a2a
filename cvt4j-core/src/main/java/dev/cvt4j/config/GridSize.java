package dev.cvt4j.config;

/**
 * The height and width of a stage's token map, which a transformer block needs to turn its
 * {@code (B, T, C)} tokens back into a {@code (B, C, H, W)} map (the official {@code h, w} arguments of
 * {@code Block.forward}). The blocks receive it as a forward-call parameter
 * (the network's {@code GridParam}); the token counts of a configuration are computed with it
 * ({@link ModelSummary}, {@link ModelFootprint}).
 *
 * @param height H, tokens
 * @param width W, tokens
 */
public record GridSize(int height, int width) {
    /** Number of tokens {@code H * W}. */
    public int tokens() {
        return height * width;
    }

    /**
     * The grid after a q/k/v projection of this grid (official {@code Attention._build_projection}):
     * unchanged for {@code linear}, a convolution's output size for {@code dw_bn}, PyTorch's
     * ceil-mode pooling size for {@code avg}.
     *
     * @param method the projection method
     * @param kernel {@code KERNEL_QKV}
     * @param stride {@code STRIDE_Q} or {@code STRIDE_KV}
     * @param padding {@code PADDING_Q} or {@code PADDING_KV}
     * @return the projected grid (not checked to be non-empty)
     */
    public GridSize projected(ProjectionMethod method, int kernel, int stride, int padding) {
        return switch (method) {
            case LINEAR -> this;
            case DW_BN ->
                new GridSize(
                        clamp(convOut(height, kernel, stride, padding)),
                        clamp(convOut(width, kernel, stride, padding)));
            case AVG ->
                new GridSize(
                        clamp(poolOutCeil(height, kernel, stride, padding)),
                        clamp(poolOutCeil(width, kernel, stride, padding)));
        };
    }

    /**
     * Output length of a convolution: {@code floor((n + 2p - k) / s) + 1}, in long arithmetic, so that
     * a config's huge padding cannot overflow (callers check the result against their limits).
     */
    static long convOut(long n, long k, long s, long p) {
        return Math.floorDiv(n + 2 * p - k, s) + 1;
    }

    /** Output length of PyTorch pooling in ceil mode (a last window starting in the right padding is dropped). */
    static long poolOutCeil(long n, long k, long s, long p) {
        long out = Math.floorDiv(n + 2 * p - k + s - 1, s) + 1;
        return (out - 1) * s >= n + p ? out - 1 : out;
    }

    /** {@code value} as an int, clamped to the int range (a clamped grid is refused by {@link ModelFootprint}). */
    static int clamp(long value) {
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, value));
    }
}
