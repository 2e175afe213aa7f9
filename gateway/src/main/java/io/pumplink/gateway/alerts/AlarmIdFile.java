package io.pumplink.gateway.alerts;

import io.pumplink.gateway.journal.JournalFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Alarm ids for the gateway's alerts, handed out from blocks whose end is made durable before the first id of the
 * block is used: after a crash the next id starts past the last block, so an id is never used twice (a subscriber
 * that de-duplicates on the message id would drop a new alert that reused one). File: u64 block end, u32 CRC-32C.
 */
public final class AlarmIdFile implements AlarmIds {
    static final long BLOCK = 1000;
    /** Alarm ids are u32 in the published Alarm. */
    static final long MAX_ID = 0xFFFF_FFFFL;
    private static final Logger LOG = LoggerFactory.getLogger(AlarmIdFile.class);

    private final Path file;
    private long next;
    private long blockEnd;

    private AlarmIdFile(Path file, long next) {
        this.file = file;
        this.next = next;
        this.blockEnd = next;
    }

    /**
     * @param highestKnown the highest id the active-alarm book and the journal hold: the floor when the file is
     *                     missing; when it is corrupt, the floor is also the clock in seconds, past any id a gateway
     *                     handing out fewer than one per second on average could have used
     */
    public static AlarmIdFile open(Path file, long highestKnown, long wallClockMs) {
        long floor = highestKnown + 1;
        try {
            ByteBuffer saved = ByteBuffer.wrap(Files.readAllBytes(file));
            if (saved.limit() == Long.BYTES + Integer.BYTES && saved.getInt(Long.BYTES) == crc(saved.getLong(0))) {
                return new AlarmIdFile(file, Math.max(floor, saved.getLong(0)));
            }
            LOG.error("alarm id file {} is corrupt; gateway alert ids continue from the clock", file);
            return new AlarmIdFile(file, Math.max(floor, wallClockMs / 1000));
        } catch (NoSuchFileException e) {
            return new AlarmIdFile(file, Math.max(1, floor));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the alarm id file " + file, e);
        }
    }

    @Override
    public long next() {
        if (next >= blockEnd) {
            blockEnd = next + BLOCK;
            ByteBuffer content = ByteBuffer.allocate(Long.BYTES + Integer.BYTES).putLong(blockEnd)
                    .putInt(crc(blockEnd)).flip();
            try {
                JournalFiles.replaceAtomically(file, content);
            } catch (IOException e) {
                blockEnd = next;
                throw new UncheckedIOException("cannot write the alarm id file " + file, e);
            }
        }
        if (next > MAX_ID) {
            throw new IllegalStateException("gateway alert ids are used up (u32)");
        }
        return next++;
    }

    private static int crc(long value) {
        CRC32C crc = new CRC32C();
        crc.update(ByteBuffer.allocate(Long.BYTES).putLong(0, value));
        return (int) crc.getValue();
    }
}
