package dev.cvt4j.inference.djl;

import ai.djl.Application;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.modality.Classifications;
import ai.djl.modality.cv.Image;
import ai.djl.repository.MRL;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelLoader;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.Translator;
import ai.djl.util.Progress;
import dev.cvt4j.checkpoint.CheckpointException;
import dev.cvt4j.config.ConfigException;
import dev.cvt4j.config.ExperimentConfig;
import java.util.Map;

/**
 * Loads a CvT image classifier for DJL's {@link Criteria} when the criteria names this zoo
 * ({@code optGroupId("dev.cvt4j")}): a real DJL {@link Model} (PyTorch engine) whose block is the
 * {@link dev.cvt4j.model.Cvt} network, filled strictly from an official or HuggingFace checkpoint by
 * {@link dev.cvt4j.model.WeightLoader}, with a {@link CvtTranslator}. (A criteria with
 * {@code optModelPath} never reaches a zoo; {@link CvtRepositoryFactory} serves it.)
 *
 * <p>Criteria arguments:
 * <ul>
 *   <li>{@code model} (required): a preset ({@code cvt-13}, {@code cvt-21}, {@code cvt-w24}) or an
 *       official experiment YAML file;
 *   <li>{@code weights} (required): a checkpoint file ({@code .pth}, {@code .pt}, {@code .bin},
 *       {@code .safetensors}) or a directory holding exactly one;
 *   <li>{@code imageSize} (optional): square evaluation size in pixels (default: the config's);
 *   <li>{@code topK} (optional, default 5): classes the {@link Classifications} report.
 * </ul>
 * A criteria for other types than {@code Image -> Classifications}, or without {@code model} and
 * {@code weights}, is not this loader's: it answers {@link ModelNotFoundException} so that DJL tries
 * the next loader.
 */
public final class CvtModelLoader implements ModelLoader {
    /** This loader's artifact id. */
    public static final String ARTIFACT_ID = "cvt";

    /** {@inheritDoc} */
    @Override
    public String getGroupId() {
        return CvtModelZoo.GROUP_ID;
    }

    /** {@inheritDoc} */
    @Override
    public String getArtifactId() {
        return ARTIFACT_ID;
    }

    /** @return {@code cv/image_classification} */
    @Override
    public Application getApplication() {
        return Application.CV.IMAGE_CLASSIFICATION;
    }

    /** @return the model's resource locator; it has no repository, since the weights come from the criteria */
    @Override
    public MRL getMrl() {
        return MRL.model(null, getApplication(), getGroupId(), ARTIFACT_ID, "0.1.0", ARTIFACT_ID);
    }

    /**
     * @throws ModelNotFoundException when the criteria asks for other types or lacks {@code model} or
     *     {@code weights}
     * @throws MalformedModelException when the config is invalid, or the checkpoint is missing,
     *     unreadable or does not fit the model (the message names the file and the problem)
     */
    @Override
    public <I, O> ZooModel<I, O> loadModel(Criteria<I, O> criteria)
            throws ModelNotFoundException, MalformedModelException {
        if (criteria.getInputClass() != Image.class || criteria.getOutputClass() != Classifications.class) {
            throw new ModelNotFoundException("cvt4j loads Image -> Classifications models, not "
                    + criteria.getInputClass().getSimpleName() + " -> "
                    + criteria.getOutputClass().getSimpleName());
        }
        Map<String, Object> args = criteria.getArguments() == null ? Map.of() : criteria.getArguments();
        if (!args.containsKey(CvtArguments.MODEL) || !args.containsKey(CvtArguments.WEIGHTS)) {
            throw new ModelNotFoundException("cvt4j needs the criteria arguments '" + CvtArguments.MODEL
                    + "' (preset or YAML file) and '" + CvtArguments.WEIGHTS + "' (checkpoint file or directory)");
        }
        try {
            ExperimentConfig experiment = CvtArguments.experiment(args);
            Translator<Image, Classifications> translator = CvtArguments.translator(experiment, args);
            Model djlModel = Model.newInstance(experiment.name(), criteria.getDevice(), CvtModelZoo.ENGINE);
            try {
                djlModel.setBlock(CvtArguments.loadNet(experiment, djlModel, args));
            } catch (RuntimeException e) {
                djlModel.close();
                throw e;
            }
            @SuppressWarnings("unchecked") // I and O were checked to be Image and Classifications above
            ZooModel<I, O> zooModel = new ZooModel<>(djlModel, (Translator<I, O>) translator);
            return zooModel;
        } catch (ConfigException | CheckpointException | IllegalArgumentException e) {
            throw new MalformedModelException(e.getMessage(), e);
        }
    }

    /** @return {@code true}: nothing to download, the weights are local files */
    @Override
    public <I, O> boolean isDownloaded(Criteria<I, O> criteria) {
        return true;
    }

    /** Does nothing: the weights are local files. */
    @Override
    public <I, O> void downloadModel(Criteria<I, O> criteria, Progress progress) {
        // Nothing to fetch: offline by design.
    }

    /** @return {@code dev.cvt4j:cvt} */
    @Override
    public String toString() {
        return getGroupId() + ":" + ARTIFACT_ID;
    }
}
