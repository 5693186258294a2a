package dev.cvt4j.inference.djl;

import ai.djl.Model;
import ai.djl.nn.Block;
import ai.djl.nn.BlockFactory;
import dev.cvt4j.checkpoint.CheckpointException;
import dev.cvt4j.config.ConfigException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * DJL's hook for building a model's block before {@code Model.load} (the criteria or artifact
 * argument {@code blockFactory}, read by DJL's {@code BaseModelLoader.createModel}): the
 * {@link dev.cvt4j.model.Cvt} network of the {@code model} argument, in the DJL model's manager,
 * filled strictly from the checkpoint of the {@code weights} argument (both as in
 * {@link CvtModelLoader}). {@link CvtRepositoryFactory} supplies this factory and {@code weights} for
 * a checkpoint given by {@code optModelPath}, together with the option {@code hasParameter=false},
 * which keeps {@code Model.load} from looking for DJL parameter files.
 */
public final class CvtBlockFactory implements BlockFactory {
    private static final long serialVersionUID = 1L;

    /**
     * @param model the DJL model that will own the block; closed when building fails
     * @param modelPath the model directory (unused: the checkpoint is the {@code weights} argument)
     * @param arguments the criteria arguments merged with the artifact's
     * @return the loaded network
     * @throws IOException when the checkpoint is missing, unreadable or does not fit the model; the
     *     message is the one line of the {@link CheckpointException} (its cause), naming the file
     * @throws ConfigException when {@code model} or {@code weights} is missing, or {@code model} is
     *     neither a preset nor a valid official YAML file
     */
    @Override
    public Block newBlock(Model model, Path modelPath, Map<String, ?> arguments) throws IOException {
        try {
            return CvtArguments.loadNet(CvtArguments.experiment(arguments), model, arguments);
        } catch (CheckpointException e) {
            model.close();
            throw new IOException(e.getMessage(), e);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }
}
