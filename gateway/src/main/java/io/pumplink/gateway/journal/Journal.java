package io.pumplink.gateway.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.NavigableSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Crash-safe, append-only, size-bounded store-and-forward journal: links append frames and ACK them once the
 * append's future completes (the record is fsynced); the publisher reads entries in order and releases each on
 * PUBACK. Thread-safe. Format, recovery and guarantees are described in the package documentation.
 *
 * <p>Futures complete on the journal's writer thread: dependent actions should be quick or async.
 */
public final class Journal implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Journal.class);
    private static final byte[] NO_BYTES = new byte[0];

    private final JournalSettings settings;
    private final FileLock dirLock;
    private final GroupCommitter committer;
    private final AtomicLong fsyncs = new AtomicLong();
    private final AtomicLong appends = new AtomicLong();
    private final AtomicLong corruptRecords = new AtomicLong();
    private final AtomicLong tornTails = new AtomicLong();
    private final long lostEntries;
    /** Written by the writer thread (and by close, once it has stopped). */
    private final DurableMark durableMark;
    /** Serialises segment deletions with their identity file rewrites. */
    private final Object deletions = new Object();
    private List<IdentityIndex.Known> identitiesOnFile;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition durableAdvanced = lock.newCondition();
    private final Condition emptied = lock.newCondition();
    // guarded by lock
    private final NavigableMap<Long, Segment> segments = new TreeMap<>();
    private final IdentityIndex identities;
    /** Durable entries not yet taken by {@link #readAfter}, up to {@code readAheadBytes} of payload. */
    private final Map<Long, Entry> readAhead = new HashMap<>();
    /** Unreleased entries appended as urgent. */
    private final NavigableSet<Long> urgentSequences = new TreeSet<>();
    private long readAheadBytes;
    /** Appends accepted and not yet durable (or failed). */
    private long uncommitted;
    private Segment active;
    private long nextSequence;
    private long durableSequence;
    /** The last sequence this Journal fsynced: what the durable mark may be raised to. */
    private long committedSequence;
    private long depth;
    private long bytes;
    private boolean closed;
    private Exception failure;

    private Journal(JournalSettings settings, FileLock dirLock, JournalRecovery.Recovered recovered,
                    DurableMark durableMark) {
        this.settings = settings;
        this.dirLock = dirLock;
        this.durableMark = durableMark;
        for (Segment segment : recovered.segments()) {
            segments.put(segment.base, segment);
            depth += segment.live();
            bytes += segment.liveBytes();
        }
        active = segments.lastEntry().getValue();
        identities = new IdentityIndex(settings.identityRetention(), recovered.identities());
        nextSequence = recovered.nextSequence();
        durableSequence = nextSequence - 1;
        committedSequence = recovered.durableMark();
        lostEntries = recovered.lostEntries();
        corruptRecords.set(recovered.corruptRecords());
        tornTails.set(recovered.tornTails());
        committer = new GroupCommitter(this, settings, active, fsyncs);
        LOG.info("journal {} open: {} unreleased entries ({} bytes), next sequence {}", settings.dir(), depth, bytes,
                nextSequence);
    }

    /**
     * Opens the journal in {@code settings.dir()}, creating it (not its parent) when missing, and recovers what
     * is there: all unreleased entries are readable, in append order, when this returns. A directory that cannot
     * be used is a {@link JournalDirectoryException}.
     */
    public static Journal open(JournalSettings settings) throws IOException {
        JournalFiles.prepareDirectory(settings.dir());
        FileLock dirLock = JournalFiles.lock(settings.dir());
        Journal journal;
        DurableMark mark = null;
        try {
            JournalRecovery.Recovered recovered = JournalRecovery.recover(settings.dir());
            mark = DurableMark.open(settings.dir(), recovered.durableMark());
            journal = new Journal(settings, dirLock, recovered, mark);
        } catch (IOException | RuntimeException e) {
            if (mark != null) {
                mark.close();
            }
            dirLock.channel().close();
            throw e;
        }
        journal.committer.start();
        journal.deleteReleasedSegments();
        return journal;
    }

    /**
     * Appends a record; the future completes with its entry once the record is fsynced, and only then may the
     * frame be ACKed. It fails at once with {@link JournalFullException} when {@code maxBytes} of unreleased
     * data are held or {@code maxUncommitted} appends wait for the disk (nothing stored is dropped for room), with
     * an {@link IOException} once a write has failed, or with an {@link IllegalStateException} after
     * {@link #close()}. The payload is copied.
     *
     * @throws IllegalArgumentException when the record would not fit a segment or the identity is empty or
     *                                  longer than 65535 UTF-8 bytes
     */
    public CompletableFuture<Entry> append(byte[] payload, Optional<String> identity) {
        return append(payload, identity, false);
    }

    /**
     * {@link #append(byte[], Optional)}, and when {@code urgent}, the entry is also offered by
     * {@link #readUrgentAfter} ahead of the entries before it (an alarm must not wait behind a backlog of status
     * frames). Urgency lives in memory only: after a restart every entry comes in append order.
     */
    public CompletableFuture<Entry> append(byte[] payload, Optional<String> identity, boolean urgent) {
        Objects.requireNonNull(payload, "payload");
        byte[] identityBytes = Objects.requireNonNull(identity, "identity")
                .map(id -> id.getBytes(StandardCharsets.UTF_8)).orElse(NO_BYTES);
        if (identity.isPresent()
                && (identityBytes.length == 0 || identityBytes.length > RecordFormat.MAX_IDENTITY_BYTES)) {
            throw new IllegalArgumentException("identity must have 1.." + RecordFormat.MAX_IDENTITY_BYTES
                    + " UTF-8 bytes: " + identityBytes.length);
        }
        if ((long) payload.length + identityBytes.length + RecordFormat.HEADER_BYTES > settings.segmentBytes()) {
            throw new IllegalArgumentException("a record of " + payload.length + " payload bytes does not fit "
                    + "segmentBytes " + settings.segmentBytes());
        }
        byte[] copy = payload.clone();
        lock.lock();
        try {
            if (closed) {
                return CompletableFuture.failedFuture(new IllegalStateException("journal closed"));
            }
            if (failure != null) {
                return CompletableFuture.failedFuture(
                        new IOException("journal write failed earlier, reopen it", failure));
            }
            if (bytes >= settings.maxBytes()) {
                return CompletableFuture.failedFuture(JournalFullException.full(bytes, settings.maxBytes()));
            }
            if (uncommitted >= settings.maxUncommitted()) {
                return CompletableFuture.failedFuture(JournalFullException.busy(uncommitted,
                        settings.maxUncommitted()));
            }
            uncommitted++;
            Pending pending = new Pending(nextSequence++, System.currentTimeMillis(), copy, identity, identityBytes,
                    System.nanoTime(), new CompletableFuture<>());
            depth++;
            bytes += pending.recordLength();
            if (urgent) {
                urgentSequences.add(pending.sequence());
            }
            identity.ifPresent(id ->
                    identities.pending(id, pending.sequence(), pending.appendedAtMs(), pending.future()));
            committer.enqueue(pending);
            return pending.future().copy(); // a caller completing its copy must not make others ACK
        } finally {
            lock.unlock();
        }
    }

    /**
     * The sequence of the entry appended earlier with this identity, if it is among the last
     * {@code identityRetention} ones (even released, deleted, or from before a restart): the future completes when
     * that entry is durable, at once if it is. A retransmission may be ACKed on it without being stored again.
     * Memory only, never a disk read: links call it on their event loop.
     */
    public Optional<CompletableFuture<Long>> existing(String identity) {
        lock.lock();
        try {
            ensureOpen();
            IdentityIndex.Ref ref = identities.get(identity);
            if (ref == null) {
                return Optional.empty();
            }
            return Optional.of(ref.pending() != null ? ref.pending().thenApply(Entry::sequence)
                    : CompletableFuture.completedFuture(ref.sequence()));
        } finally {
            lock.unlock();
        }
    }

    /**
     * Up to {@code maxEntries} durable, unreleased entries with a sequence above {@code sequence}, in order;
     * empty when there are none (it never waits: see {@link #awaitNewerThan}).
     *
     * @throws UncheckedIOException when the file cannot be read
     */
    public List<Entry> readAfter(long sequence, int maxEntries) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be >= 1: " + maxEntries);
        }
        List<Segment.Slot> slots = new ArrayList<>();
        List<Entry> cached = new ArrayList<>(); // in step with slots; null where the disk must be read
        lock.lock();
        try {
            ensureOpen();
            Long from = segments.floorKey(sequence + 1);
            for (Segment segment : (from == null ? segments : segments.tailMap(from, true)).values()) {
                Segment.Slot slot = segment.firstUnsettled(sequence + 1);
                for (; slot != null && slots.size() < maxEntries; slot = segment.firstUnsettled(slot.sequence() + 1)) {
                    cached.add(takeReadAhead(slot.sequence()));
                    slots.add(slot);
                }
            }
        } finally {
            lock.unlock();
        }
        return load(slots, cached);
    }

    /** The entries of {@code slots}: from {@code cached} where it has them, else from disk; outside the lock. */
    private List<Entry> load(List<Segment.Slot> slots, List<Entry> cached) {
        List<Entry> entries = new ArrayList<>(slots.size());
        for (int i = 0; i < slots.size(); i++) {
            Entry entry = cached.get(i) != null ? cached.get(i) : load(slots.get(i));
            if (entry != null) {
                entries.add(entry);
            }
        }
        return entries;
    }

    /**
     * Up to {@code maxEntries} durable, unreleased entries appended as urgent with a sequence above
     * {@code sequence}, in order. They stay where they are for {@link #readAfter}, which returns them again.
     */
    public List<Entry> readUrgentAfter(long sequence, int maxEntries) {
        List<Segment.Slot> slots = new ArrayList<>();
        List<Entry> cached = new ArrayList<>(); // in step with slots; null where the disk must be read
        lock.lock();
        try {
            ensureOpen();
            for (long urgent : urgentSequences.tailSet(sequence, false)) {
                if (urgent > durableSequence || slots.size() == maxEntries) {
                    break;
                }
                Segment.Slot slot = find(urgent);
                if (slot != null) {
                    slots.add(slot);
                    cached.add(readAhead.get(urgent));
                }
            }
        } finally {
            lock.unlock();
        }
        return load(slots, cached);
    }

    /** Heap an entry of the read-ahead holds: its payload and, roughly, the objects around it. */
    private static long heldBytes(int payloadBytes) {
        return payloadBytes + 128L;
    }

    /** The entry from the read-ahead, removed from it; null when it is not there. Under the lock. */
    private Entry takeReadAhead(long sequence) {
        Entry entry = readAhead.remove(sequence);
        if (entry != null) {
            readAheadBytes -= heldBytes(entry.payload().length);
        }
        return entry;
    }

    /** Waits until an entry above {@code sequence} is durable, the timeout passes or the journal closes. */
    public void awaitNewerThan(long sequence, Duration timeout) throws InterruptedException {
        long nanos = timeout.toNanos();
        lock.lock();
        try {
            while (durableSequence <= sequence && !closed && nanos > 0) {
                nanos = durableAdvanced.awaitNanos(nanos);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Waits until every entry is released, the timeout passes or the journal closes; true when none is left. */
    public boolean awaitEmpty(Duration timeout) throws InterruptedException {
        long nanos = timeout.toNanos();
        lock.lock();
        try {
            while (depth > 0 && !closed && nanos > 0) {
                nanos = emptied.awaitNanos(nanos);
            }
            return depth == 0;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Marks an entry delivered; any order, repeats and unknown sequences are harmless, and so is a release after
     * {@link #close()} (the entry is delivered again after the restart). The release is logged without fsync;
     * a segment whose entries are all released is deleted (by the calling thread) once it is no longer active.
     */
    public void release(long sequence) {
        Segment segment;
        boolean doomed = false;
        lock.lock();
        try {
            Map.Entry<Long, Segment> holder = segments.floorEntry(sequence);
            int length = closed || holder == null ? -1 : holder.getValue().release(sequence);
            if (length < 0) {
                return;
            }
            segment = holder.getValue();
            takeReadAhead(sequence);
            urgentSequences.remove(sequence);
            depth--;
            bytes -= length;
            if (depth == 0) {
                emptied.signalAll();
            }
            if (segment != active && segment.fullyReleased()) {
                segments.remove(segment.base);
                doomed = true;
            }
        } finally {
            lock.unlock();
        }
        // outside the lock, which links take to append: they never wait for this write
        try {
            segment.releases().append(sequence); // a no-op once the segment is deleted: nothing to remember then
        } catch (IOException e) {
            LOG.warn("could not log the release of {}: it will be delivered again after a restart", sequence, e);
        }
        if (doomed) {
            delete(segment);
        }
    }

    /** How many of the most recent identities {@link #existing} knows. */
    public int identityRetention() {
        return settings.identityRetention();
    }

    /** Unreleased entries, including appends not yet durable. */
    public long depth() {
        return guarded(() -> depth);
    }

    /** Unreleased record bytes (headers included), including appends not yet durable. */
    public long bytes() {
        return guarded(() -> bytes);
    }

    /** True while appends are refused for lack of room. */
    public boolean full() {
        return guarded(() -> bytes >= settings.maxBytes());
    }

    public long fsyncs() {
        return fsyncs.get();
    }

    /** Appends made durable since this journal was opened. */
    public long appends() {
        return appends.get();
    }

    /** Records lost to corruption found on open (or on a later read); each one is logged as an error. */
    public long corruptRecordsSkipped() {
        return corruptRecords.get();
    }

    /**
     * Entries found missing on open although they were durable (at or below the durable mark): lost data, not a
     * torn tail; their frames may have been ACKed. Each loss is reported once, on the open that finds it.
     */
    public long lostEntries() {
        return lostEntries;
    }

    /** Torn tails (writes cut short by a crash) cut off the last segment on open. */
    public long tornTailsTruncated() {
        return tornTails.get();
    }

    /** Writes and fsyncs every append accepted so far (completing their futures), then stops. */
    @Override
    public void close() throws IOException {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            durableAdvanced.signalAll();
            emptied.signalAll();
        } finally {
            lock.unlock();
        }
        committer.stop();
        synchronized (deletions) {
            IOException first = null;
            try (DurableMark mark = durableMark) {
                mark.advance(guarded(() -> committedSequence));
            } catch (IOException e) {
                first = e;
            }
            for (Segment segment : guarded(() -> List.copyOf(segments.values()))) {
                try {
                    segment.close();
                } catch (IOException e) {
                    first = first == null ? e : first;
                }
            }
            dirLock.channel().close();
            if (first != null) {
                throw first;
            }
        }
    }

    // ---- called by the writer thread

    void committed(List<GroupCommitter.Placed> placed, Segment newActive) {
        Segment doomed = null;
        lock.lock();
        try {
            for (GroupCommitter.Placed p : placed) {
                Pending pending = p.pending();
                segments.putIfAbsent(p.segment().base, p.segment());
                p.segment().add(pending.sequence(), p.offset(), pending.recordLength());
                pending.identity().ifPresent(id -> identities.durable(id, pending.sequence()));
                if (readAheadBytes + heldBytes(pending.payload().length) <= settings.readAheadBytes()) {
                    readAhead.put(pending.sequence(), pending.entry());
                    readAheadBytes += heldBytes(pending.payload().length);
                }
            }
            durableSequence = placed.get(placed.size() - 1).pending().sequence();
            committedSequence = durableSequence;
            uncommitted -= placed.size();
            if (newActive != active) {
                Segment previous = active;
                active = newActive;
                if (previous.fullyReleased()) {
                    segments.remove(previous.base);
                    doomed = previous;
                }
            }
            durableAdvanced.signalAll();
        } finally {
            lock.unlock();
        }
        appends.addAndGet(placed.size());
        placed.forEach(p -> p.pending().future().complete(p.pending().entry()));
        if (doomed != null) {
            delete(doomed);
        }
    }

    void failed(List<Pending> batch, Exception cause) {
        lock.lock();
        try {
            if (failure == null) {
                failure = cause;
                LOG.error("journal {}: write or fsync failed; appends are refused until it is reopened",
                        settings.dir(), cause);
            }
            uncommitted -= batch.size();
            for (Pending pending : batch) {
                depth--;
                bytes -= pending.recordLength();
                pending.identity().ifPresent(id -> identities.forget(id, pending.sequence()));
                urgentSequences.remove(pending.sequence());
            }
        } finally {
            lock.unlock();
        }
        batch.forEach(p -> p.future().completeExceptionally(cause));
    }

    /**
     * Lazy durability of releases: at most about a second of them is lost in a power cut. The durable mark is
     * raised at the same pace, so entries fsynced in the last second before a loss may go unreported.
     */
    void syncReleaseLogs() {
        try {
            durableMark.advance(guarded(() -> committedSequence));
        } catch (IOException e) {
            LOG.warn("could not raise the durable mark: a later loss of entries may be taken for a torn tail", e);
        }
        for (Segment segment : guarded(() -> List.copyOf(segments.values()))) {
            try {
                segment.releases().force();
            } catch (IOException e) {
                LOG.warn("could not fsync the release log of {}", segment, e);
            }
        }
    }

    // ---- internals

    /** A segment fully released before a crash, or before this open, is deleted now. */
    private void deleteReleasedSegments() {
        List<Segment> doomed = guarded(() -> {
            List<Segment> released = new ArrayList<>();
            for (Segment segment : segments.values()) {
                if (segment != active && segment.fullyReleased()) {
                    released.add(segment);
                }
            }
            released.forEach(s -> segments.remove(s.base));
            return released;
        });
        doomed.forEach(this::delete);
    }

    /**
     * Deletes a segment already removed from {@link #segments}. Its identities go to the identity file first, so
     * that a crash in between forgets none.
     */
    private void delete(Segment doomed) {
        synchronized (deletions) {
            if (guarded(() -> closed)) {
                closeQuietly(doomed); // the directory may belong to another Journal by now; the next open deletes it
                return;
            }
            try {
                if (settings.identityRetention() > 0) {
                    List<IdentityIndex.Known> keep = guarded(() -> identities.durableOutside(s -> find(s) != null));
                    if (!keep.equals(identitiesOnFile)) {
                        IdentityFile.write(settings.dir(), keep);
                        identitiesOnFile = keep;
                    }
                }
                doomed.delete();
            } catch (IOException e) {
                LOG.warn("could not delete {}: the next open retries", doomed, e);
                closeQuietly(doomed);
            }
        }
    }

    private static void closeQuietly(Segment segment) {
        try {
            segment.close();
        } catch (IOException e) {
            LOG.warn("could not close {}", segment, e);
        }
    }

    /** The record of {@code sequence} in a live segment, released or not; under the lock. */
    private Segment.Slot find(long sequence) {
        Map.Entry<Long, Segment> holder = segments.floorEntry(sequence);
        return holder == null ? null : holder.getValue().find(sequence);
    }

    /** The entry of a slot; null when its segment is gone (released) or the record went bad since the open. */
    private Entry load(Segment.Slot slot) {
        byte[] record;
        try {
            record = slot.read();
        } catch (IOException e) {
            throw new UncheckedIOException("reading sequence " + slot.sequence() + " from " + slot.segment(), e);
        }
        if (record == null) {
            return null;
        }
        Entry entry = RecordFormat.decode(record);
        if (entry == null || entry.sequence() != slot.sequence()) {
            corruptRecords.incrementAndGet();
            LOG.error("{}: record of sequence {} at offset {} went corrupt since the journal opened; skipped",
                    slot.segment(), slot.sequence(), slot.offset());
            release(slot.sequence());
            return null;
        }
        return entry;
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("journal closed");
        }
    }

    private <T> T guarded(Supplier<T> read) {
        lock.lock();
        try {
            return read.get();
        } finally {
            lock.unlock();
        }
    }
}
