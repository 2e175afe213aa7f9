package io.pumplink.gateway.journal;

import io.pumplink.config.FileReasons;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Names of the journal's files and the few file-system steps whose order makes them crash-safe. The gateway's
 * other state files, kept in the journal's directory, are replaced with {@link #replaceAtomically} too.
 */
public final class JournalFiles {
    private static final Logger LOG = LoggerFactory.getLogger(JournalFiles.class);
    /** Health data: readable by the gateway's user only. */
    private static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwx------");
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    /** For every file the journal creates: born 0600, never briefly readable by others. */
    static final FileAttribute<?>[] OWNER_ONLY = POSIX
            ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE_MODE)} : new FileAttribute<?>[0];
    private static final String SEGMENT_PREFIX = "segment-";
    private static final String SEGMENT_SUFFIX = ".log";
    private static final String RELEASED_SUFFIX = ".released";

    private JournalFiles() {
    }

    static Path segment(Path dir, long base) {
        return dir.resolve(String.format("%s%020d%s", SEGMENT_PREFIX, base, SEGMENT_SUFFIX));
    }

    static Path releaseLog(Path segmentFile) {
        String name = segmentFile.getFileName().toString();
        return segmentFile.resolveSibling(name.substring(0, name.length() - SEGMENT_SUFFIX.length()) + RELEASED_SUFFIX);
    }

    /** The base sequence of a segment file, empty for any other file. */
    static OptionalLong segmentBase(Path file) {
        return baseOf(file, SEGMENT_SUFFIX);
    }

    /** The base sequence of a release log, empty for any other file. */
    static OptionalLong releaseLogBase(Path file) {
        return baseOf(file, RELEASED_SUFFIX);
    }

    private static OptionalLong baseOf(Path file, String suffix) {
        String name = file.getFileName().toString();
        if (!name.startsWith(SEGMENT_PREFIX) || !name.endsWith(suffix)) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(
                    name.substring(SEGMENT_PREFIX.length(), name.length() - suffix.length())));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /**
     * Creates the directory (not its parents: a missing parent is more likely a typo or an unmounted volume than
     * a wish), or checks the one there.
     */
    static void prepareDirectory(Path dir) throws JournalDirectoryException {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new JournalDirectoryException(dir + " is a file, not a directory");
        }
        if (!Files.isDirectory(dir)) {
            Path parent = dir.toAbsolutePath().getParent();
            if (parent != null && !Files.isDirectory(parent)) {
                throw new JournalDirectoryException("parent directory " + parent + " does not exist");
            }
            try {
                Files.createDirectory(dir, POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(DIR_MODE)}
                        : new FileAttribute<?>[0]);
            } catch (FileAlreadyExistsException raced) {
                // another process made it meanwhile: checked below like any existing one
            } catch (IOException e) {
                throw new JournalDirectoryException("cannot create " + dir + ": " + FileReasons.of(e));
            }
        }
        if (!Files.isWritable(dir)) {
            throw new JournalDirectoryException(dir + " is not writable by this user");
        }
        if (POSIX) {
            tighten(dir);
        }
    }

    /** An older journal, or one copied with a loose umask, is made 0700/0600 (and said so) before it is used. */
    private static void tighten(Path dir) throws JournalDirectoryException {
        try {
            int loosened = 0;
            if (!Files.getPosixFilePermissions(dir).equals(DIR_MODE)) {
                Files.setPosixFilePermissions(dir, DIR_MODE);
                loosened++;
            }
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                    if (!Files.getPosixFilePermissions(file).equals(FILE_MODE)) {
                        Files.setPosixFilePermissions(file, FILE_MODE);
                        loosened++;
                    }
                }
            }
            if (loosened > 0) {
                LOG.warn("journal {}: {} file(s) or the directory were readable by others; now 0600 in a 0700"
                        + " directory", dir, loosened);
            }
        } catch (IOException e) {
            throw new JournalDirectoryException("cannot restrict " + dir + " to its owner: " + FileReasons.of(e));
        }
    }

    /** Keeps a second gateway (or a second Journal in this JVM) from writing the same files. */
    static FileLock lock(Path dir) throws IOException {
        FileChannel channel;
        try {
            channel = FileChannel.open(dir.resolve("journal.lock"), Set.of(StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE), OWNER_ONLY);
        } catch (IOException e) {
            throw new JournalDirectoryException("cannot create " + dir.resolve("journal.lock") + ": "
                    + FileReasons.of(e));
        }
        try {
            FileLock lock = channel.tryLock();
            if (lock != null) {
                return lock;
            }
        } catch (OverlappingFileLockException e) {
            // held by this JVM: in use all the same
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        channel.close();
        throw new JournalDirectoryException(dir + " is locked by another gateway (or another Journal in this process)");
    }

    /** Makes a file's creation, rename or deletion durable: on Linux that takes an fsync of the directory. */
    static void syncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    /** Replaces {@code target} with {@code content} so that a crash leaves either the old or the new file. */
    public static void replaceAtomically(Path target, ByteBuffer content) throws IOException {
        Path tmp = tmpFor(target);
        try (FileChannel channel = FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING), OWNER_ONLY)) {
            while (content.hasRemaining()) {
                channel.write(content);
            }
            channel.force(false);
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncDirectory(target.getParent());
    }

    static Path tmpFor(Path target) {
        return target.resolveSibling(target.getFileName() + ".tmp");
    }

    static void writeFully(FileChannel channel, ByteBuffer buf, long position) throws IOException {
        long at = position;
        while (buf.hasRemaining()) {
            at += channel.write(buf, at);
        }
    }

    static void readFully(FileChannel channel, ByteBuffer buf, long position) throws IOException {
        long at = position;
        while (buf.hasRemaining()) {
            int n = channel.read(buf, at);
            if (n < 0) {
                throw new IOException("unexpected end of file at " + at);
            }
            at += n;
        }
    }
}
