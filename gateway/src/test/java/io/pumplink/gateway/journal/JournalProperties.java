package io.pumplink.gateway.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Random runs of appends, releases, restarts and torn tails against a model: a list of entries, each released
 * or not. Tiny segments make rolls and deletions frequent.
 */
class JournalProperties {
    sealed interface Op permits Append, Release, Restart, TearTail {
    }

    /** Appends {@code count} records at once, so that they share fsyncs. */
    record Append(int count, int size, boolean identified) implements Op {
    }

    /** Releases the {@code pick}-th entry ever appended (again, if it already was: a no-op). */
    record Release(int pick) implements Op {
    }

    record Restart() implements Op {
    }

    /** Closes, cuts the last record of the last segment short as a crash mid-write would, and reopens. */
    record TearTail(int cut) implements Op {
    }

    private static final class Expected {
        final long sequence;
        final byte[] payload;
        final Optional<String> identity;
        boolean released;

        Expected(Entry entry) {
            sequence = entry.sequence();
            payload = entry.payload();
            identity = entry.identity();
        }

        int recordLength() {
            int identityBytes = identity.map(id -> id.getBytes(StandardCharsets.UTF_8).length).orElse(0);
            return RecordFormat.recordLength(identityBytes, payload.length);
        }
    }

    @Property(tries = 60)
    void theJournalKeepsExactlyTheUnreleasedEntriesInOrder(@ForAll("runs") List<Op> run) throws Exception {
        Path dir = Files.createTempDirectory("journal-property");
        JournalSettings settings = new JournalSettings(dir, 1 << 20, 256, Duration.ZERO, 8, 10_000);
        List<Expected> model = new ArrayList<>();
        long[] counter = {0};
        Journal journal = Journal.open(settings);
        try {
            for (Op op : run) {
                if (op instanceof Append append) {
                    appendAll(journal, append, model, counter);
                } else if (op instanceof Release release && !model.isEmpty()) {
                    Expected target = model.get(release.pick() % model.size());
                    journal.release(target.sequence);
                    target.released = true;
                } else if (op instanceof Restart) {
                    journal.close();
                    journal = Journal.open(settings);
                } else if (op instanceof TearTail tear) {
                    journal.close();
                    boolean torn = tearLastRecord(dir, model, tear.cut());
                    journal = Journal.open(settings);
                    assertThat(journal.tornTailsTruncated()).isEqualTo(torn ? 1 : 0);
                }
                check(journal, model);
            }
        } finally {
            journal.close();
            JournalFixture.deleteRecursively(dir);
        }
    }

    @Provide
    Arbitrary<List<Op>> runs() {
        Arbitrary<Op> append = Combinators.combine(Arbitraries.integers().between(1, 4),
                Arbitraries.integers().between(0, 100), Arbitraries.of(true, false)).as(Append::new);
        Arbitrary<Op> release = Arbitraries.integers().between(0, 1000).map(Release::new);
        Arbitrary<Op> tear = Arbitraries.integers().between(0, 1000).map(TearTail::new);
        return Arbitraries.frequencyOf(
                Tuple.of(6, append), Tuple.of(5, release), Tuple.of(1, Arbitraries.just(new Restart())),
                Tuple.of(1, tear))
                .list().ofMaxSize(30);
    }

    private static void appendAll(Journal journal, Append op, List<Expected> model, long[] counter) {
        long highest = model.stream().mapToLong(e -> e.sequence).max().orElse(0);
        List<CompletableFuture<Entry>> futures = new ArrayList<>();
        for (int i = 0; i < op.count(); i++) {
            long n = counter[0]++;
            byte[] payload = new byte[op.size()];
            Arrays.fill(payload, (byte) n);
            futures.add(journal.append(payload, op.identified() ? Optional.of("id-" + n) : Optional.empty()));
        }
        for (CompletableFuture<Entry> future : futures) {
            Entry entry = future.join();
            assertThat(entry.sequence()).as("sequences increase, above every kept entry").isGreaterThan(highest);
            highest = entry.sequence();
            model.add(new Expected(entry));
        }
    }

    /** Cuts 1..length-1 bytes off the last record, which the model then forgets; false when there is none. */
    private static boolean tearLastRecord(Path dir, List<Expected> model, int cut) throws IOException {
        Path last = JournalFixture.lastSegment(dir);
        long size = Files.size(last);
        if (size == 0) {
            return false;
        }
        Expected victim = model.stream().max(Comparator.comparingLong(e -> e.sequence)).orElseThrow();
        int length = victim.recordLength();
        assertThat(size).isGreaterThanOrEqualTo(length);
        try (FileChannel channel = FileChannel.open(last, StandardOpenOption.WRITE)) {
            channel.truncate(size - 1 - cut % (length - 1));
        }
        // a torn write was never fsynced: the durable mark lies below it (at or above it, it would be a loss)
        Files.delete(DurableMark.path(dir));
        DurableMark.open(dir, victim.sequence - 1).close();
        model.remove(victim);
        return true;
    }

    private static void check(Journal journal, List<Expected> model) {
        List<Expected> unreleased = model.stream().filter(e -> !e.released).toList();
        List<Entry> stored = journal.readAfter(0, Integer.MAX_VALUE);
        assertThat(stored).extracting(Entry::sequence)
                .containsExactlyElementsOf(unreleased.stream().map(e -> e.sequence).toList());
        for (int i = 0; i < stored.size(); i++) {
            assertThat(stored.get(i).payload()).isEqualTo(unreleased.get(i).payload);
            assertThat(stored.get(i).identity()).isEqualTo(unreleased.get(i).identity);
        }
        assertThat(journal.depth()).isEqualTo(unreleased.size());
        assertThat(journal.bytes()).isEqualTo(unreleased.stream().mapToLong(Expected::recordLength).sum());
        assertThat(journal.corruptRecordsSkipped()).isZero();
        for (Expected e : model) {
            e.identity.ifPresent(id -> assertThat(journal.existing(id)).as(id)
                    .hasValueSatisfying(f -> assertThat(f.join()).isEqualTo(e.sequence)));
        }
    }
}
