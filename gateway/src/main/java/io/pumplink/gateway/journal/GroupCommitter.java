package io.pumplink.gateway.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journal's single writer thread. While one fsync runs, appends queue up; the next round takes all of them
 * (up to {@code groupCommitMaxEntries}, waiting until {@code groupCommitMaxDelay} after the oldest one's arrival
 * for more), writes them with one write call per segment and covers them with one {@code force}. Any write or
 * fsync error is final: after a failed fsync Linux may have dropped the dirty pages, so a retry could report
 * success for data that is gone. The journal then refuses appends until it is reopened and recovered.
 */
final class GroupCommitter {
    /** Where one record of a round went. */
    record Placed(Pending pending, Segment segment, long offset) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitter.class);
    private static final long RELEASE_SYNC_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final Pending STOP = new Pending(-1, 0, new byte[0], Optional.empty(), new byte[0], 0, null);

    private final Journal journal;
    private final Path dir;
    private final long segmentBytes;
    private final int maxEntries;
    private final long maxDelayNanos;
    private final AtomicLong fsyncs;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private Segment active;
    private long unsynced;
    private ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
    private Exception failure;

    GroupCommitter(Journal journal, JournalSettings settings, Segment active, AtomicLong fsyncs) {
        this.journal = journal;
        this.dir = settings.dir();
        this.segmentBytes = settings.segmentBytes();
        this.maxEntries = settings.groupCommitMaxEntries();
        this.maxDelayNanos = settings.groupCommitMaxDelay().toNanos();
        this.fsyncs = fsyncs;
        this.active = active;
        this.thread = new Thread(this::run, "journal-writer " + dir.getFileName());
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Called under the journal's lock, so the queue is in sequence order. */
    void enqueue(Pending pending) {
        queue.add(pending);
    }

    /** Commits everything enqueued before this call, then ends the thread. */
    void stop() {
        queue.add(STOP);
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        List<Pending> batch = new ArrayList<>();
        long nextReleaseSync = System.nanoTime() + RELEASE_SYNC_NANOS;
        boolean stopping = false;
        while (!stopping) {
            try {
                Pending first = queue.poll(RELEASE_SYNC_NANOS, TimeUnit.NANOSECONDS);
                stopping = first != null && gather(first, batch);
            } catch (InterruptedException e) {
                LOG.warn("journal writer interrupted; it stops only through Journal.close()");
            }
            if (!batch.isEmpty()) {
                commit(batch);
                batch.clear();
            }
            if (System.nanoTime() - nextReleaseSync >= 0) {
                journal.syncReleaseLogs();
                nextReleaseSync = System.nanoTime() + RELEASE_SYNC_NANOS;
            }
        }
    }

    /** Fills {@code batch} for one round; true when the stop marker was taken. */
    private boolean gather(Pending first, List<Pending> batch) throws InterruptedException {
        Pending next = first;
        long deadline = first.enqueuedNanos() + maxDelayNanos;
        while (next != STOP) {
            batch.add(next);
            if (batch.size() >= maxEntries) {
                return false;
            }
            next = queue.poll();
            if (next == null) {
                long wait = deadline - System.nanoTime();
                if (wait <= 0 || (next = queue.poll(wait, TimeUnit.NANOSECONDS)) == null) {
                    return false;
                }
            }
        }
        return true;
    }

    private void commit(List<Pending> batch) {
        if (failure != null) {
            journal.failed(batch, failure);
            return;
        }
        List<Placed> placed = new ArrayList<>(batch.size());
        try {
            for (Pending pending : batch) {
                int length = pending.recordLength();
                long used = active.end() + buffer.position();
                if (used > 0 && used + length > segmentBytes) {
                    sync();
                    active = Segment.create(dir, pending.sequence());
                }
                if (buffer.remaining() < length) {
                    flush();
                    buffer = buffer.capacity() < length ? ByteBuffer.allocate(length) : buffer;
                }
                placed.add(new Placed(pending, active, active.end() + buffer.position()));
                RecordFormat.encode(buffer, pending.sequence(), pending.appendedAtMs(), pending.identityBytes(),
                        pending.payload());
            }
            sync();
        } catch (IOException | RuntimeException e) {
            failure = e;
            buffer.clear();
            journal.failed(batch, e);
            return;
        }
        journal.committed(placed, active);
    }

    private void sync() throws IOException {
        flush();
        if (unsynced > 0) {
            active.force();
            fsyncs.incrementAndGet();
            unsynced = 0;
        }
    }

    private void flush() throws IOException {
        unsynced += buffer.position();
        active.write(buffer.flip());
        buffer.clear();
    }
}
