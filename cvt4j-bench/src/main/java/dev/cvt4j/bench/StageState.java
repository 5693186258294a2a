package dev.cvt4j.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.cvt4j.config.GridSize;
import dev.cvt4j.config.Presets;
import dev.cvt4j.model.ConvTransformerBlock;
import dev.cvt4j.model.CvtModel;
import dev.cvt4j.model.CvtStage;
import dev.cvt4j.model.GridParam;
import dev.cvt4j.model.Tokens;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The inputs of one stage of CvT-13 at 224x224 (random weights, evaluation mode): the first block of
 * stage {@link #stage}, its tokens {@code (B, [1 +] H*W, C)} after {@code norm1}-sized random values,
 * the token map {@code (B, C, H, W)} the convolutional projections read, and the grid parameters.
 * Stage 0: 56x56 tokens of width 64; stage 1: 28x28 of 192; stage 2: 14x14 plus the class token, 384.
 */
@State(Scope.Benchmark)
public class StageState {
    /** Which stage of CvT-13. */
    @Param({"0", "1", "2"})
    public int stage;

    /** Images per call. */
    @Param({"1"})
    public int batch;

    CvtModel model;
    ParameterStore ps;
    ConvTransformerBlock block;
    NDArray tokens;
    NDArray map;
    PairList<String, Object> grid;

    /** Builds the model and the inputs. */
    @Setup(Level.Trial)
    public void setUp() {
        BenchThreads.apply();
        model = CvtModel.create(Presets.get("cvt-13").model());
        ps = model.parameterStore();
        CvtStage s = model.net().stages().get(stage);
        block = s.blocks().get(0);
        int side = 56 >> stage;
        int dim = model.config().stage(stage).dimEmbed();
        GridSize g = new GridSize(side, side);
        grid = GridParam.of(g);
        int cls = model.config().stage(stage).clsToken() ? 1 : 0;
        tokens = model.manager().randomNormal(0, 1, new Shape(batch, cls + g.tokens(), dim), DataType.FLOAT32);
        NDArray spatial = model.manager().randomNormal(0, 1, new Shape(batch, g.tokens(), dim), DataType.FLOAT32);
        map = Tokens.toMap(spatial, g);
    }

    /** Frees the model and the inputs. */
    @TearDown(Level.Trial)
    public void tearDown() {
        model.close();
    }

    /** {@code tokens} as a forward input. */
    NDList tokenInput() {
        return new NDList(tokens);
    }
}
