package dev.cvt4j.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import dev.cvt4j.config.Presets;
import dev.cvt4j.model.CvtModel;
import dev.cvt4j.model.WeightLoader;
import java.nio.file.Path;

/** cvt4j's CvT-13 with the official weights, run through {@link CvtModel#logits}. */
final class CvtSubject extends DjlSubject {
    private final CvtModel model;

    /** @param weights the official CvT-13 checkpoint */
    CvtSubject(Path weights) {
        model = WeightLoader.loadModel(Presets.get("cvt-13").model(), weights);
    }

    @Override
    public String name() {
        return "cvt4j (DJL 0.35.1 + PyTorch 2.7.1, eager)";
    }

    @Override
    public boolean isCvt4j() {
        return true;
    }

    @Override
    protected NDList forward(NDArray images) {
        return new NDList(model.logits(images));
    }

    @Override
    protected void closeModel() {
        model.close();
    }
}
