package dev.cvt4j.bench;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The hot pieces of one CvT-13 stage in evaluation mode, per call (see {@link StageState} for the
 * inputs): the three convolutional projections, one whole attention, one whole block. Every call
 * runs in an {@link NDScope}, so its arrays are freed as in {@code CvtModel}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class StageBench {
    /**
     * q (stride 1), k and v (stride 2): depthwise 3x3 convolution, BatchNorm, map-to-tokens rearrange.
     *
     * @param s the stage's block and map
     * @return the number of key tokens, so the work cannot be skipped
     */
    @Benchmark
    public long convProjection(StageState s) {
        try (NDScope scope = new NDScope()) {
            NDList in = new NDList(s.map);
            s.block.attn().convProjQ().forward(s.ps, in, false);
            s.block.attn().convProjV().forward(s.ps, in, false);
            return s.block
                    .attn()
                    .convProjK()
                    .forward(s.ps, in, false)
                    .head()
                    .getShape()
                    .get(1);
        }
    }

    /**
     * One {@code ConvAttention}: projections, q/k/v linear layers, attention over all heads, output projection.
     *
     * @param s the stage's block and tokens
     * @return the number of output tokens
     */
    @Benchmark
    public long attention(StageState s) {
        try (NDScope scope = new NDScope()) {
            return s.block
                    .attn()
                    .forward(s.ps, s.tokenInput(), false, s.grid)
                    .head()
                    .getShape()
                    .get(1);
        }
    }

    /**
     * One {@code ConvTransformerBlock}: norm, attention, residual, norm, MLP, residual.
     *
     * @param s the stage's block and tokens
     * @return the number of output tokens
     */
    @Benchmark
    public long block(StageState s) {
        try (NDScope scope = new NDScope()) {
            return s.block
                    .forward(s.ps, s.tokenInput(), false, s.grid)
                    .head()
                    .getShape()
                    .get(1);
        }
    }
}
