package dev.cvt4j.checkpoint;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * Writes a file so that a crash never leaves it half-written: the content goes to a hidden
 * temporary file in the same directory, is forced to disk, and is then renamed over the target
 * (an atomic replace on POSIX file systems); finally the directory itself is synced.
 */
public final class AtomicFile {
    private AtomicFile() {}

    /** Produces the content of the file. */
    @FunctionalInterface
    public interface Content {
        /** Writes the whole content to {@code channel}, which is positioned at 0 and closed by the caller. */
        void writeTo(FileChannel channel) throws IOException;
    }

    /**
     * Replaces {@code target} with what {@code content} writes; the temporary file is removed on failure.
     *
     * @param target the file to create or replace
     * @param content writes the bytes
     * @throws CheckpointException naming {@code target} if writing, syncing or renaming fails
     */
    public static void write(Path target, Content content) {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        Path tmp = dir.resolve("." + absolute.getFileName() + "." + UUID.randomUUID() + ".tmp");
        boolean moved = false;
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                content.writeTo(channel);
                channel.force(true);
            }
            Files.move(tmp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            moved = true;
            syncDirectory(dir);
        } catch (IOException e) {
            throw CheckpointException.writeFailure(target, e);
        } finally {
            if (!moved) {
                deleteQuietly(tmp);
            }
        }
    }

    /** Makes the rename durable; best effort, since some platforms (Windows) cannot open a directory. */
    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException unsupported) {
            // The file content is already on disk; only the rename's durability is platform-dependent.
        }
    }

    private static void deleteQuietly(Path tmp) {
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
            // The original failure is the one worth reporting; a leftover hidden .tmp file is harmless.
        }
    }
}
