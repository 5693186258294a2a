package dev.cvt4j.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.cvt4j.Fixtures;
import dev.cvt4j.config.CvtConfig;
import dev.cvt4j.config.Experiments;
import org.junit.jupiter.api.Test;

/** Every inference call frees its intermediates: neither the model's nor the caller's manager grows. */
class ScopedMemoryTest {

    @Test
    void repeatedCallsLeaveOnlyTheirResults() {
        CvtConfig tiny =
                Experiments.read(Fixtures.path("cvt-tiny", "spec.yaml")).model();
        try (CvtModel model = CvtModel.create(tiny);
                NDManager caller = NDManager.newBaseManager()) {
            int modelArrays =
                    ((BaseNDManager) model.manager()).getManagedArrays().size();
            NDArray x = caller.randomNormal(0, 1, new Shape(2, 3, 64, 64), DataType.FLOAT32);
            for (int i = 0; i < 20; i++) {
                try (NDManager call = caller.newSubManager()) {
                    x.tempAttach(call);
                    model.logits(x);
                    model.features(x);
                }
            }
            assertEquals(
                    modelArrays,
                    ((BaseNDManager) model.manager()).getManagedArrays().size(),
                    "model manager");
            assertEquals(1, ((BaseNDManager) caller).getManagedArrays().size(), "caller keeps only its input");
            model.logits(x);
            assertEquals(2, ((BaseNDManager) caller).getManagedArrays().size(), "input and logits");
        }
    }
}
