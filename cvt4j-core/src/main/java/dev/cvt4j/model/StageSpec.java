package dev.cvt4j.model;

/**
 * The configuration of one stage: the i-th entry of every list in the official {@code MODEL.SPEC}
 * (paper table 2; official {@code ConvolutionalVisionTransformer.__init__}).
 *
 * @param patchSize {@code PATCH_SIZE}: kernel of the convolutional token embedding, pixels/tokens
 * @param patchStride {@code PATCH_STRIDE}: stride of the token embedding
 * @param patchPadding {@code PATCH_PADDING}: zero padding of the token embedding
 * @param dimEmbed {@code DIM_EMBED}: token width C of the stage
 * @param numHeads {@code NUM_HEADS}: attention heads; must divide {@code dimEmbed}
 * @param depth {@code DEPTH}: number of transformer blocks
 * @param mlpRatio {@code MLP_RATIO}: MLP hidden width is {@code (int) (dimEmbed * mlpRatio)}
 * @param qkvBias {@code QKV_BIAS}: whether proj_q/proj_k/proj_v have a bias
 * @param clsToken {@code CLS_TOKEN}: whether the stage prepends a learnable class token
 * @param qkvProjMethod {@code QKV_PROJ_METHOD}: how q/k/v are projected from the token map
 * @param kernelQkv {@code KERNEL_QKV}: kernel of the conv projection
 * @param paddingQ {@code PADDING_Q}
 * @param paddingKv {@code PADDING_KV}
 * @param strideQ {@code STRIDE_Q}: 1 in every official model
 * @param strideKv {@code STRIDE_KV}: 2 in every official model (squeezed keys and values)
 * @param dropRate {@code DROP_RATE}: dropout after the token embedding, in the MLP and after the
 *     attention output projection
 * @param attnDropRate {@code ATTN_DROP_RATE}: dropout on the attention probabilities
 * @param dropPathRate {@code DROP_PATH_RATE}: stochastic depth of the stage's last block; block j of
 *     {@code depth} gets {@code dropPathRate * j / (depth - 1)} (the official linear rule)
 */
public record StageSpec(
        int patchSize,
        int patchStride,
        int patchPadding,
        int dimEmbed,
        int numHeads,
        int depth,
        double mlpRatio,
        boolean qkvBias,
        boolean clsToken,
        ProjectionMethod qkvProjMethod,
        int kernelQkv,
        int paddingQ,
        int paddingKv,
        int strideQ,
        int strideKv,
        double dropRate,
        double attnDropRate,
        double dropPathRate) {

    /** Hidden width of the MLP, {@code int(dim_out * mlp_ratio)} as in the official Block. */
    public int mlpHidden() {
        return (int) (dimEmbed * mlpRatio);
    }

    /**
     * Drop-path rate of block {@code j}: {@code torch.linspace(0, DROP_PATH_RATE, DEPTH)[j]}.
     *
     * @param j block index in {@code [0, depth)}
     * @return the stochastic-depth probability of that block
     */
    public double blockDropPath(int j) {
        return depth <= 1 ? 0.0 : dropPathRate * j / (depth - 1);
    }

    /** A copy with another {@code DROP_PATH_RATE}. */
    public StageSpec withDropPathRate(double rate) {
        return new StageSpec(patchSize, patchStride, patchPadding, dimEmbed, numHeads, depth, mlpRatio, qkvBias,
                clsToken, qkvProjMethod, kernelQkv, paddingQ, paddingKv, strideQ, strideKv, dropRate, attnDropRate,
                rate);
    }
}
