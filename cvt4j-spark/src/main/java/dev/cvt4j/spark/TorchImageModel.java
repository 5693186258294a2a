package dev.cvt4j.spark;

import dev.cvt4j.checkpoint.WeightLoader;
import dev.cvt4j.image.EvalTransform;
import dev.cvt4j.inference.Preprocessing;
import dev.cvt4j.model.CvtModel;
import dev.cvt4j.model.ExperimentConfig;
import java.nio.file.Path;

/** The PyTorch engine: a {@link CvtModel} (DJL blocks) with the config's evaluation transform. */
final class TorchImageModel implements ImageModel {
    private final CvtModel model;
    private final EvalTransform transform;

    private TorchImageModel(CvtModel model, EvalTransform transform) {
        this.model = model;
        this.transform = transform;
    }

    /**
     * @param experiment the network and its TEST settings
     * @param weights a local checkpoint file
     * @return the loaded model
     * @throws dev.cvt4j.checkpoint.CheckpointException naming the file when it is unreadable or does not fit
     */
    static TorchImageModel load(ExperimentConfig experiment, Path weights) {
        return new TorchImageModel(WeightLoader.loadModel(experiment.model(), weights),
                Preprocessing.evalTransform(experiment.test()));
    }

    @Override
    public Predictor newPredictor() {
        return new TorchPredictor(model, transform);
    }

    @Override
    public void close() {
        model.close();
    }
}
