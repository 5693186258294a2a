/**
 * cvt4j as a DJL model provider: DJL's {@code Criteria}, {@code ZooModel} and {@code Predictor} load a
 * CvT image classifier ({@code Image -> Classifications}) from an official or HuggingFace checkpoint,
 * on the PyTorch engine, with the network of {@link dev.cvt4j.model.Cvt} as the DJL block and the
 * evaluation transform of {@link dev.cvt4j.inference.Preprocessing} in {@link CvtTranslator}.
 *
 * <p><b>What this package registers for the whole JVM</b>, through two files in
 * {@code META-INF/services} that DJL reads with {@link java.util.ServiceLoader} (thread context
 * class loader), as soon as cvt4j-core is on the class path and whether or not cvt4j code is called:
 * <ul>
 *   <li>{@code ai.djl.repository.RepositoryFactory}: {@link CvtRepositoryFactory} <em>replaces
 *       DJL's own repository factory for the {@code file} scheme</em>. DJL 0.35.1 builds its scheme
 *       table once, in the static initialiser of {@code RepositoryFactoryImpl}, i.e. the first time
 *       anything in the JVM resolves a repository ({@code Repository.newInstance}, which
 *       {@code Criteria.loadModel} calls for {@code optModelPath} and {@code optModelUrls}): DJL's
 *       {@code file}, {@code jar}, {@code djl} (and, when their fuse tools are installed, {@code s3},
 *       {@code gs}) factories first, then every service, each overwriting the schemes it claims. From
 *       then on every local path or {@code file:} URL any DJL user in the JVM loads goes through
 *       cvt4j: a state-dict checkpoint ({@link dev.cvt4j.checkpoint.CheckpointFormat#recognize}:
 *       safetensors or a non-TorchScript {@code torch.save} zip) gets a {@code CheckpointRepository}
 *       (cvt4j's {@link CvtBlockFactory} and {@link CvtTranslatorFactory}); every other path gets
 *       the repository DJL's own factory would have returned.
 *   <li>{@code ai.djl.repository.zoo.ZooProvider}: {@link CvtZooProvider} adds {@link CvtModelZoo}
 *       (group id {@code dev.cvt4j}, one loader, {@link CvtModelLoader}) to DJL's zoo registry, in
 *       the static initialiser of {@code ModelZoo} (the first use of DJL's model zoos). A criteria
 *       without {@code optModelPath} reaches it when it names the group
 *       ({@code optGroupId("dev.cvt4j")}) or names none, DJL then asking every zoo; the loader
 *       declines, with {@code ModelNotFoundException}, a criteria that is not for it.
 * </ul>
 * Nothing else is registered; the block and translator factories are named by the repository's
 * artifact (or by a criteria's {@code blockFactory}/{@code translatorFactory} arguments) and made by
 * DJL on demand.
 *
 * <p>Depends on DJL (api and PyTorch engine), {@link dev.cvt4j.config}, {@link dev.cvt4j.model},
 * {@link dev.cvt4j.checkpoint} and the plain facade {@link dev.cvt4j.inference}; nothing in cvt4j
 * depends on this package (DJL finds it through the service files), and it must stay so: the facade
 * and the engines do not use DJL's repository or zoo machinery.
 */
package dev.cvt4j.inference.djl;
