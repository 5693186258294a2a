package dev.cvt4j.config;

/**
 * The configuration of one stage: the i-th entry of every list in the official {@code MODEL.SPEC}
 * (paper table 2; official {@code ConvolutionalVisionTransformer.__init__}).
 *
 * <p>Built by name, as timm's {@code mvitv2} config dataclass: {@link #builder()} starts from
 * {@link #OFFICIAL}, the stage every official model shares, and a model states only how its stages
 * differ (e.g. {@code StageSpec.builder().dimEmbed(192).numHeads(3).depth(2).build()}).
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

    /**
     * The stage the official CvT models share (microsoft/CvT {@code experiments/imagenet/cvt/*.yaml}):
     * a 3x3 stride-2 token embedding with padding 1, MLP ratio 4, QKV bias, {@code dw_bn} projections
     * with kernel 3, padding 1, stride 1 for queries and 2 for keys and values, no class token, no
     * dropout; width 64, 1 head, depth 1 (CvT-13's first stage, less its 7x7 stride-4 embedding).
     */
    public static final StageSpec OFFICIAL =
            new StageSpec(3, 2, 1, 64, 1, 1, 4.0, true, false, ProjectionMethod.DW_BN, 3, 1, 1, 1, 2, 0.0, 0.0, 0.0);

    /** @return a builder starting from {@link #OFFICIAL} */
    public static Builder builder() {
        return new Builder(OFFICIAL);
    }

    /** @return a builder starting from this stage */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** A copy with another {@code DROP_PATH_RATE}. */
    public StageSpec withDropPathRate(double rate) {
        return toBuilder().dropPathRate(rate).build();
    }

    /** Sets a stage's fields by their official names; each setter returns the builder. */
    public static final class Builder {
        private int patchSize;
        private int patchStride;
        private int patchPadding;
        private int dimEmbed;
        private int numHeads;
        private int depth;
        private double mlpRatio;
        private boolean qkvBias;
        private boolean clsToken;
        private ProjectionMethod qkvProjMethod;
        private int kernelQkv;
        private int paddingQ;
        private int paddingKv;
        private int strideQ;
        private int strideKv;
        private double dropRate;
        private double attnDropRate;
        private double dropPathRate;

        private Builder(StageSpec s) {
            patchSize = s.patchSize;
            patchStride = s.patchStride;
            patchPadding = s.patchPadding;
            dimEmbed = s.dimEmbed;
            numHeads = s.numHeads;
            depth = s.depth;
            mlpRatio = s.mlpRatio;
            qkvBias = s.qkvBias;
            clsToken = s.clsToken;
            qkvProjMethod = s.qkvProjMethod;
            kernelQkv = s.kernelQkv;
            paddingQ = s.paddingQ;
            paddingKv = s.paddingKv;
            strideQ = s.strideQ;
            strideKv = s.strideKv;
            dropRate = s.dropRate;
            attnDropRate = s.attnDropRate;
            dropPathRate = s.dropPathRate;
        }

        /** {@code PATCH_SIZE}, {@code PATCH_STRIDE} and {@code PATCH_PADDING} of the token embedding. */
        public Builder patch(int size, int stride, int padding) {
            patchSize = size;
            patchStride = stride;
            patchPadding = padding;
            return this;
        }

        /** {@code DIM_EMBED}. */
        public Builder dimEmbed(int value) {
            dimEmbed = value;
            return this;
        }

        /** {@code NUM_HEADS}. */
        public Builder numHeads(int value) {
            numHeads = value;
            return this;
        }

        /** {@code DEPTH}. */
        public Builder depth(int value) {
            depth = value;
            return this;
        }

        /** {@code MLP_RATIO}. */
        public Builder mlpRatio(double value) {
            mlpRatio = value;
            return this;
        }

        /** {@code QKV_BIAS}. */
        public Builder qkvBias(boolean value) {
            qkvBias = value;
            return this;
        }

        /** {@code CLS_TOKEN}. */
        public Builder clsToken(boolean value) {
            clsToken = value;
            return this;
        }

        /** {@code QKV_PROJ_METHOD}. */
        public Builder qkvProjMethod(ProjectionMethod value) {
            qkvProjMethod = value;
            return this;
        }

        /** {@code KERNEL_QKV}. */
        public Builder kernelQkv(int value) {
            kernelQkv = value;
            return this;
        }

        /** {@code PADDING_Q} and {@code STRIDE_Q}. */
        public Builder query(int padding, int stride) {
            paddingQ = padding;
            strideQ = stride;
            return this;
        }

        /** {@code PADDING_KV} and {@code STRIDE_KV}. */
        public Builder keyValue(int padding, int stride) {
            paddingKv = padding;
            strideKv = stride;
            return this;
        }

        /** {@code DROP_RATE}. */
        public Builder dropRate(double value) {
            dropRate = value;
            return this;
        }

        /** {@code ATTN_DROP_RATE}. */
        public Builder attnDropRate(double value) {
            attnDropRate = value;
            return this;
        }

        /** {@code DROP_PATH_RATE}. */
        public Builder dropPathRate(double value) {
            dropPathRate = value;
            return this;
        }

        /** @return the stage */
        public StageSpec build() {
            return new StageSpec(
                    patchSize,
                    patchStride,
                    patchPadding,
                    dimEmbed,
                    numHeads,
                    depth,
                    mlpRatio,
                    qkvBias,
                    clsToken,
                    qkvProjMethod,
                    kernelQkv,
                    paddingQ,
                    paddingKv,
                    strideQ,
                    strideKv,
                    dropRate,
                    attnDropRate,
                    dropPathRate);
        }
    }
}
