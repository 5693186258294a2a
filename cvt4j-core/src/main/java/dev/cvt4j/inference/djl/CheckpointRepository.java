package dev.cvt4j.inference.djl;

import ai.djl.repository.Artifact;
import ai.djl.repository.MRL;
import ai.djl.repository.Metadata;
import ai.djl.repository.SimpleRepository;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/**
 * DJL's local repository for one file ({@link SimpleRepository}) whose artifact tells DJL's
 * {@code BaseModelLoader} how to load a cvt4j checkpoint instead of a TorchScript file: the arguments
 * {@code blockFactory} ({@link CvtBlockFactory}), {@code translatorFactory}
 * ({@link CvtTranslatorFactory}), {@code weights} (the file) and {@code engine} ({@code PyTorch}),
 * and the option {@code hasParameter=false}. Criteria arguments and options override these, as DJL
 * merges them.
 */
final class CheckpointRepository extends SimpleRepository {
    private final Path checkpoint;

    /**
     * @param name the repository name (DJL passes the URL)
     * @param uri the {@code file:} URL, possibly with a query of extra arguments (e.g. {@code ?model=cvt-13})
     * @param checkpoint the checkpoint file
     */
    CheckpointRepository(String name, URI uri, Path checkpoint) {
        super(name, uri, checkpoint);
        this.checkpoint = checkpoint;
    }

    /** @return the file's metadata, whose one artifact carries the cvt4j arguments and options */
    @Override
    public Metadata locate(MRL mrl) throws IOException {
        Metadata metadata = super.locate(mrl);
        for (Artifact artifact : metadata.getArtifacts()) {
            Map<String, Object> arguments = artifact.getArguments();
            arguments.put("blockFactory", new CvtBlockFactory());
            arguments.put("translatorFactory", CvtTranslatorFactory.class.getName());
            arguments.put(CvtArguments.WEIGHTS, checkpoint.toString());
            arguments.put("engine", CvtModelZoo.ENGINE);
            artifact.setOptions(Map.of("hasParameter", "false"));
        }
        return metadata;
    }
}
