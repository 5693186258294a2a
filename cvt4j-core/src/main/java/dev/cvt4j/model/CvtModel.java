package dev.cvt4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.util.function.Function;

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
        NDManager manager = NDManager.newBaseManager();
        try {
            return new CvtModel(manager, Cvt.create(config, manager));
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
        return scoped(images, x -> net.forward(parameterStore, new NDList(x), false)).singletonOrThrow();
    }

    /**
     * Per-stage outputs, as the official stages return them.
     *
     * @param images {@code (B, 3, H, W)} normalised float32 images
     * @return the stage maps {@code (B, C_i, H_i, W_i)} and the class token {@code (B, 1, C)} (null when
     *     the last stage has none), in {@code images}' manager
     */
    public CvtFeatures features(NDArray images) {
        NDList out = scoped(images, x -> net.forwardFeatures(parameterStore, x, false).toNDList());
        boolean hasCls = net.config().lastStageHasClsToken();
        int maps = hasCls ? out.size() - 1 : out.size();
        return new CvtFeatures(out.subNDList(0, maps), hasCls ? out.get(maps) : null);
    }

    /**
     * Runs {@code body} on {@code input} inside a fresh manager scope; the arrays it returns are moved
     * to {@code input}'s manager and everything else it allocated is freed.
     */
    private static NDList scoped(NDArray input, Function<NDArray, NDList> body) {
        NDManager owner = input.getManager();
        try (NDManager scope = owner.newSubManager()) {
            input.tempAttach(scope);
            NDList out = body.apply(input);
            out.attach(owner);
            return out;
        }
    }

    /** Frees the parameters' native memory. */
    @Override
    public void close() {
        manager.close();
    }
}
