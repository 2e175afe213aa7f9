package io.pumplink.gateway.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.Arrays;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The release log of one segment: which of its sequences were delivered. It lives and dies with its segment,
 * so it never needs compaction. Neither appends nor the file's creation are fsynced at once ({@link #force()}
 * runs lazily): losing the last releases in a power cut only means delivering those entries again.
 */
final class ReleaseLog {
    static final int RECORD_BYTES = 12;
    private static final Logger LOG = LoggerFactory.getLogger(ReleaseLog.class);

    private final Path file;
    private FileChannel channel;
    private boolean dirty;
    private boolean closed;

    ReleaseLog(Path file) {
        this.file = file;
    }

    /**
     * The sequences released on disk. A torn last record is cut so that later appends stay aligned; a record
     * whose CRC fails is skipped, and its entry is delivered again.
     */
    long[] load() throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return new long[0];
        }
        int whole = bytes.length / RECORD_BYTES;
        if (whole * RECORD_BYTES != bytes.length) {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                ch.truncate((long) whole * RECORD_BYTES);
            }
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        long[] released = new long[whole];
        int n = 0;
        for (int i = 0; i < whole; i++) {
            long sequence = buf.getLong(i * RECORD_BYTES);
            if (buf.getInt(i * RECORD_BYTES + 8) == crc(sequence)) {
                released[n++] = sequence;
            } else {
                LOG.warn("{}: release record {} is corrupt; its entry will be delivered again", file, i);
            }
        }
        return Arrays.copyOf(released, n);
    }

    synchronized void append(long sequence) throws IOException {
        if (closed) {
            return;
        }
        if (channel == null) {
            channel = FileChannel.open(file, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND), JournalFiles.OWNER_ONLY);
        }
        ByteBuffer record = ByteBuffer.allocate(RECORD_BYTES).putLong(sequence).putInt(crc(sequence)).flip();
        while (record.hasRemaining()) {
            channel.write(record);
        }
        dirty = true;
    }

    synchronized void force() throws IOException {
        if (dirty && !closed) {
            channel.force(false);
            dirty = false;
        }
    }

    synchronized void close() throws IOException {
        force();
        closed = true;
        if (channel != null) {
            channel.close();
        }
    }

    /** Called after the segment file is gone; a crash in between leaves an orphan that the next open removes. */
    synchronized void delete() throws IOException {
        closed = true;
        if (channel != null) {
            channel.close();
        }
        Files.deleteIfExists(file);
    }

    private static int crc(long sequence) {
        CRC32C crc = new CRC32C();
        crc.update(ByteBuffer.allocate(Long.BYTES).putLong(sequence).flip());
        return (int) crc.getValue();
    }
}
