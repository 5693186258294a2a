package dev.cvt4j.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.cvt4j.config.StageSpec;
import org.junit.jupiter.api.Test;

/** The attention product computed in parts ({@link Chunks}) equals the one computed whole. */
class ConvAttentionTest {

    @Test
    void chunkedEqualsWhole() {
        StageSpec spec = StageSpec.builder().dimEmbed(48).numHeads(3).build();
        try (NDManager manager = NDManager.newBaseManager()) {
            manager.getEngine().setRandomSeed(0);
            ConvAttention attention = new ConvAttention(spec);
            attention.initialize(manager, DataType.FLOAT32, new Shape(3, 64, 48));
            ParameterStore ps = new ParameterStore(manager, false);
            NDArray q = manager.randomNormal(0, 1, new Shape(3, 3, 300, 16), DataType.FLOAT32); // (B, heads, Tq, d)
            NDArray k = manager.randomNormal(0, 1, new Shape(3, 3, 200, 16), DataType.FLOAT32); // (B, heads, Tkv, d)
            NDArray v = manager.randomNormal(0, 1, new Shape(3, 3, 200, 16), DataType.FLOAT32);
            NDArray probs = q.matMul(k.transpose(0, 1, 3, 2)).softmax(-1);
            NDArray whole = probs.matMul(v);
            long scoresPerImage = 3 * 300 * 200;
            // all at once; two images per part; one image in blocks of 7 query rows; one row at a time
            for (long budget : new long[] {Chunks.FLOATS, 2 * scoresPerImage, 3 * 200 * 7, 1}) {
                NDList maps = new NDList();
                NDArray chunked = attention.attend(ps, q, k, v, false, maps, budget);
                assertEquals(whole.getShape(), chunked.getShape());
                double scale = whole.abs().max().getFloat();
                double maxDiff = chunked.sub(whole).abs().max().getFloat();
                assertTrue(scale > 0.1, "non-trivial output");
                assertTrue(maxDiff <= 1e-5 * scale, "budget " + budget + ": max |chunked - whole| = " + maxDiff);
                double mapDiff = Layers.concat(maps, 0).sub(probs).abs().max().getFloat();
                // the parts' scores are summed in another order than the whole's: a few float32 ulps of 1
                assertTrue(mapDiff <= 1e-5, "budget " + budget + ": probabilities differ by " + mapDiff);
            }
        }
    }
}
