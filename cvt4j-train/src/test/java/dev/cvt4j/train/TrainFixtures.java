package dev.cvt4j.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.cvt4j.Fixtures;
import dev.cvt4j.checkpoint.DType;
import dev.cvt4j.checkpoint.Tensor;
import dev.cvt4j.config.Experiments;
import dev.cvt4j.model.CvtModel;
import dev.cvt4j.model.WeightLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Test helpers: the fixture folders with a reference training step, models loaded from them, arrays from tensors. */
public final class TrainFixtures {
    private TrainFixtures() {}

    /** Every model fixture folder holding {@code train_step.safetensors} and {@code train_step.json}; fails when none does. */
    public static List<Path> trainStepFolders() {
        List<Path> folders = Fixtures.modelFolders().stream()
                .filter(p -> Files.isRegularFile(p.resolve("train_step.safetensors")))
                .filter(p -> Files.isRegularFile(p.resolve("train_step.json")))
                .toList();
        if (folders.isEmpty()) {
            throw new AssertionError(
                    "no fixture folder with train_step.safetensors and train_step.json under " + Fixtures.root());
        }
        return folders;
    }

    /** The folder's model with the weights of its {@code official.pth}. */
    public static CvtModel model(Path folder) {
        CvtModel model =
                CvtModel.create(Experiments.read(folder.resolve("spec.yaml")).model());
        WeightLoader.load(model, folder.resolve("official.pth"));
        return model;
    }

    /** The cvt-tiny model with its fixture weights. */
    public static CvtModel tiny() {
        return model(Fixtures.path("cvt-tiny"));
    }

    /** A float32 or int64 tensor as an array in {@code manager}. */
    public static NDArray array(NDManager manager, Tensor t) {
        Shape shape = new Shape(t.shape());
        return t.dtype() == DType.I64
                ? manager.create(t.toLongArray(), shape)
                : manager.create(t.toFloatArray(), shape);
    }
}
