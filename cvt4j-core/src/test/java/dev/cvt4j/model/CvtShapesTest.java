package dev.cvt4j.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

import dev.cvt4j.Fixtures;

class CvtShapesTest {

    private static CvtConfig tiny() {
        return OfficialYaml.read(Fixtures.path("cvt-tiny", "spec.yaml")).model();
    }

    @Test
    void anyInputSizeIncludingNonSquareAndBatchOne() {
        try (CvtModel model = CvtModel.create(tiny()); NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.randomNormal(0, 1, new Shape(1, 3, 64, 96), DataType.FLOAT32);
            NDArray logits = model.logits(x);
            assertArrayEquals(new long[] {1, 10}, logits.getShape().getShape());
            CvtFeatures f = model.features(m.randomNormal(0, 1, new Shape(2, 3, 80, 48), DataType.FLOAT32));
            assertEquals(new Shape(2, 24, 20, 12), f.stageMaps().get(0).getShape());
            assertEquals(new Shape(2, 48, 10, 6), f.stageMaps().get(1).getShape());
            assertEquals(new Shape(2, 96, 5, 3), f.stageMaps().get(2).getShape());
            assertEquals(new Shape(2, 1, 96), f.clsToken().getShape());
        }
    }

    @Test
    void everyProjectionMethodRunsWithAndWithoutClsToken() {
        for (ProjectionMethod method : ProjectionMethod.values()) {
            CvtConfig base = tiny();
            java.util.List<StageSpec> stages = new java.util.ArrayList<>();
            for (StageSpec s : base.stages()) {
                stages.add(new StageSpec(s.patchSize(), s.patchStride(), s.patchPadding(), s.dimEmbed(), s.numHeads(),
                        s.depth(), s.mlpRatio(), s.qkvBias(), false, method, s.kernelQkv(), s.paddingQ(),
                        s.paddingKv(), s.strideQ(), s.strideKv(), 0, 0, 0));
            }
            CvtConfig config = new CvtConfig(stages, 7, ActLayer.GELU, 1e-5, "xavier");
            try (CvtModel model = CvtModel.create(config); NDManager m = NDManager.newBaseManager()) {
                CvtFeatures f = model.features(m.randomNormal(0, 1, new Shape(2, 3, 64, 64), DataType.FLOAT32));
                assertNull(f.clsToken());
                NDArray logits = model.logits(m.randomNormal(0, 1, new Shape(3, 3, 64, 64), DataType.FLOAT32));
                assertEquals(new Shape(3, 7), logits.getShape(), method.toString());
            }
        }
    }
}
