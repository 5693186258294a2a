package dev.cvt4j.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import dev.cvt4j.config.ActLayer;
import dev.cvt4j.config.StageSpec;
import org.junit.jupiter.api.Test;

/** The MLP run on blocks of tokens equals {@code fc2(act(fc1(x)))} on all tokens at once. */
class MlpTest {

    @Test
    void chunkedEqualsWhole() {
        // Stage 2 of CvT-13: 384 -> 1536 -> 384, so a block holds 682 token rows; 2 x 700 tokens make 3 blocks.
        StageSpec spec =
                StageSpec.builder().dimEmbed(384).numHeads(6).clsToken(true).build();
        long rowsPerChunk = Chunks.FLOATS / spec.mlpHidden();
        assertEquals(682, rowsPerChunk);
        try (NDManager manager = NDManager.newBaseManager()) {
            Mlp mlp = new Mlp(spec, ActLayer.QUICK_GELU);
            mlp.setInitializer(new NormalInitializer(0.05f), Parameter.Type.WEIGHT);
            mlp.setInitializer(new NormalInitializer(0.05f), Parameter.Type.BIAS);
            Shape shape = new Shape(2, 700, 384);
            mlp.initialize(manager, DataType.FLOAT32, shape);
            NDArray x = manager.randomNormal(0, 1, shape, DataType.FLOAT32);
            ParameterStore ps = new ParameterStore(manager, false);
            NDArray chunked = mlp.forward(ps, new NDList(x), false).singletonOrThrow();

            NDArray h = mlp.fc1().forward(ps, new NDList(x), false).singletonOrThrow();
            NDArray whole =
                    mlp.fc2().forward(ps, new NDList(QuickGelu.apply(h)), false).singletonOrThrow();

            assertEquals(shape, chunked.getShape());
            double maxDiff = chunked.sub(whole).abs().max().getFloat();
            double scale = whole.abs().max().getFloat();
            assertTrue(scale > 0.1, "non-trivial output");
            assertTrue(maxDiff <= 1e-5 * scale, "max |chunked - whole| = " + maxDiff + " at scale " + scale);
        }
    }
}
