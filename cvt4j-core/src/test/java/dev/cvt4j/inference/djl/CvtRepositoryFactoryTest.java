package dev.cvt4j.inference.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import ai.djl.repository.Artifact;
import ai.djl.repository.MRL;
import ai.djl.repository.Repository;
import ai.djl.repository.RepositoryFactory;
import ai.djl.repository.SimpleRepository;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.training.ParameterStore;
import dev.cvt4j.Fixtures;
import java.lang.reflect.Constructor;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link CvtRepositoryFactory} replaces DJL's {@code file} repository factory: checkpoints get a
 * {@link CheckpointRepository}, every other path exactly what DJL 0.35.1's own factory returns
 * (compared with that factory itself), and DJL's own local model loading keeps working.
 */
class CvtRepositoryFactoryTest {
    @TempDir
    Path dir;

    /** DJL's own {@code file} factory, which the service registration replaces (private in DJL). */
    private static RepositoryFactory djlOwnFileFactory() throws ReflectiveOperationException {
        Constructor<?> constructor = Class.forName("ai.djl.repository.RepositoryFactoryImpl$LocalRepositoryFactory")
                .getDeclaredConstructor();
        constructor.setAccessible(true);
        return (RepositoryFactory) constructor.newInstance();
    }

    private static String describe(Repository repository) throws Exception {
        Class<?> type = repository.getClass().isAnonymousClass()
                ? repository.getClass().getSuperclass()
                : repository.getClass();
        StringBuilder s = new StringBuilder(type.getName())
                .append(' ')
                .append(repository.getName())
                .append(' ')
                .append(repository.getBaseUri())
                .append(" remote=")
                .append(repository.isRemote());
        for (MRL mrl : repository.getResources()) {
            s.append(' ')
                    .append(mrl.getApplication())
                    .append(':')
                    .append(mrl.getGroupId())
                    .append(':')
                    .append(mrl.getArtifactId())
                    .append(':')
                    .append(mrl.getDefaultArtifact());
        }
        return s.toString();
    }

    @Test
    void theServiceRegistrationReplacesDjlsFileFactory() {
        Path checkpoint = Fixtures.path("cvt-tiny", "official.pth");
        assertInstanceOf(CheckpointRepository.class, Repository.newInstance("tiny", checkpoint));
        assertInstanceOf(
                CheckpointRepository.class,
                Repository.newInstance("tiny", checkpoint.toUri().toString()));
    }

    @Test
    void aCheckpointRepositoryIsDjlsWithTheCvt4jLoadingArguments() throws Exception {
        Path checkpoint = Fixtures.path("cvt-tiny", "hf.safetensors");
        URI uri = checkpoint.toUri();
        Repository ours = new CvtRepositoryFactory().newInstance(uri.toString(), uri);
        Repository djl = djlOwnFileFactory().newInstance(uri.toString(), uri);
        assertEquals(
                describe(djl).replace(SimpleRepository.class.getName(), CheckpointRepository.class.getName()),
                describe(ours));

        Artifact artifact = ours.getResources().get(0).getDefaultArtifact();
        Map<String, Object> arguments = artifact.getArguments(Map.of("model", "cvt-13"));
        assertInstanceOf(CvtBlockFactory.class, arguments.get("blockFactory"));
        assertEquals(CvtTranslatorFactory.class.getName(), arguments.get("translatorFactory"));
        assertEquals(checkpoint.toString(), arguments.get("weights"));
        assertEquals("PyTorch", arguments.get("engine"));
        assertEquals("cvt-13", arguments.get("model"));
        assertEquals(Map.of("hasParameter", "false"), artifact.getOptions(Map.of()));
        assertEquals("true", artifact.getOptions(Map.of("hasParameter", "true")).get("hasParameter"));
    }

    @Test
    void everyOtherPathGetsWhatDjlsOwnFactoryReturns() throws Exception {
        Path text = Files.writeString(dir.resolve("notes.pth"), "not a checkpoint");
        Path plain = Files.createDirectories(dir.resolve("plain"));
        Files.writeString(plain.resolve("model.pt"), "a TorchScript file would be here");
        Path repository = Files.createDirectories(dir.resolve("repo/ai/djl/localmodelzoo/mymodel"));
        Files.writeString(
                repository.resolve("metadata.json"),
                "{\"metadataVersion\": \"0.2\", \"groupId\":"
                        + " \"ai.djl.localmodelzoo\", \"artifactId\": \"mymodel\", \"artifacts\": []}");
        Path broken = Files.createDirectories(dir.resolve("broken/sub"));
        Files.writeString(broken.resolve("metadata.json"), "{ not json");
        Path archive = dir.resolve("model.zip");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(archive))) {
            zip.putNextEntry(new ZipEntry("model/model.pt"));
            zip.write(new byte[] {1, 2, 3});
            zip.closeEntry();
        }
        List<URI> uris = List.of(
                text.toUri(),
                plain.toUri(),
                dir.resolve("repo").toUri(),
                dir.resolve("broken").toUri(),
                archive.toUri(),
                dir.resolve("missing.pth").toUri(),
                URI.create("relative/model"));
        RepositoryFactory djl = djlOwnFileFactory();
        RepositoryFactory ours = new CvtRepositoryFactory();
        for (URI uri : uris) {
            assertEquals(describe(djl.newInstance("r", uri)), describe(ours.newInstance("r", uri)), uri.toString());
        }
    }

    @Test
    void djlsOwnLocalModelsStillLoadByPath() throws Exception {
        Block saved = Linear.builder().setUnits(2).build();
        float[] expected;
        try (Model model = Model.newInstance("linear", "PyTorch");
                NDManager manager = NDManager.newBaseManager()) {
            model.setBlock(saved);
            saved.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 3));
            model.save(dir, "linear");
            NDArray x = manager.create(new float[] {1, 2, 3}, new Shape(1, 3));
            expected = saved.forward(new ParameterStore(manager, false), new NDList(x), false)
                    .head()
                    .toFloatArray();
        }
        Criteria<NDList, NDList> criteria = Criteria.builder()
                .setTypes(NDList.class, NDList.class)
                .optModelPath(dir)
                .optModelName("linear")
                .optBlock(Linear.builder().setUnits(2).build())
                .build();
        try (ZooModel<NDList, NDList> model = criteria.loadModel();
                Predictor<NDList, NDList> predictor = model.newPredictor();
                NDManager manager = NDManager.newBaseManager()) {
            NDList out = predictor.predict(new NDList(manager.create(new float[] {1, 2, 3}, new Shape(1, 3))));
            assertEquals(
                    List.of(expected[0], expected[1]),
                    List.of(out.head().toFloatArray()[0], out.head().toFloatArray()[1]));
        }
    }
}
