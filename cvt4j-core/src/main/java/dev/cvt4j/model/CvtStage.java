package dev.cvt4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.TruncatedNormalInitializer;
import ai.djl.util.PairList;
import dev.cvt4j.config.CvtConfig;
import dev.cvt4j.config.GridSize;
import dev.cvt4j.config.StageSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One stage of the hierarchy (paper figure 2, official {@code VisionTransformer}): a
 * {@link ConvEmbed}, an optional learnable class token prepended to the tokens, dropout, and
 * {@code DEPTH} {@link ConvTransformerBlock}s. Returns the stage's map and, if it has one, its
 * class token, as the official stage does.
 */
public final class CvtStage extends AbstractBlock {
    private final StageSpec spec;
    private final ConvEmbed patchEmbed;
    private final Parameter clsToken;
    private final Dropout posDrop;
    private final List<ConvTransformerBlock> blocks = new ArrayList<>();

    /**
     * @param spec this stage
     * @param config the model
     */
    public CvtStage(StageSpec spec, CvtConfig config) {
        this.spec = spec;
        patchEmbed = addChildBlock("patch_embed", new ConvEmbed(spec, config.layerNormEps()));
        clsToken = spec.clsToken()
                ? addParameter(Parameter.builder()
                        .setName("cls_token")
                        .setType(Parameter.Type.WEIGHT)
                        .optShape(new Shape(1, 1, spec.dimEmbed()))
                        .optInitializer(new TruncatedNormalInitializer(0.02f))
                        .build())
                : null;
        posDrop = addChildBlock("pos_drop", Layers.dropout(spec.dropRate()));
        for (int j = 0; j < spec.depth(); j++) {
            blocks.add(addChildBlock("blocks." + j, new ConvTransformerBlock(spec, spec.blockDropPath(j), config)));
        }
    }

    /** The stage's configuration. */
    public StageSpec spec() {
        return spec;
    }

    /** Official {@code patch_embed}. */
    public ConvEmbed patchEmbed() {
        return patchEmbed;
    }

    /** Official {@code cls_token} {@code (1, 1, C)}; null when the stage has none. */
    public Parameter clsToken() {
        return clsToken;
    }

    /** Official {@code blocks}, in order. */
    public List<ConvTransformerBlock> blocks() {
        return Collections.unmodifiableList(blocks);
    }

    /**
     * @param inputs one map {@code (B, C_in, H, W)}
     * @param params passed on to every block (e.g. an {@link AttentionProbe}), with the stage's
     *     {@link GridSize} added; may be null
     * @return the map {@code (B, C, H', W')}, followed by the class token {@code (B, 1, C)} when the
     *     stage has one
     */
    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray map = patchEmbed.forward(ps, inputs, training).singletonOrThrow();
        Shape s = map.getShape();
        GridSize grid = new GridSize((int) s.get(2), (int) s.get(3));
        NDArray x = Tokens.fromMap(map);
        if (clsToken != null) {
            NDArray cls = ps.getValue(clsToken, x.getDevice(), training);
            // Broadcast in x's manager so that nothing per-call lands in the model's manager.
            NDArray expanded = x.getManager()
                    .zeros(new Shape(s.get(0), 1, s.get(1)), x.getDataType())
                    .add(cls);
            x = expanded.concat(x, 1);
        }
        NDList tokens = posDrop.forward(ps, new NDList(x), training);
        PairList<String, Object> blockParams = GridParam.of(grid);
        if (params != null) {
            params.forEach(p -> {
                if (!p.getKey().equals(GridParam.KEY)) {
                    blockParams.add(p);
                }
            });
        }
        // A probe's captured probabilities must outlive their block, so probed passes run unscoped.
        boolean probed = blockParams.contains(AttentionProbe.KEY);
        for (ConvTransformerBlock block : blocks) {
            tokens = probed
                    ? block.forward(ps, tokens, training, blockParams)
                    : Scopes.scoped(tokens, t -> block.forward(ps, t, training, blockParams));
        }
        x = tokens.singletonOrThrow();
        if (clsToken == null) {
            return new NDList(Tokens.toMap(x, grid));
        }
        NDList parts = x.split(new long[] {1}, 1);
        return new NDList(Tokens.toMap(parts.get(1), grid), parts.get(0));
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape map = patchEmbed.getOutputShapes(inputShapes)[0];
        if (clsToken == null) {
            return new Shape[] {map};
        }
        return new Shape[] {map, new Shape(map.get(0), 1, map.get(1))};
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        patchEmbed.initialize(manager, dataType, inputShapes);
        Shape map = patchEmbed.getOutputShapes(inputShapes)[0];
        Shape tokens = new Shape(map.get(0), map.get(2) * map.get(3) + (clsToken != null ? 1 : 0), map.get(1));
        for (ConvTransformerBlock block : blocks) {
            block.initialize(manager, dataType, tokens);
        }
    }
}
