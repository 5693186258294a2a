package dev.cvt4j.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.cvt4j.Fixtures;
import dev.cvt4j.checkpoint.CheckpointException;
import dev.cvt4j.checkpoint.Checkpoints;
import dev.cvt4j.checkpoint.LoadReport;
import dev.cvt4j.checkpoint.StateDict;
import dev.cvt4j.checkpoint.Tensor;
import dev.cvt4j.config.CvtConfig;
import dev.cvt4j.config.Experiments;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class WeightLoaderTest {
    private static final Path TINY = Fixtures.path("cvt-tiny", "official.pth");

    private static CvtConfig tiny() {
        return Experiments.read(Fixtures.path("cvt-tiny", "spec.yaml")).model();
    }

    @Test
    void exportAfterLoadReproducesTheCheckpoint() {
        StateDict official = Checkpoints.read(TINY);
        try (CvtModel model = CvtModel.create(tiny())) {
            WeightLoader.load(model, TINY);
            StateDict exported = WeightLoader.export(model);
            assertEquals(List.copyOf(official.keys()), List.copyOf(exported.keys()));
            for (String key : official.keys()) {
                assertEquals(official.get(key), exported.get(key), key);
            }
            assertEquals(
                    1000,
                    exported.get("stage0.blocks.0.attn.conv_proj_q.bn.num_batches_tracked")
                            .toLongArray()[0]);
        }
    }

    @Test
    void strictLoadOfAnotherArchitectureFailsWithTheReportAndLeavesTheModelUntouched() {
        CvtConfig fiveClasses = tiny().withNumClasses(5);
        try (CvtModel model = CvtModel.create(fiveClasses)) {
            float[] before =
                    model.net().head().getParameters().get("weight").getArray().toFloatArray();
            CheckpointException e = assertThrows(CheckpointException.class, () -> WeightLoader.load(model, TINY));
            assertTrue(
                    e.getMessage().startsWith(TINY + ": does not fit the model: 0 missing, 0 unexpected, 2 mismatched"),
                    e.getMessage());
            assertTrue(e.getMessage().contains("head.weight: file [10, 96] F32, model [5, 96] F32"), e.getMessage());
            assertArrayEquals(
                    before,
                    model.net().head().getParameters().get("weight").getArray().toFloatArray());
        }
    }

    @Test
    void lenientLoadKeepsTheNewHeadAndLoadsTheRest() {
        StateDict official = Checkpoints.read(TINY);
        official.remove("norm.bias");
        official.put("stage0.pos_embed", Tensor.ofFloats(new long[] {1}, new float[] {0}));
        try (CvtModel model = CvtModel.create(tiny().withNumClasses(5))) {
            LoadReport report = WeightLoader.load(model, official, TINY, false);
            assertEquals(List.of("norm.bias"), report.missing());
            assertEquals(List.of("stage0.pos_embed"), report.unexpected());
            assertEquals(2, report.mismatched().size());
            assertArrayEquals(
                    official.get("stage2.cls_token").toFloatArray(),
                    model.net().stages().get(2).clsToken().getArray().toFloatArray());
        }
    }

    @Test
    void officialWeightsWorkAtOtherResolutionsIncludingNonSquare() {
        Path dir = Fixtures.path("cvt-13");
        try (CvtModel model = CvtModel.create(
                        Experiments.read(dir.resolve("spec.yaml")).model());
                NDManager manager = NDManager.newBaseManager()) {
            WeightLoader.load(model, dir.resolve("official.pth"));
            for (Shape shape : List.of(new Shape(1, 3, 384, 384), new Shape(2, 3, 224, 320))) {
                NDArray logits = model.logits(manager.randomNormal(0, 1, shape, DataType.FLOAT32));
                assertEquals(new Shape(shape.get(0), 1000), logits.getShape());
                for (float v : logits.toFloatArray()) {
                    assertTrue(Float.isFinite(v));
                }
            }
        }
    }
}
