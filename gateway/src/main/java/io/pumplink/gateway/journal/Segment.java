package io.pumplink.gateway.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Set;

/**
 * One segment file with its index: where each record lies, which are settled (released, or skipped as corrupt)
 * and its release log. Slot {@code i} of the index is sequence {@code base + i}. The index is guarded by the
 * journal's lock; only the writer thread appends to the file; reads and deletion synchronize on the segment so
 * that a read never meets a channel closed under it.
 */
final class Segment {
    /** Where one record lies: enough to read it without the journal's lock. */
    record Slot(Segment segment, long sequence, long offset, int length) {
        /** The record's bytes, or null when the segment was deleted meanwhile (so the entry was released). */
        byte[] read() throws IOException {
            return segment.read(offset, length);
        }
    }

    final long base;
    private final Path file;
    private final FileChannel channel;
    private final ReleaseLog releases;
    private long end;
    private long[] offsets = new long[16];
    private int[] lengths = new int[16];
    private int count;
    private final BitSet settled = new BitSet();
    private int live;
    private long liveBytes;

    Segment(long base, Path file, FileChannel channel, long end) {
        this.base = base;
        this.file = file;
        this.channel = channel;
        this.end = end;
        this.releases = new ReleaseLog(JournalFiles.releaseLog(file));
    }

    static Segment create(Path dir, long base) throws IOException {
        Path file = JournalFiles.segment(dir, base);
        FileChannel channel = FileChannel.open(file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE), JournalFiles.OWNER_ONLY);
        JournalFiles.syncDirectory(dir);
        return new Segment(base, file, channel, 0);
    }

    ReleaseLog releases() {
        return releases;
    }

    // ---- file: writer thread only

    long end() {
        return end;
    }

    void write(ByteBuffer records) throws IOException {
        int n = records.remaining();
        JournalFiles.writeFully(channel, records, end);
        end += n;
    }

    void force() throws IOException {
        channel.force(false);
    }

    // ---- index: under the journal's lock

    /** Indexes a durable record; slots skipped on the way (corrupt records) are settled at once. */
    void add(long sequence, long offset, int length) {
        int slot = Math.toIntExact(sequence - base);
        if (slot < count) {
            throw new IllegalStateException("sequence " + sequence + " already indexed in segment " + base);
        }
        if (slot >= offsets.length) {
            offsets = Arrays.copyOf(offsets, Math.max(slot + 1, offsets.length * 2));
            lengths = Arrays.copyOf(lengths, offsets.length);
        }
        settled.set(count, slot);
        Arrays.fill(offsets, count, slot, -1);
        offsets[slot] = offset;
        lengths[slot] = length;
        count = slot + 1;
        live++;
        liveBytes += length;
    }

    /** The sequence after the last slot: what the next record in this segment would get. */
    long nextSequence() {
        return base + count;
    }

    /** Marks a record released; returns its length, or -1 when it is not here or already settled. */
    int release(long sequence) {
        long slot = sequence - base;
        if (slot < 0 || slot >= count || settled.get((int) slot)) {
            return -1;
        }
        settled.set((int) slot);
        live--;
        liveBytes -= lengths[(int) slot];
        return lengths[(int) slot];
    }

    boolean fullyReleased() {
        return live == 0;
    }

    int live() {
        return live;
    }

    long liveBytes() {
        return liveBytes;
    }

    /** The first unsettled record at or after {@code sequence}, or null. */
    Slot firstUnsettled(long sequence) {
        int slot = settled.nextClearBit((int) Math.min(count, Math.max(0, sequence - base)));
        return slot < count ? slot(slot) : null;
    }

    /** The record of {@code sequence}, settled or not, or null when this segment has none. */
    Slot find(long sequence) {
        long slot = sequence - base;
        return slot >= 0 && slot < count && offsets[(int) slot] >= 0 ? slot((int) slot) : null;
    }

    private Slot slot(int slot) {
        return new Slot(this, base + slot, offsets[slot], lengths[slot]);
    }

    // ---- lifetime

    private synchronized byte[] read(long offset, int length) throws IOException {
        if (!channel.isOpen()) {
            return null;
        }
        ByteBuffer buf = ByteBuffer.allocate(length);
        JournalFiles.readFully(channel, buf, offset);
        return buf.array();
    }

    /** Deletes the segment file first: a crash before its release log is gone leaves an orphan, not a revival. */
    synchronized void delete() throws IOException {
        channel.close();
        Files.deleteIfExists(file);
        releases.delete();
    }

    synchronized void close() throws IOException {
        channel.close();
        releases.close();
    }

    @Override
    public String toString() {
        return file.getFileName().toString();
    }
}
