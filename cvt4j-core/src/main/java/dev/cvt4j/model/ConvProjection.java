package dev.cvt4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.cvt4j.config.ProjectionMethod;

/**
 * The convolutional projection of q, k or v (paper section 3.2, official
 * {@code Attention._build_projection}): for {@code dw_bn}, a depthwise convolution without bias
 * ({@code conv}) followed by BatchNorm ({@code bn}, eps 1e-5, PyTorch momentum 0.1); for {@code avg},
 * average pooling in ceil mode. Both end with the rearrange {@code b c h w -> b (h w) c}.
 *
 * <p>PyTorch's BatchNorm also counts the training batches it has seen ({@code num_batches_tracked},
 * an int64 buffer DJL's BatchNorm lacks); this block keeps that count so checkpoints round-trip.
 */
public final class ConvProjection extends AbstractBlock {
    private final ProjectionMethod method;
    private final Conv2d conv;
    private final BatchNorm bn;
    private final Block avg;
    private long numBatchesTracked;

    /**
     * @param method {@link ProjectionMethod#DW_BN} or {@link ProjectionMethod#AVG}
     * @param dim channels C (kept: depthwise)
     * @param kernel {@code KERNEL_QKV}
     * @param padding {@code PADDING_Q} or {@code PADDING_KV}
     * @param stride {@code STRIDE_Q} or {@code STRIDE_KV}
     * @throws IllegalArgumentException for {@link ProjectionMethod#LINEAR}, which has no projection
     */
    public ConvProjection(ProjectionMethod method, int dim, int kernel, int padding, int stride) {
        this.method = method;
        Shape k = new Shape(kernel, kernel);
        Shape s = new Shape(stride, stride);
        Shape p = new Shape(padding, padding);
        switch (method) {
            case DW_BN -> {
                conv = addChildBlock(
                        "conv",
                        Conv2d.builder()
                                .setKernelShape(k)
                                .optStride(s)
                                .optPadding(p)
                                .setFilters(dim)
                                .optGroups(dim)
                                .optBias(false)
                                .build());
                bn = addChildBlock(
                        "bn",
                        BatchNorm.builder()
                                .optAxis(1)
                                .optEpsilon(1e-5f)
                                .optMomentum(0.9f)
                                .build());
                avg = null;
            }
            case AVG -> {
                conv = null;
                bn = null;
                avg = addChildBlock("avg", Pool.avgPool2dBlock(k, s, p, true, true));
            }
            default -> throw new IllegalArgumentException("the linear method has no convolutional projection");
        }
    }

    /** The projection method. */
    public ProjectionMethod method() {
        return method;
    }

    /** The depthwise convolution ({@code dw_bn} only, else null). */
    public Conv2d conv() {
        return conv;
    }

    /** The BatchNorm ({@code dw_bn} only, else null). */
    public BatchNorm bn() {
        return bn;
    }

    /** PyTorch's {@code bn.num_batches_tracked}: training forwards seen by the BatchNorm. */
    public long numBatchesTracked() {
        return numBatchesTracked;
    }

    /** Sets {@code bn.num_batches_tracked}, e.g. from a checkpoint. */
    public void setNumBatchesTracked(long value) {
        numBatchesTracked = value;
    }

    /**
     * @param inputs one map {@code (B, C, H, W)}
     * @return tokens {@code (B, H'*W', C)} of the projected map
     */
    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList out;
        if (method == ProjectionMethod.DW_BN) {
            out = bn.forward(ps, conv.forward(ps, inputs, training), training);
            if (training) {
                numBatchesTracked++;
            }
        } else {
            out = avg.forward(ps, inputs, training);
        }
        NDArray map = out.singletonOrThrow();
        return new NDList(Tokens.fromMap(map));
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape map = (conv != null ? conv : avg).getOutputShapes(inputShapes)[0];
        return new Shape[] {new Shape(map.get(0), map.get(2) * map.get(3), map.get(1))};
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        if (conv != null) {
            conv.initialize(manager, dataType, inputShapes);
            bn.initialize(manager, dataType, conv.getOutputShapes(inputShapes));
        }
    }
}
