package dev.cvt4j.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.cvt4j.Fixtures;
import dev.cvt4j.config.CvtConfig;
import dev.cvt4j.config.Experiments;
import dev.cvt4j.config.ProjectionMethod;
import dev.cvt4j.config.TestConfigs;
import org.junit.jupiter.api.Test;

class CvtShapesTest {

    private static CvtConfig tiny() {
        return Experiments.read(Fixtures.path("cvt-tiny", "spec.yaml")).model();
    }

    @Test
    void anyInputSizeIncludingNonSquareAndBatchOne() {
        try (CvtModel model = CvtModel.create(tiny());
                NDManager m = NDManager.newBaseManager()) {
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
            for (boolean cls : new boolean[] {false, true}) {
                CvtConfig config = TestConfigs.withMethod(tiny(), method, cls);
                try (CvtModel model = CvtModel.create(config);
                        NDManager m = NDManager.newBaseManager()) {
                    CvtFeatures f = model.features(m.randomNormal(0, 1, new Shape(2, 3, 64, 48), DataType.FLOAT32));
                    assertEquals(cls, f.clsToken() != null);
                    NDArray logits = model.logits(m.randomNormal(0, 1, new Shape(3, 3, 64, 64), DataType.FLOAT32));
                    assertEquals(new Shape(3, 10), logits.getShape(), method + " cls=" + cls);
                }
            }
        }
    }
}
