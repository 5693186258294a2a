package dev.cvt4j.train.run;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import dev.cvt4j.checkpoint.CheckpointException;
import dev.cvt4j.eval.ImageFolderListing;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * Where a training checkpoint came from, so that it can explain itself later: the software that
 * wrote it, the settings a run's numbers depend on (runs are deterministic for a seed and a thread
 * count), the fine-tuning source and the data. Saved as JSON in every checkpoint's safetensors
 * {@code __metadata__} under {@link TrainCheckpoint#PROVENANCE_KEY}; {@code cvt inspect} prints it.
 *
 * @param cvt4jVersion the cvt4j version of the jar, or {@code development build}
 * @param cvt4jCommit the git commit the classes were built from ({@code git.properties} of the build),
 *     with {@code -dirty} when the tree had changes, or {@code unknown} when built outside git
 * @param djlVersion DJL's version ({@code Engine.getDjlVersion()})
 * @param pytorchVersion the PyTorch native library's version
 * @param intraOpThreads PyTorch intra-op threads ({@code torch.get_num_threads()})
 * @param interOpThreads PyTorch inter-op threads ({@code torch.get_num_interop_threads()})
 * @param seed the run's seed
 * @param finetune the {@code --finetune} weights as given, or null for a run from scratch
 * @param finetuneSha256 the SHA-256 of the {@code --finetune} file (hex), or null
 * @param classes the class names in class-index order
 * @param images training images
 * @param dataSha256 SHA-256 (hex) of the data listing: one line {@code split/relative path<TAB>class
 *     index} per training and validation image, in the loaders' order
 * @param started when the run started (ISO-8601 UTC)
 * @param saved when this checkpoint was written (ISO-8601 UTC)
 */
public record Provenance(
        String cvt4jVersion,
        String cvt4jCommit,
        String djlVersion,
        String pytorchVersion,
        int intraOpThreads,
        int interOpThreads,
        long seed,
        String finetune,
        String finetuneSha256,
        List<String> classes,
        int images,
        String dataSha256,
        String started,
        String saved) {

    /** Copies the class list. */
    public Provenance {
        classes = List.copyOf(classes);
    }

    /**
     * The provenance of a run starting now.
     *
     * @param seed the run's seed
     * @param finetune the {@code --finetune} weights, if any
     * @param data the data root
     * @param classes the class names in class-index order
     * @param train the training images
     * @param val the validation images
     * @return the provenance, with {@code saved} equal to {@code started}
     * @throws CheckpointException naming the fine-tuning file when it cannot be read
     */
    static Provenance start(
            long seed,
            Optional<Path> finetune,
            Path data,
            List<String> classes,
            List<ImageFolderListing.Sample> train,
            List<ImageFolderListing.Sample> val) {
        String now = Instant.now().toString();
        return new Provenance(
                version(),
                commit(),
                Engine.getDjlVersion(),
                Engine.getInstance().getVersion(),
                JniUtils.getNumThreads(),
                JniUtils.getNumInteropThreads(),
                seed,
                finetune.map(Path::toString).orElse(null),
                finetune.map(Provenance::sha256).orElse(null),
                classes,
                train.size(),
                listing(data, List.of(train, val)),
                now,
                now);
    }

    /** @return a copy saved at {@code time} */
    Provenance savedAt(Instant time) {
        return new Provenance(
                cvt4jVersion,
                cvt4jCommit,
                djlVersion,
                pytorchVersion,
                intraOpThreads,
                interOpThreads,
                seed,
                finetune,
                finetuneSha256,
                classes,
                images,
                dataSha256,
                started,
                time.toString());
    }

    private static String version() {
        String v = Provenance.class.getPackage().getImplementationVersion();
        return v == null ? "development build" : v;
    }

    private static String commit() {
        Properties git = new Properties();
        try (InputStream in = Provenance.class.getResourceAsStream("/dev/cvt4j/train/git.properties")) {
            if (in != null) {
                git.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the build's git.properties", e);
        }
        String id = git.getProperty("git.commit.id");
        if (id == null || id.isBlank()) {
            return "unknown";
        }
        return "true".equals(git.getProperty("git.dirty")) ? id + "-dirty" : id;
    }

    private static String listing(Path data, List<List<ImageFolderListing.Sample>> splits) {
        MessageDigest sha = sha256();
        for (List<ImageFolderListing.Sample> split : splits) {
            for (ImageFolderListing.Sample s : split) {
                String line = data.relativize(s.file()).toString().replace('\\', '/') + "\t" + s.target() + "\n";
                sha.update(line.getBytes(StandardCharsets.UTF_8));
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static String sha256(Path file) {
        MessageDigest sha = sha256();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha)) {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new CheckpointException(file, "cannot read (" + e.getMessage() + ")", e);
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }
}
