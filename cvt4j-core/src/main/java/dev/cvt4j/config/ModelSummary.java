package dev.cvt4j.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Size and cost of a CvT at an input resolution, computed from the config alone (no weights are
 * allocated): per stage the token grid, width, heads, depth, parameters and multiply-accumulates.
 *
 * <p>Parameters are counted as PyTorch's {@code sum(p.numel() for p in model.parameters())} (BatchNorm
 * running statistics excluded). MACs follow the paper's convention (its table 2 and
 * ../shared/perf): convolutions and linear layers (weights only, biases not counted) plus the two
 * attention matrix products {@code Tq x Tkv x C} each; norms, softmax and activations not counted.
 * The classifier's LayerNorm and head are reported in {@link #headParams()} and {@link #headMacs()}.
 *
 * @param config the model
 * @param height input height, pixels
 * @param width input width, pixels
 * @param stages one row per stage
 * @param headParams parameters of the final norm and head
 * @param headMacs MACs of the head
 */
public record ModelSummary(
        CvtConfig config, int height, int width, List<Stage> stages, long headParams, long headMacs) {

    /**
     * One stage's figures.
     *
     * @param index stage index
     * @param gridHeight token map height after the stage's embedding
     * @param gridWidth token map width
     * @param clsToken whether a class token is added (one more token)
     * @param dim width C
     * @param heads attention heads
     * @param depth blocks
     * @param params trainable parameters
     * @param macs multiply-accumulates per image
     */
    public record Stage(
            int index,
            int gridHeight,
            int gridWidth,
            boolean clsToken,
            int dim,
            int heads,
            int depth,
            long params,
            long macs) {
        /** Tokens entering the blocks: {@code H * W} plus the class token. */
        public int tokens() {
            return gridHeight * gridWidth + (clsToken ? 1 : 0);
        }
    }

    /**
     * @param config the model
     * @param height input height, pixels
     * @param width input width, pixels
     * @return the summary
     * @throws ConfigException when a stage's embedding leaves no tokens at this resolution
     */
    public static ModelSummary of(CvtConfig config, int height, int width) {
        List<Stage> rows = new ArrayList<>();
        int h = height;
        int w = width;
        long cin = 3;
        for (int i = 0; i < config.numStages(); i++) {
            StageSpec s = config.stage(i);
            h = GridSize.clamp(GridSize.convOut(h, s.patchSize(), s.patchStride(), s.patchPadding()));
            w = GridSize.clamp(GridSize.convOut(w, s.patchSize(), s.patchStride(), s.patchPadding()));
            if (h < 1 || w < 1) {
                throw new ConfigException("input " + width + "x" + height + " leaves no tokens after stage " + i);
            }
            long c = s.dimEmbed();
            long k2 = (long) s.patchSize() * s.patchSize();
            long params = c * cin * k2 + c + 2 * c + (s.clsToken() ? c : 0);
            long macs = c * cin * k2 * h * w;
            BlockCost block = blockCost(s, h, w);
            params += s.depth() * block.params;
            macs += s.depth() * block.macs;
            rows.add(new Stage(i, h, w, s.clsToken(), s.dimEmbed(), s.numHeads(), s.depth(), params, macs));
            cin = c;
        }
        long classes = config.numClasses();
        return new ModelSummary(config, height, width, rows, 2 * cin + cin * classes + classes, cin * classes);
    }

    private record BlockCost(long params, long macs) {}

    private static BlockCost blockCost(StageSpec s, int h, int w) {
        long c = s.dimEmbed();
        long cls = s.clsToken() ? 1 : 0;
        long t = (long) h * w + cls;
        ProjectionMethod qMethod = s.qkvProjMethod().forQueries();
        long tq = projectedTokens(qMethod, s, h, w, s.paddingQ(), s.strideQ()) + cls;
        long tkv = projectedTokens(s.qkvProjMethod(), s, h, w, s.paddingKv(), s.strideKv()) + cls;
        long k2 = (long) s.kernelQkv() * s.kernelQkv();
        long params = 2 * c + 2 * c; // norm1, norm2
        long macs = 0;
        if (qMethod == ProjectionMethod.DW_BN) {
            params += c * k2 + 2 * c;
            macs += c * k2 * (tq - cls);
        }
        if (s.qkvProjMethod() == ProjectionMethod.DW_BN) {
            params += 2 * (c * k2 + 2 * c);
            macs += 2 * c * k2 * (tkv - cls);
        }
        long qkvBias = s.qkvBias() ? c : 0;
        params += 3 * (c * c + qkvBias) + c * c + c;
        macs += c * c * (tq + 2 * tkv + t);
        macs += 2 * tq * tkv * c;
        long hidden = s.mlpHidden();
        params += c * hidden + hidden + hidden * c + c;
        macs += 2 * c * hidden * t;
        return new BlockCost(params, macs);
    }

    private static long projectedTokens(ProjectionMethod method, StageSpec s, int h, int w, int padding, int stride) {
        return new GridSize(h, w)
                .projected(method, s.kernelQkv(), stride, padding)
                .tokens();
    }

    /** Total trainable parameters. */
    public long params() {
        return stages.stream().mapToLong(Stage::params).sum() + headParams;
    }

    /** Total multiply-accumulates per image. */
    public long macs() {
        return stages.stream().mapToLong(Stage::macs).sum() + headMacs;
    }
}
