package dev.cvt4j.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import dev.cvt4j.Fixtures;
import dev.cvt4j.checkpoint.Safetensors;
import dev.cvt4j.checkpoint.Tensor;
import dev.cvt4j.config.Experiments;
import dev.cvt4j.config.GridSize;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Attention capture on the cvt-tiny fixture (official weights, the stored randn input): shapes, row
 * sums, no effect on the output, and the class token's row against a computation by hand from the
 * block's weights.
 */
class AttentionProbeTest {
    private static CvtModel model;
    private static NDManager manager;
    private static NDArray input;

    @BeforeAll
    static void load() {
        model = WeightLoader.loadModel(
                Experiments.read(Fixtures.path("cvt-tiny", "spec.yaml")).model(),
                Fixtures.path("cvt-tiny", "official.pth"));
        manager = NDManager.newBaseManager();
        Tensor t = Safetensors.read(Fixtures.path("cvt-tiny", "io.safetensors")).get("input");
        input = manager.create(t.toFloatArray(), new Shape(t.shape()));
    }

    @AfterAll
    static void close() {
        manager.close();
        model.close();
    }

    @Test
    void probabilitiesHaveShapeBHeadsTqTkvAndRowsSumToOne() {
        AttentionMap stage0 = model.attention(input, BlockRef.parse("stage0.0"));
        assertEquals(new Shape(2, 1, 16 * 16, 8 * 8), stage0.probabilities().getShape());
        assertEquals(new GridSize(16, 16), stage0.queryGrid());
        assertEquals(new GridSize(8, 8), stage0.keyGrid());
        AttentionMap stage2 = model.attention(input, BlockRef.parse("stage2.1"));
        assertEquals(
                new Shape(2, 3, 1 + 4 * 4, 1 + 2 * 2), stage2.probabilities().getShape());
        assertTrue(stage2.clsToken());
        for (AttentionMap map : new AttentionMap[] {stage0, stage2}) {
            NDArray sums = map.probabilities().sum(new int[] {3});
            assertTrue(sums.sub(1).abs().max().getFloat() < 1e-5f, "rows sum to 1");
            assertTrue(map.probabilities().min().getFloat() >= 0f);
        }
    }

    @Test
    void captureDoesNotChangeTheOutput() {
        float[] plain = model.logits(input).toFloatArray();
        AttentionProbe probe = new AttentionProbe(BlockRef.parse("stage2.1").attentionIn(model.net()));
        try (NDManager scope = manager.newSubManager()) {
            NDArray x = input.duplicate();
            x.attach(scope);
            NDList probed = model.net().forward(model.parameterStore(), new NDList(x), false, probe.asParams());
            assertArrayEquals(plain, probed.singletonOrThrow().toFloatArray());
            assertEquals(
                    new Shape(2, 3, 17, 5), probe.captured().probabilities().getShape());
        }
    }

    @Test
    void probeThatDidNotRunReportsIt() {
        AttentionProbe probe = new AttentionProbe(BlockRef.parse("stage1.0").attentionIn(model.net()));
        assertThrows(IllegalStateException.class, probe::captured);
    }

    /**
     * stage2.0 by hand: its input is stage 2's token embedding of the stage-1 map with the class token
     * prepended; then norm1, the depthwise 3x3 stride-2 key convolution with BatchNorm, proj_q on the
     * class token and proj_k on the keys, three heads, scale 96^-0.5, softmax.
     */
    @Test
    void classTokenRowEqualsAComputationFromTheWeights() {
        CvtStage stage = model.net().stages().get(2);
        ConvTransformerBlock block = stage.blocks().get(0);
        try (NDManager m = manager.newSubManager()) {
            NDArray stage1 = model.features(input).stageMaps().get(1);
            stage1.attach(m);
            NDArray map = stage.patchEmbed()
                    .forward(model.parameterStore(), new NDList(stage1), false)
                    .head();
            NDArray cls = m.zeros(new Shape(2, 1, 96)).add(stage.clsToken().getArray());
            NDArray y = layerNorm(cls.concat(Tokens.fromMap(map), 1), block.norm1());
            NDArray clsY = y.get(new NDIndex(":, 0:1, :"));
            NDArray mapY = Tokens.toMap(y.get(new NDIndex(":, 1:, :")), new GridSize(4, 4));

            ConvProjection convK = block.attn().convProjK();
            NDArray keys = Tokens.fromMap(batchNorm(depthwiseStride2(m, mapY, param(convK.conv(), "weight")), convK));
            NDArray q = linear(clsY, block.attn().projQ());
            NDArray k = linear(clsY.concat(keys, 1), block.attn().projK());
            NDArray qh = q.reshape(2, 1, 3, 32).transpose(0, 2, 1, 3);
            NDArray kh = k.reshape(2, 5, 3, 32).transpose(0, 2, 1, 3);
            NDArray expected =
                    qh.matMul(kh.transpose(0, 1, 3, 2)).mul(Math.pow(96, -0.5)).softmax(-1);

            AttentionMap captured = model.attention(input, BlockRef.parse("stage2.0"));
            NDArray clsRow = captured.probabilities().get(new NDIndex(":, :, 0:1, :"));
            float diff = clsRow.sub(expected).abs().max().getFloat();
            System.out.printf("stage2.0 class-token row: max |probe - by hand| = %.3e%n", diff);
            assertTrue(diff < 1e-5f, "max diff " + diff);

            NDArray keyMap = captured.keyMap();
            assertEquals(new Shape(2, 2, 2), keyMap.getShape());
            NDArray meanOverHeads =
                    expected.get(new NDIndex(":, :, 0, 1:")).mean(new int[] {1}).reshape(2, 2, 2);
            assertTrue(keyMap.sub(meanOverHeads).abs().max().getFloat() < 1e-5f);
        }
    }

    @Test
    void keyMapWithoutClassTokenIsTheMeanAttentionEachKeyReceives() {
        NDArray keyMap = model.attention(input, BlockRef.parse("stage1.0")).keyMap();
        assertEquals(new Shape(2, 4, 4), keyMap.getShape());
        // Every query row sums to 1, so the mean over queries and heads sums to 1 over the keys.
        NDArray sums = keyMap.sum(new int[] {1, 2});
        assertTrue(sums.sub(1).abs().max().getFloat() < 1e-5f);
    }

    @Test
    void blockOutOfRangeIsRefusedByAttention() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> model.attention(input, BlockRef.parse("stage2.2")));
        assertTrue(e.getMessage().contains("blocks 0..1"), e.getMessage());
    }

    private static NDArray param(Block block, String name) {
        return block.getParameters().get(name).getArray();
    }

    private static NDArray layerNorm(NDArray x, Block norm) {
        NDArray mean = x.mean(new int[] {2}, true);
        NDArray var = x.sub(mean).square().mean(new int[] {2}, true);
        return x.sub(mean).div(var.add(1e-5).sqrt()).mul(param(norm, "gamma")).add(param(norm, "beta"));
    }

    private static NDArray linear(NDArray x, Block linear) {
        return x.matMul(param(linear, "weight").transpose()).add(param(linear, "bias"));
    }

    /** Depthwise 3x3 convolution, stride 2, zero padding 1, no bias, written as a sum of shifted slices. */
    private static NDArray depthwiseStride2(NDManager m, NDArray map, NDArray weight) {
        Shape s = map.getShape();
        long h = s.get(2);
        long w = s.get(3);
        NDArray padded = m.zeros(new Shape(s.get(0), s.get(1), h + 2, w + 2));
        padded.set(new NDIndex(":, :, 1:" + (h + 1) + ", 1:" + (w + 1)), map);
        long oh = (h + 2 - 3) / 2 + 1;
        long ow = (w + 2 - 3) / 2 + 1;
        NDArray out = m.zeros(new Shape(s.get(0), s.get(1), oh, ow));
        for (int a = 0; a < 3; a++) {
            for (int b = 0; b < 3; b++) {
                NDArray window = padded.get(new NDIndex(
                        ":, :, " + a + ":" + (a + 2 * oh - 1) + ":2, " + b + ":" + (b + 2 * ow - 1) + ":2"));
                NDArray tap = weight.get(new NDIndex(":, 0, " + a + ", " + b)).reshape(1, s.get(1), 1, 1);
                out = out.add(window.mul(tap));
            }
        }
        return out;
    }

    private static NDArray batchNorm(NDArray map, ConvProjection projection) {
        Block bn = projection.bn();
        Shape c = new Shape(1, map.getShape().get(1), 1, 1);
        return map.sub(param(bn, "runningMean").reshape(c))
                .div(param(bn, "runningVar").reshape(c).add(1e-5).sqrt())
                .mul(param(bn, "gamma").reshape(c))
                .add(param(bn, "beta").reshape(c));
    }
}
