package io.pumplink.gateway.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable high-water mark: a sequence known to be durable (every append up to it was fsynced and may have
 * been ACKed), kept in a small file of its own. Recovery alone cannot tell a torn tail (never fsynced, never
 * ACKed) from durable records cut off a segment; with the mark it can: whatever is missing at or below it was
 * lost, and no sequence at or below it is given out again. Layout in the package docs.
 */
final class DurableMark implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DurableMark.class);
    private static final String FILE_NAME = "durable-mark";
    /** [sequence u64][CRC-32C of those 8 bytes u32]: written in place, small enough for one sector. */
    private static final int BYTES = Long.BYTES + Integer.BYTES;

    private final FileChannel channel;
    private long written;

    private DurableMark(FileChannel channel, long written) {
        this.channel = channel;
        this.written = written;
    }

    static Path path(Path dir) {
        return dir.resolve(FILE_NAME);
    }

    /** The mark on file; 0 when there is none yet, or when it is unreadable (logged: losses go unnoticed then). */
    static long load(Path dir) throws IOException {
        ByteBuffer buf;
        try {
            buf = ByteBuffer.wrap(Files.readAllBytes(path(dir)));
        } catch (NoSuchFileException e) {
            return 0;
        }
        if (buf.limit() != BYTES || buf.getInt(Long.BYTES) != crc(buf.getLong(0))) {
            LOG.error("{} is unreadable: entries lost before this open cannot be told from a torn tail", path(dir));
            return 0;
        }
        return buf.getLong(0);
    }

    /** Opens the mark for writing; {@code current} is what recovery found (or chose) as the mark. */
    static DurableMark open(Path dir, long current) throws IOException {
        boolean created = !Files.exists(path(dir));
        FileChannel channel = FileChannel.open(path(dir), Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE), JournalFiles.OWNER_ONLY);
        if (created) {
            JournalFiles.syncDirectory(dir);
        }
        DurableMark mark = new DurableMark(channel, 0);
        try {
            mark.advance(current);
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        return mark;
    }

    /** Raises the mark to {@code durable}, a sequence whose append is fsynced; never lowers it. */
    void advance(long durable) throws IOException {
        if (durable <= written) {
            return;
        }
        ByteBuffer buf = ByteBuffer.allocate(BYTES).putLong(durable).putInt(crc(durable)).flip();
        JournalFiles.writeFully(channel, buf, 0);
        channel.force(false);
        written = durable;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    private static int crc(long sequence) {
        CRC32C crc = new CRC32C();
        crc.update(ByteBuffer.allocate(Long.BYTES).putLong(sequence).flip());
        return (int) crc.getValue();
    }
}
