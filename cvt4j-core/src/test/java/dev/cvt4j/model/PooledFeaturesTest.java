package dev.cvt4j.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

/** {@link CvtModel#pooledFeatures} is the head's input: applying the head to it gives the logits. */
class PooledFeaturesTest {

    @Test
    void headOfPooledFeaturesIsTheLogitsWithAndWithoutClassToken() {
        CvtConfig tiny =
                Experiments.read(Fixtures.path("cvt-tiny", "spec.yaml")).model();
        for (boolean cls : new boolean[] {true, false}) {
            CvtConfig config = TestConfigs.withMethod(tiny, ProjectionMethod.DW_BN, cls);
            try (CvtModel model = CvtModel.create(config);
                    NDManager m = NDManager.newBaseManager()) {
                NDArray x = m.randomNormal(0, 1, new Shape(2, 3, 64, 64), DataType.FLOAT32);
                NDArray pooled = model.pooledFeatures(model.features(x));
                assertEquals(new Shape(2, 96), pooled.getShape());
                NDArray w = model.net().head().getParameters().get("weight").getArray();
                NDArray b = model.net().head().getParameters().get("bias").getArray();
                NDArray logits = pooled.matMul(w.transpose()).add(b);
                float diff = logits.sub(model.logits(x)).abs().max().getFloat();
                assertTrue(diff < 1e-5f, "cls=" + cls + ": " + diff);
            }
        }
    }
}
