package dev.cvt4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import dev.cvt4j.config.CvtConfig;
import java.util.function.BiFunction;

/**
 * A CvT network with the native memory that holds its parameters: the object inference code works
 * with. Every call runs inside its own {@link NDManager} scope, so intermediate arrays are freed
 * when it returns and only the results survive, attached to the manager of the input.
 *
 * <p>Inference calls run in evaluation mode (BatchNorm running statistics, no dropout or drop
 * path). A model is safe to call from several threads at once: evaluation reads parameters and
 * never writes them.
 */
public final class CvtModel implements AutoCloseable {
    private final NDManager manager;
    private final Cvt net;
    private final ParameterStore parameterStore;

    private CvtModel(NDManager manager, Cvt net) {
        this.manager = manager;
        this.net = net;
        this.parameterStore = new ParameterStore(manager, false);
    }

    /**
     * Builds a model with freshly initialised weights in a new base manager.
     *
     * @param config the architecture
     * @return the model; close it to free its native memory
     */
    public static CvtModel create(CvtConfig config) {
        return build(config, Cvt::create);
    }

    /**
     * Builds a model whose parameters are zeros, in a new base manager, to be filled from a checkpoint
     * ({@link Cvt#allocate}: no random initialisation).
     *
     * @param config the architecture
     * @return the model; close it to free its native memory
     */
    public static CvtModel allocate(CvtConfig config) {
        return build(config, Cvt::allocate);
    }

    private static CvtModel build(CvtConfig config, BiFunction<CvtConfig, NDManager, Cvt> factory) {
        NDManager manager = NDManager.newBaseManager();
        try {
            return new CvtModel(manager, factory.apply(config, manager));
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** The network (a DJL block). */
    public Cvt net() {
        return net;
    }

    /** The architecture. */
    public CvtConfig config() {
        return net.config();
    }

    /** The manager owning the parameters. */
    public NDManager manager() {
        return manager;
    }

    /** The parameter store used for evaluation (parameters used in place, not copied). */
    public ParameterStore parameterStore() {
        return parameterStore;
    }

    /**
     * Class scores.
     *
     * @param images {@code (B, 3, H, W)} normalised float32 images, any H and W the patch embeddings
     *     accept
     * @return logits {@code (B, NUM_CLASSES)} in {@code images}' manager
     */
    public NDArray logits(NDArray images) {
        return Scopes.scoped(new NDList(images), x -> net.forward(parameterStore, x, false))
                .singletonOrThrow();
    }

    /**
     * Per-stage outputs, as the official stages return them.
     *
     * @param images {@code (B, 3, H, W)} normalised float32 images
     * @return the stage maps {@code (B, C_i, H_i, W_i)} and the class token {@code (B, 1, C)} (null when
     *     the last stage has none), in {@code images}' manager
     */
    public CvtFeatures features(NDArray images) {
        NDList out = Scopes.scoped(
                new NDList(images),
                x -> net.forwardFeatures(parameterStore, x.head(), false).toNDList());
        return fromNDList(out);
    }

    private CvtFeatures fromNDList(NDList arrays) {
        boolean hasCls = net.config().lastStageHasClsToken();
        int maps = hasCls ? arrays.size() - 1 : arrays.size();
        return new CvtFeatures(arrays.subNDList(0, maps), hasCls ? arrays.get(maps) : null);
    }

    /**
     * The classifier's input (official {@code forward_features} output, {@link Cvt#pooledFeatures}):
     * the class token after the final LayerNorm, or, when the last stage has none, the mean of the
     * normalised tokens of the last map.
     *
     * @param features what {@link #features} returned
     * @return {@code (B, C_last)}, in the manager of the features
     */
    public NDArray pooledFeatures(CvtFeatures features) {
        return Scopes.scoped(
                        features.toNDList(), x -> new NDList(net.pooledFeatures(parameterStore, fromNDList(x), false)))
                .singletonOrThrow();
    }

    /**
     * The attention probabilities of one block, captured with an {@link AttentionProbe} during a pass
     * through the stages (the head is not run).
     *
     * @param images {@code (B, 3, H, W)} normalised float32 images
     * @param block the block, e.g. {@code BlockRef.parse("stage2.9")}
     * @return the softmax probabilities {@code (B, heads, Tq, Tkv)} with their grids, in {@code images}'
     *     manager
     * @throws IllegalArgumentException when the block does not exist in this model (naming the valid range)
     */
    public AttentionMap attention(NDArray images, BlockRef block) {
        AttentionProbe probe = new AttentionProbe(block.validate(config()).attentionIn(net));
        NDList out = Scopes.scoped(new NDList(images), x -> {
            net.forwardFeatures(parameterStore, x.head(), false, probe.asParams());
            return new NDList(probe.captured().probabilities());
        });
        AttentionMap captured = probe.captured();
        return new AttentionMap(out.head(), captured.queryGrid(), captured.keyGrid(), captured.clsToken());
    }

    /** Frees the parameters' native memory. */
    @Override
    public void close() {
        manager.close();
    }
}
