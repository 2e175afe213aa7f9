package io.pumplink.gateway.journal;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How a {@link Journal} stores.
 *
 * @param dir                   directory of the journal's files, created when missing
 * @param maxBytes              appends are refused while this many unreleased record bytes (headers included)
 *                              are held; the last record accepted may cross the limit by its own size
 * @param segmentBytes          size at which the active segment file is closed and a new one started; also the
 *                              largest record (recovery reads one segment at a time into memory)
 * @param groupCommitMaxDelay   how long an append may wait in the writer's queue for others to share its fsync
 *                              ({@link Duration#ZERO}: only appends that queued up during the previous fsync
 *                              share one)
 * @param groupCommitMaxEntries most records covered by one fsync
 * @param identityRetention     how many of the most recent identities are remembered for duplicate detection
 * @param readAheadBytes        heap for durable entries kept in memory until the reader takes them (payloads and
 *                              about 128 bytes each besides), so that a reader that keeps up never reads the disk
 *                              (0: always read from disk)
 * @param maxUncommitted        appends accepted but not yet written and fsynced beyond which appends are refused
 *                              as when full: links that take frames faster than the disk writes them would
 *                              otherwise fill the heap
 */
public record JournalSettings(Path dir, long maxBytes, long segmentBytes, Duration groupCommitMaxDelay,
                              int groupCommitMaxEntries, int identityRetention, long readAheadBytes,
                              int maxUncommitted) {
    public static final long DEFAULT_READ_AHEAD_BYTES = 4L << 20;
    public static final int DEFAULT_MAX_UNCOMMITTED = 65_536;
    static final long MIN_SEGMENT_BYTES = 256;
    static final long MAX_SEGMENT_BYTES = 256L << 20;
    /** Longer would hold the programmer's ACK hostage for no gain: one fsync takes milliseconds. */
    static final Duration MAX_GROUP_COMMIT_DELAY = Duration.ofSeconds(1);

    public JournalSettings {
        if (dir == null) {
            throw new IllegalArgumentException("dir must be set");
        }
        if (segmentBytes < MIN_SEGMENT_BYTES || segmentBytes > MAX_SEGMENT_BYTES) {
            throw new IllegalArgumentException("segmentBytes must be within [" + MIN_SEGMENT_BYTES + ", "
                    + MAX_SEGMENT_BYTES + "] (recovery reads a whole segment into memory): " + segmentBytes);
        }
        if (maxBytes < segmentBytes) {
            throw new IllegalArgumentException("maxBytes must be >= segmentBytes (" + segmentBytes
                    + ") so that any record that fits a segment fits the journal: " + maxBytes);
        }
        if (groupCommitMaxDelay == null || groupCommitMaxDelay.isNegative()
                || groupCommitMaxDelay.compareTo(MAX_GROUP_COMMIT_DELAY) > 0) {
            throw new IllegalArgumentException("groupCommitMaxDelay must be within [0, " + MAX_GROUP_COMMIT_DELAY
                    + "] (it delays every ACK): " + groupCommitMaxDelay);
        }
        if (groupCommitMaxEntries < 1) {
            throw new IllegalArgumentException("groupCommitMaxEntries must be >= 1 (records per fsync): "
                    + groupCommitMaxEntries);
        }
        if (maxUncommitted < groupCommitMaxEntries) {
            throw new IllegalArgumentException("maxUncommitted must be >= groupCommitMaxEntries ("
                    + groupCommitMaxEntries + "): " + maxUncommitted);
        }
        if (readAheadBytes < 0) {
            throw new IllegalArgumentException("readAheadBytes must be >= 0: " + readAheadBytes);
        }
        if (identityRetention < 0) {
            throw new IllegalArgumentException("identityRetention must be >= 0 (0 disables duplicate detection): "
                    + identityRetention);
        }
    }

    /** With {@link #DEFAULT_READ_AHEAD_BYTES} of read-ahead and {@link #DEFAULT_MAX_UNCOMMITTED}. */
    public JournalSettings(Path dir, long maxBytes, long segmentBytes, Duration groupCommitMaxDelay,
                           int groupCommitMaxEntries, int identityRetention) {
        this(dir, maxBytes, segmentBytes, groupCommitMaxDelay, groupCommitMaxEntries, identityRetention,
                DEFAULT_READ_AHEAD_BYTES, DEFAULT_MAX_UNCOMMITTED);
    }

    /** 256 MiB of backlog in 8 MiB segments, no added commit delay, 100 000 identities remembered. */
    public static JournalSettings defaults(Path dir) {
        return new JournalSettings(dir, 256L << 20, 8L << 20, Duration.ZERO, 1024, 100_000);
    }
}
