package dev.cvt4j.inference.djl;

import ai.djl.repository.LocalRepository;
import ai.djl.repository.Metadata;
import ai.djl.repository.Repository;
import ai.djl.repository.RepositoryFactory;
import ai.djl.repository.SimpleRepository;
import ai.djl.util.JsonUtils;
import com.google.gson.JsonParseException;
import dev.cvt4j.checkpoint.CheckpointFormat;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Makes {@code Criteria.Builder.optModelPath(checkpoint)} (and {@code optModelUrls("file:...")}) load
 * a cvt4j checkpoint: DJL's repository factory for {@code file:} URLs, registered through
 * {@code META-INF/services/ai.djl.repository.RepositoryFactory}.
 *
 * <p>Why here: in DJL 0.35.1 {@code optModelPath} makes the criteria's zoo a
 * {@code DefaultModelZoo} for the path's URL, so no registered zoo is asked; that zoo gets its
 * repository from the factory registered for the URL's scheme, and loads each resource with DJL's
 * {@code BaseModelLoader}, which takes its block factory, translator factory, engine and options
 * from the repository's artifact. DJL registers its own {@code file} factory first and the
 * {@code RepositoryFactory} services after it, so this one replaces it for the whole JVM.
 *
 * <p>What changes: a path that {@link CheckpointFormat#recognize recognizes} as a state-dict
 * checkpoint (a {@code torch.save} zip archive, not a TorchScript one, or a safetensors file) gets a
 * {@link CheckpointRepository}, which loads it with {@link CvtBlockFactory} and
 * {@link CvtTranslatorFactory}; DJL's PyTorch engine cannot load such a file itself (it loads
 * TorchScript only). Every other path gets exactly what DJL's own factory returns (DJL 0.35.1's
 * {@code RepositoryFactoryImpl.LocalRepositoryFactory}): a {@link LocalRepository} for a directory
 * holding a valid {@code metadata.json} below its top level, else a {@link SimpleRepository}.
 */
public final class CvtRepositoryFactory implements RepositoryFactory {
    private static final String SCHEME = "file";

    /** @return {@code file} */
    @Override
    public Set<String> getSupportedScheme() {
        return Set.of(SCHEME);
    }

    /**
     * @param name the repository name
     * @param uri a {@code file:} URL or a path without scheme
     * @return a {@link CheckpointRepository} for a recognised checkpoint file, else DJL's own repository
     */
    @Override
    public Repository newInstance(String name, URI uri) {
        Path path = Path.of(filePath(uri));
        if (CheckpointFormat.recognize(path).isPresent()) {
            return new CheckpointRepository(name, uri, path);
        }
        if (Files.isDirectory(path) && holdsRepositoryMetadata(path)) {
            return new LocalRepository(name, path.toUri(), path) {}; // DJL's constructors are protected
        }
        return new SimpleRepository(name, uri, path) {};
    }

    /** The file path of a URL as DJL reads it ({@code RepositoryFactoryImpl.parseFilePath}). */
    private static String filePath(URI uri) {
        String path = uri.getPath() != null ? uri.getPath() : uri.getSchemeSpecificPart();
        if (path.startsWith(SCHEME + ":")) {
            path = path.substring(SCHEME.length() + 1);
        }
        if (path.startsWith("/") && System.getProperty("os.name").startsWith("Win")) {
            path = path.substring(1);
        }
        return path;
    }

    /** Whether a {@code metadata.json} below the top level of {@code root} describes DJL artifacts. */
    private static boolean holdsRepositoryMetadata(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            return files.anyMatch(f -> Files.isRegularFile(f)
                    && !root.equals(f.getParent())
                    && f.getFileName().toString().equals("metadata.json")
                    && describesArtifacts(f));
        } catch (IOException | UncheckedIOException e) {
            return false;
        }
    }

    private static boolean describesArtifacts(Path metadataFile) {
        try (Reader reader = Files.newBufferedReader(metadataFile)) {
            Metadata metadata = JsonUtils.GSON.fromJson(reader, Metadata.class);
            return metadata != null && metadata.getMetadataVersion() != null && metadata.getArtifacts() != null;
        } catch (IOException | JsonParseException e) {
            return false;
        }
    }
}
