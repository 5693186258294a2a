package dev.cvt4j.cli;

import dev.cvt4j.checkpoint.WeightLoader;
import dev.cvt4j.model.CvtModel;
import dev.cvt4j.model.ExperimentConfig;
import java.nio.file.Path;

/** Builds a model and fills it strictly from a checkpoint file, closing it again on failure. */
final class WeightsLoading {
    private WeightsLoading() {}

    static CvtModel load(ExperimentConfig experiment, Path weights) {
        CvtModel model = CvtModel.create(experiment.model());
        try {
            WeightLoader.load(model, weights);
            return model;
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }
}
