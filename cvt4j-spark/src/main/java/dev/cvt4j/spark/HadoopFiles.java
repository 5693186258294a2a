package dev.cvt4j.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;

/**
 * Files named by any Hadoop file system URI ({@code /local/path}, {@code file:}, {@code hdfs:},
 * {@code s3a:}) made available as local files, which the checkpoint and YAML readers need. Local files
 * are used where they are; others are copied once per JVM into a temporary folder deleted at exit
 * (files are deleted in the reverse order of registration: the file, then its folder).
 */
final class HadoopFiles {
    private static final Map<String, Path> COPIES = new ConcurrentHashMap<>();

    private HadoopFiles() {}

    /**
     * @param uri a path or URI
     * @param conf the Hadoop configuration
     * @return whether it names an existing regular file
     * @throws UncheckedIOException naming the URI when its file system cannot be reached
     */
    static boolean isFile(String uri, HadoopConf conf) {
        org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(uri);
        try {
            FileSystem fs = path.getFileSystem(conf.get());
            return fs.exists(path) && fs.getFileStatus(path).isFile();
        } catch (IOException e) {
            throw new UncheckedIOException(uri + ": cannot reach its file system (" + e.getMessage() + ")", e);
        }
    }

    /**
     * @param uri a path or URI; a relative path is relative to this JVM's working directory
     * @param conf the Hadoop configuration
     * @return the fully qualified URI ({@code file:/abs/path}, {@code hdfs://namenode/path}), which names the
     *     same file on the executors, whose working directories differ from the driver's
     * @throws UncheckedIOException naming the URI when its file system cannot be reached
     */
    static String qualified(String uri, HadoopConf conf) {
        org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(uri);
        try {
            return path.getFileSystem(conf.get()).makeQualified(path).toString();
        } catch (IOException e) {
            throw new UncheckedIOException(uri + ": cannot reach its file system (" + e.getMessage() + ")", e);
        }
    }

    /**
     * @param uri a path or URI of an existing file
     * @param conf the Hadoop configuration
     * @return a local path holding the file's bytes
     * @throws UncheckedIOException naming the URI when it cannot be read or copied
     */
    static Path local(String uri, HadoopConf conf) {
        URI parsed = new org.apache.hadoop.fs.Path(uri).toUri();
        if (parsed.getScheme() == null || "file".equals(parsed.getScheme())) {
            return Path.of(parsed.getPath());
        }
        return COPIES.computeIfAbsent(uri, u -> copy(u, conf));
    }

    private static Path copy(String uri, HadoopConf conf) {
        org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(uri);
        try {
            FileSystem fs = path.getFileSystem(conf.get());
            FileStatus status = fs.getFileStatus(path);
            Path dir = Files.createTempDirectory("cvt4j-spark-");
            Path local = dir.resolve(path.getName());
            try (var in = fs.open(status.getPath())) {
                Files.copy(in, local, StandardCopyOption.REPLACE_EXISTING);
            }
            dir.toFile().deleteOnExit();
            local.toFile().deleteOnExit();
            return local;
        } catch (IOException e) {
            throw new UncheckedIOException(uri + ": cannot copy to a local file (" + e.getMessage() + ")", e);
        }
    }
}
