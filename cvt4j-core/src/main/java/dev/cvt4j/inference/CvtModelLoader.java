package dev.cvt4j.inference;

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
import ai.djl.translate.ArgumentsUtil;
import ai.djl.translate.Translator;
import ai.djl.util.Progress;
import dev.cvt4j.checkpoint.CheckpointException;
import dev.cvt4j.checkpoint.WeightLoader;
import dev.cvt4j.model.ConfigException;
import dev.cvt4j.model.Cvt;
import dev.cvt4j.model.ExperimentConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Loads a CvT image classifier for DJL's {@link Criteria}: a real DJL {@link Model} (PyTorch engine)
 * whose block is the {@link Cvt} network, filled strictly from an official or HuggingFace checkpoint
 * by {@link WeightLoader}, with a {@link CvtTranslator}.
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

    private static final List<String> CHECKPOINT_SUFFIXES = List.of(".pth", ".pt", ".bin", ".safetensors");

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
    public <I, O> ZooModel<I, O> loadModel(Criteria<I, O> criteria) throws ModelNotFoundException,
            MalformedModelException {
        if (criteria.getInputClass() != Image.class || criteria.getOutputClass() != Classifications.class) {
            throw new ModelNotFoundException("cvt4j loads Image -> Classifications models, not "
                    + criteria.getInputClass().getSimpleName() + " -> " + criteria.getOutputClass().getSimpleName());
        }
        Map<String, Object> args = criteria.getArguments() == null ? Map.of() : criteria.getArguments();
        String model = ArgumentsUtil.stringValue(args, "model");
        String weights = ArgumentsUtil.stringValue(args, "weights");
        if (model == null || weights == null) {
            throw new ModelNotFoundException("cvt4j needs the criteria arguments 'model' (preset or YAML file) and"
                    + " 'weights' (checkpoint file or directory)");
        }
        try {
            ExperimentConfig experiment = ExperimentConfig.resolve(model);
            int imageSize = ArgumentsUtil.intValue(args, "imageSize", 0);
            if (imageSize != 0) {
                experiment = experiment.withImageSize(imageSize);
            }
            Translator<Image, Classifications> translator = new CvtTranslator(
                    Preprocessing.evalTransform(experiment.test()),
                    Labels.forClasses(experiment.model().numClasses()), ArgumentsUtil.intValue(args, "topK", 5));
            Model djlModel = newModel(experiment, checkpoint(Path.of(weights)), criteria);
            @SuppressWarnings("unchecked") // I and O were checked to be Image and Classifications above
            ZooModel<I, O> zooModel = new ZooModel<>(djlModel, (Translator<I, O>) translator);
            return zooModel;
        } catch (ConfigException | CheckpointException | IllegalArgumentException e) {
            throw new MalformedModelException(e.getMessage(), e);
        }
    }

    private static Model newModel(ExperimentConfig experiment, Path checkpoint, Criteria<?, ?> criteria) {
        Model model = Model.newInstance(experiment.name(), criteria.getDevice(), CvtModelZoo.ENGINE);
        try {
            Cvt net = Cvt.create(experiment.model(), model.getNDManager());
            WeightLoader.load(net, checkpoint);
            model.setBlock(net);
            return model;
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /** The checkpoint file itself, or the only checkpoint file in a directory. */
    private static Path checkpoint(Path weights) {
        if (!Files.isDirectory(weights)) {
            return weights;
        }
        List<Path> found;
        try (Stream<Path> files = Files.list(weights)) {
            found = files.filter(Files::isRegularFile)
                    .filter(f -> CHECKPOINT_SUFFIXES.stream()
                            .anyMatch(s -> f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(s)))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new CheckpointException(weights, "cannot list the directory (" + e.getMessage() + ")", e);
        }
        if (found.size() != 1) {
            throw new CheckpointException(weights, (found.isEmpty() ? "no checkpoint file" : "several checkpoint files "
                    + found.stream().map(f -> f.getFileName().toString()).toList()) + " in the directory; expected"
                    + " exactly one of " + String.join(", ", CHECKPOINT_SUFFIXES));
        }
        return found.get(0);
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
