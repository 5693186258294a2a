package dev.cvt4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;
import dev.cvt4j.config.CvtConfig;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The Convolutional vision Transformer classifier (Wu et al., ICCV 2021; official
 * {@code ConvolutionalVisionTransformer} in {@code lib/models/cls_cvt.py}): {@link CvtStage}s, then
 * a LayerNorm ({@code norm}) on the last stage's class token (or on every token, averaged, when the
 * last stage has none), then the linear {@code head}.
 *
 * <p>No positional embedding: any input size works with the same weights, including non-square
 * ones. One deliberate deviation: the official {@code forward_features} applies {@code torch.squeeze}
 * to the normalised class token, so a batch of one yields logits of shape {@code (classes)}; here a
 * batch of {@code B} always yields {@code (B, classes)}.
 *
 * <p>Build with {@link #create(CvtConfig, NDManager)}; run with {@link #forward(ParameterStore,
 * NDList, boolean, PairList)} (DJL) or through {@link CvtModel}, which scopes native memory.
 */
public final class Cvt extends AbstractBlock {
    private final CvtConfig config;
    private final List<CvtStage> stages = new ArrayList<>();
    private final LayerNorm norm;
    private final Linear head;

    /**
     * An uninitialised network; {@link #create} also allocates and initialises its parameters.
     *
     * @param config the architecture
     */
    public Cvt(CvtConfig config) {
        this.config = config;
        for (int i = 0; i < config.numStages(); i++) {
            stages.add(addChildBlock("stage" + i, new CvtStage(config.stage(i), config)));
        }
        norm = addChildBlock("norm", Layers.layerNorm(config.layerNormEps()));
        head = addChildBlock("head", Layers.linear(config.numClasses(), true));
    }

    /**
     * Builds a network and allocates its parameters in {@code manager}, initialised as the official
     * {@code trunc_norm} init does (see {@link OfficialInit}).
     *
     * @param config the architecture
     * @param manager owns the parameters for the model's lifetime
     * @return the initialised network
     */
    public static Cvt create(CvtConfig config, NDManager manager) {
        Cvt cvt = new Cvt(config);
        OfficialInit.apply(cvt);
        cvt.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 224, 224));
        return cvt;
    }

    /**
     * Builds a network and allocates its parameters in {@code manager} as zeros, to be filled from a
     * checkpoint: skips the random initialisation of {@link #create}, which costs CvT-13 about 1.3 s of
     * its cold start.
     *
     * @param config the architecture
     * @param manager owns the parameters for the model's lifetime
     * @return the network, every parameter zero
     */
    public static Cvt allocate(CvtConfig config, NDManager manager) {
        Cvt cvt = new Cvt(config);
        cvt.setInitializer(Initializer.ZEROS, p -> true);
        cvt.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 224, 224));
        return cvt;
    }

    /** The architecture. */
    public CvtConfig config() {
        return config;
    }

    /** Official {@code stage0 ... stageN}. */
    public List<CvtStage> stages() {
        return Collections.unmodifiableList(stages);
    }

    /** Official {@code norm}, the final LayerNorm. */
    public LayerNorm norm() {
        return norm;
    }

    /** Official {@code head}, the classifier. */
    public Linear head() {
        return head;
    }

    /**
     * Runs the stages (official {@code forward_features} without the final norm).
     *
     * @param ps parameter store
     * @param images {@code (B, 3, H, W)} normalised images
     * @param training whether BatchNorm uses batch statistics and dropout/drop path are active
     * @return each stage's map and the class token
     */
    public CvtFeatures forwardFeatures(ParameterStore ps, NDArray images, boolean training) {
        return forwardFeatures(ps, images, training, null);
    }

    /**
     * Runs the stages with per-call parameters passed to every block.
     *
     * @param ps parameter store
     * @param images {@code (B, 3, H, W)} normalised images
     * @param training training mode
     * @param params e.g. {@link AttentionProbe#asParams()}; may be null
     * @return each stage's map and the class token
     */
    public CvtFeatures forwardFeatures(
            ParameterStore ps, NDArray images, boolean training, PairList<String, Object> params) {
        List<NDArray> maps = new ArrayList<>();
        NDList x = new NDList(images);
        NDArray cls = null;
        for (CvtStage stage : stages) {
            NDList out = stage.forward(ps, x, training, params);
            maps.add(out.get(0));
            cls = out.size() > 1 ? out.get(1) : null;
            x = new NDList(out.get(0));
        }
        return new CvtFeatures(maps, cls);
    }

    /**
     * The classifier's input: the normalised class token, or the mean of the normalised tokens.
     *
     * @param ps parameter store
     * @param features the stages' output
     * @param training training mode
     * @return {@code (B, C_last)}
     */
    public NDArray pooledFeatures(ParameterStore ps, CvtFeatures features, boolean training) {
        if (features.clsToken() != null) {
            NDArray cls =
                    norm.forward(ps, new NDList(features.clsToken()), training).singletonOrThrow();
            return cls.reshape(cls.getShape().get(0), cls.getShape().get(2));
        }
        NDArray last = features.stageMaps().get(features.stageMaps().size() - 1);
        NDArray tokens =
                norm.forward(ps, new NDList(Tokens.fromMap(last)), training).singletonOrThrow();
        return tokens.mean(new int[] {1});
    }

    /**
     * @param inputs one array of images {@code (B, 3, H, W)}
     * @param params passed to every block, e.g. an {@link AttentionProbe}; may be null
     * @return logits {@code (B, NUM_CLASSES)}, also for {@code B = 1}
     */
    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        CvtFeatures features = forwardFeatures(ps, inputs.singletonOrThrow(), training, params);
        return head.forward(ps, new NDList(pooledFeatures(ps, features, training)), training);
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), config.numClasses())};
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape[] shapes = inputShapes;
        for (CvtStage stage : stages) {
            stage.initialize(manager, dataType, shapes);
            shapes = new Shape[] {stage.getOutputShapes(shapes)[0]};
        }
        Shape map = shapes[0];
        Shape pooled = new Shape(map.get(0), 1, map.get(1));
        norm.initialize(manager, dataType, pooled);
        head.initialize(manager, dataType, new Shape(map.get(0), map.get(1)));
    }

    /** Number of trainable parameters (BatchNorm running statistics excluded), as PyTorch counts them. */
    public long parameterCount() {
        long n = 0;
        for (Parameter p : getParameters().values()) {
            if (p.requiresGradient()) {
                n += p.getShape().size();
            }
        }
        return n;
    }
}
