package io.pumplink.gateway.journal;

import static io.pumplink.gateway.journal.JournalFixture.appendFrames;
import static io.pumplink.gateway.journal.JournalFixture.payload;
import static io.pumplink.gateway.journal.JournalFixture.readAll;
import static io.pumplink.gateway.journal.JournalFixture.sequences;
import static io.pumplink.gateway.journal.JournalFixture.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalAppendTest {
    @TempDir
    Path dir;

    @Test
    void appendCompletesOnceTheRecordIsFsynced() throws Exception {
        try (Journal journal = Journal.open(settings(dir))) {
            Entry entry = journal.append(payload(7), Optional.of("link-1/42")).join();

            assertThat(entry.sequence()).isEqualTo(1);
            assertThat(entry.payload()).isEqualTo(payload(7));
            assertThat(entry.identity()).contains("link-1/42");
            assertThat(journal.fsyncs()).isEqualTo(1);
            assertThat(journal.appends()).isEqualTo(1);
            assertThat(readAll(journal)).containsExactly(entry);
            assertThat(journal.depth()).isEqualTo(1);
            assertThat(journal.bytes()).isEqualTo(RecordFormat.recordLength(9, 64));
        }
    }

    @Test
    void groupCommitCoversManyConcurrentAppendsWithFewFsyncs() throws Exception {
        int threads = 8;
        int perThread = 1250;
        try (Journal journal = Journal.open(JournalSettings.defaults(dir))) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<List<CompletableFuture<Entry>>>> submitted = new ArrayList<>();
            AtomicInteger completedWithoutLaterFsync = new AtomicInteger();
            for (int t = 0; t < threads; t++) {
                long first = (long) t * perThread;
                submitted.add(pool.submit(() -> LongStream.range(first, first + perThread).mapToObj(n -> {
                    long fsyncsBefore = journal.fsyncs();
                    return journal.append(payload(n), Optional.empty()).whenComplete((e, failure) -> {
                        if (journal.fsyncs() <= fsyncsBefore) {
                            completedWithoutLaterFsync.incrementAndGet();
                        }
                    });
                }).toList()));
            }
            List<Long> all = new ArrayList<>();
            for (Future<List<CompletableFuture<Entry>>> f : submitted) {
                List<Long> seqs = f.get().stream().map(CompletableFuture::join).map(Entry::sequence).toList();
                assertThat(seqs).isSorted();
                all.addAll(seqs);
            }
            pool.shutdown();

            assertThat(completedWithoutLaterFsync).as("futures completed before an fsync that followed the append")
                    .hasValue(0);

            assertThat(all).hasSize(10_000).doesNotHaveDuplicates().allMatch(s -> s >= 1 && s <= 10_000);
            assertThat(journal.appends()).isEqualTo(10_000);
            assertThat(journal.fsyncs()).as("fsyncs for 10 000 appends").isLessThan(1000);
            List<Entry> stored = readAll(journal);
            assertThat(sequences(stored)).isEqualTo(LongStream.rangeClosed(1, 10_000).boxed().toList());
            assertThat(stored.stream().map(e -> JournalFixture.frameOf(e.payload())))
                    .containsExactlyInAnyOrderElementsOf(LongStream.range(0, 10_000).boxed().toList());
        }
    }

    @Test
    void existingForAnEntryNotYetDurableCompletesOnlyAfterTheFsync() throws Exception {
        JournalSettings lingering = new JournalSettings(dir, 1 << 20, 4096, Duration.ofMillis(300), 1024, 100);
        try (Journal journal = Journal.open(lingering)) {
            CompletableFuture<Entry> appended = journal.append(payload(1), Optional.of("frame-1"));
            CompletableFuture<Long> original = journal.existing("frame-1").orElseThrow();
            CompletableFuture<Long> fsyncsWhenDone = original.thenApply(e -> journal.fsyncs());
            appended.complete(new Entry(99, 0, new byte[0], Optional.empty())); // a caller cannot fake durability

            assertThat(original).isNotDone();
            assertThat(journal.existing("frame-1").orElseThrow()).isNotDone();
            assertThat(journal.fsyncs()).isZero();
            assertThat(fsyncsWhenDone.join()).isEqualTo(1);
            assertThat(original.join()).isEqualTo(1);
            assertThat(journal.existing("frame-1").orElseThrow()).isCompletedWithValue(original.join());
        }
    }

    /** The issue-10 finding: links taking frames faster than the disk wrote them queued 440 000 appends in heap. */
    @Test
    void appendsWaitingForTheDiskAreBounded() throws Exception {
        JournalSettings slowDisk = new JournalSettings(dir, 1 << 20, 4096, Duration.ofMillis(300), 1, 100, 0, 2);
        try (Journal journal = Journal.open(slowDisk)) {
            CompletableFuture<Entry> first = journal.append(payload(1), Optional.empty());
            CompletableFuture<Entry> second = journal.append(payload(2), Optional.empty());
            CompletableFuture<Entry> refused = journal.append(payload(3), Optional.empty());

            assertThat(refused).failsWithin(Duration.ZERO).withThrowableOfType(ExecutionException.class)
                    .withCauseInstanceOf(JournalFullException.class).withMessageContaining("journal busy");
            CompletableFuture.allOf(first, second).join();
            assertThat(journal.append(payload(3), Optional.empty()).join().sequence()).isEqualTo(3);
        }
    }

    @Test
    void fullJournalRefusesAppendsAtOnceAndTakesThemAgainAfterReleases() throws Exception {
        JournalSettings small = new JournalSettings(dir, 2048, 512, Duration.ZERO, 1024, 100);
        int stored = (2048 + JournalFixture.RECORD - 1) / JournalFixture.RECORD; // the last one crosses the limit
        try (Journal journal = Journal.open(small)) {
            appendFrames(journal, 1, stored);
            assertThat(journal.full()).isTrue();

            CompletableFuture<Entry> refused = journal.append(payload(99), Optional.empty());
            assertThat(refused).isCompletedExceptionally();
            assertThatThrownBy(refused::join).hasCauseInstanceOf(JournalFullException.class);
            assertThat(sequences(readAll(journal))).hasSize(stored).endsWith((long) stored);

            journal.release(1);
            journal.release(2);
            assertThat(journal.full()).isFalse();
            assertThat(journal.append(payload(100), Optional.empty()).join().sequence()).isEqualTo(stored + 1L);
        }
    }

    @Test
    void awaitNewerThanWakesOnAppendAndOtherwiseTimesOut() throws Exception {
        try (Journal journal = Journal.open(settings(dir))) {
            long start = System.nanoTime();
            journal.awaitNewerThan(0, Duration.ofMillis(50));
            assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(Duration.ofMillis(50).toNanos());

            CompletableFuture<Void> waiter = CompletableFuture.runAsync(() -> {
                try {
                    journal.awaitNewerThan(0, Duration.ofSeconds(10));
                } catch (InterruptedException e) {
                    throw new CompletionException(e);
                }
            });
            journal.append(payload(1), Optional.empty()).join();
            waiter.get(5, TimeUnit.SECONDS);
            assertThat(journal.readAfter(0, 10)).hasSize(1);
            assertThat(journal.readAfter(1, 10)).isEmpty();
        }
    }

    @Test
    void readAfterSkipsReleasedEntriesAndHonoursTheLimit() throws Exception {
        try (Journal journal = Journal.open(settings(dir))) {
            appendFrames(journal, 1, 12);
            journal.release(3);
            journal.release(1);
            journal.release(3);
            journal.release(12_345);

            assertThat(sequences(journal.readAfter(0, 3))).containsExactly(2L, 4L, 5L);
            assertThat(sequences(journal.readAfter(5, 100))).containsExactly(6L, 7L, 8L, 9L, 10L, 11L, 12L);
            assertThat(journal.depth()).isEqualTo(10);
            assertThat(journal.bytes()).isEqualTo(10L * JournalFixture.RECORD);
        }
    }

    @Test
    void closeWritesPendingAppendsAndLaterAppendsFail() throws Exception {
        JournalSettings lingering = new JournalSettings(dir, 1 << 20, 4096, Duration.ofSeconds(1), 1024, 100);
        Journal journal = Journal.open(lingering);
        List<CompletableFuture<Entry>> pending = new ArrayList<>();
        for (int n = 0; n < 5; n++) {
            pending.add(journal.append(payload(n), Optional.empty()));
        }
        journal.close();

        assertThat(pending).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
        assertThatThrownBy(() -> journal.append(payload(9), Optional.empty()).join())
                .hasCauseInstanceOf(IllegalStateException.class);
        try (Journal reopened = Journal.open(lingering)) {
            assertThat(sequences(readAll(reopened))).containsExactly(1L, 2L, 3L, 4L, 5L);
        }
    }

    @Test
    void aSecondJournalOnTheSameDirectoryIsRefused() throws Exception {
        try (Journal journal = Journal.open(settings(dir))) {
            assertThatThrownBy(() -> Journal.open(settings(dir))).hasMessageContaining("locked by another gateway");
            assertThat(journal.append(payload(1), Optional.empty()).join().sequence()).isEqualTo(1);
        }
    }

    @Test
    void toStringShowsSizesNotPayload() {
        Entry entry = new Entry(42, 1, "SECRET".getBytes(StandardCharsets.US_ASCII), Optional.of("abc"));
        assertThat(entry).hasToString("Entry[sequence=42, payload=6 bytes, identity=3 chars]");
        assertThat(new Entry(1, 1, new byte[0], Optional.empty()).toString()).contains("identity=none");
    }
}
