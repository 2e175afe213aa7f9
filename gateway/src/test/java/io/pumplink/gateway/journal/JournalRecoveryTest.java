package io.pumplink.gateway.journal;

import static io.pumplink.gateway.journal.JournalFixture.RECORD;
import static io.pumplink.gateway.journal.JournalFixture.appendFrames;
import static io.pumplink.gateway.journal.JournalFixture.flipByte;
import static io.pumplink.gateway.journal.JournalFixture.lastSegment;
import static io.pumplink.gateway.journal.JournalFixture.payload;
import static io.pumplink.gateway.journal.JournalFixture.readAll;
import static io.pumplink.gateway.journal.JournalFixture.segmentFiles;
import static io.pumplink.gateway.journal.JournalFixture.sequences;
import static io.pumplink.gateway.journal.JournalFixture.settings;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JournalRecoveryTest {
    @TempDir
    Path dir;

    @Test
    void restartReturnsUnreleasedEntriesInOrderAndNotReleasedOnes() throws Exception {
        try (Journal journal = Journal.open(settings(dir))) {
            appendFrames(journal, 1, 20);
            for (long s = 2; s <= 20; s += 2) {
                journal.release(s);
            }
        }
        try (Journal journal = Journal.open(settings(dir))) {
            List<Entry> entries = readAll(journal);
            assertThat(sequences(entries))
                    .isEqualTo(LongStream.rangeClosed(1, 20).filter(s -> s % 2 == 1).boxed().toList());
            assertThat(entries).allMatch(e -> JournalFixture.frameOf(e.payload()) == e.sequence());
            assertThat(journal.depth()).isEqualTo(10);
            assertThat(journal.bytes()).isEqualTo(10L * RECORD);
        }
    }

    @Test
    void sequenceNumbersContinueAfterRestartEvenWhenEverythingWasReleased() throws Exception {
        try (Journal journal = Journal.open(settings(dir))) {
            appendFrames(journal, 1, 12);
            LongStream.rangeClosed(1, 12).forEach(journal::release);
        }
        try (Journal journal = Journal.open(settings(dir))) {
            assertThat(readAll(journal)).isEmpty();
            assertThat(journal.append(payload(13), Optional.empty()).join().sequence()).isEqualTo(13);
        }
        try (Journal journal = Journal.open(settings(dir))) {
            assertThat(journal.append(payload(14), Optional.empty()).join().sequence()).isEqualTo(14);
            assertThat(sequences(readAll(journal))).containsExactly(13L, 14L);
        }
    }

    /** 12 records: segments [1..5], [6..10], [11, 12]; record 12 lies at RECORD..2*RECORD of the last one. */
    @Test
    void tornTailAtEveryOffsetInsideTheLastRecordIsTruncated() throws Exception {
        closedJournalOf(12);
        markDurable(11); // record 12 was being written, never fsynced, when the power went
        Map<String, byte[]> written = JournalFixture.snapshot(dir);
        Path last = lastSegment(dir);
        for (int cut = RECORD; cut < 2 * RECORD; cut++) {
            JournalFixture.restore(dir, written);
            truncate(last, cut);
            try (Journal journal = Journal.open(settings(dir))) {
                assertThat(sequences(readAll(journal))).as("cut at %d", cut)
                        .isEqualTo(LongStream.rangeClosed(1, 11).boxed().toList());
                assertThat(journal.tornTailsTruncated()).as("cut at %d", cut).isEqualTo(cut == RECORD ? 0 : 1);
                assertThat(journal.corruptRecordsSkipped()).isZero();
                assertThat(Files.size(last)).isEqualTo(RECORD);

                Entry next = journal.append(payload(112), Optional.empty()).join();
                assertThat(next.sequence()).isEqualTo(12);
                assertThat(readAll(journal)).last().isEqualTo(next);
            }
        }
    }

    /**
     * Issue 11 item 6: durable, ACKed entries cut out of the middle of the journal were reported as a torn tail
     * (a warning) and their sequence numbers given out again. Segments [1..5], [6..10], [11, 12]: the middle one
     * loses record 8 halfway and 9, 10; the last loses 11 halfway and 12.
     */
    @Test
    void durableEntriesCutFromTheMiddleAreReportedLostAndTheirSequencesNeverReused() throws Exception {
        closedJournalOf(12);
        truncate(segmentFiles(dir).get(1), 2L * RECORD + RECORD / 2);
        truncate(lastSegment(dir), RECORD / 2);

        try (Journal journal = Journal.open(settings(dir))) {
            assertThat(sequences(readAll(journal))).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
            assertThat(journal.tornTailsTruncated()).isZero();
            assertThat(journal.lostEntries()).isEqualTo(5); // 8, 9, 10, 11, 12
            assertThat(journal.append(payload(13), Optional.empty()).join().sequence()).isEqualTo(13);
        }
        try (Journal journal = Journal.open(settings(dir))) {
            assertThat(journal.lostEntries()).as("a loss is reported once").isZero();
            assertThat(sequences(readAll(journal))).endsWith(7L, 13L);
            assertThat(journal.append(payload(14), Optional.empty()).join().sequence()).isEqualTo(14);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 29, 30, 93, 94, 500})
    void garbageAfterTheLastRecordIsTruncated(int garbageBytes) throws Exception {
        closedJournalOf(12);
        Path last = lastSegment(dir);
        byte[] garbage = new byte[garbageBytes];
        new Random(garbageBytes).nextBytes(garbage);
        Files.write(last, garbage, StandardOpenOption.APPEND);
        try (Journal journal = Journal.open(settings(dir))) {
            assertThat(sequences(readAll(journal))).isEqualTo(LongStream.rangeClosed(1, 12).boxed().toList());
            assertThat(journal.tornTailsTruncated()).isEqualTo(1);
            assertThat(journal.corruptRecordsSkipped()).isZero();
            assertThat(journal.append(payload(13), Optional.empty()).join().sequence()).isEqualTo(13);
        }
        try (Journal journal = Journal.open(settings(dir))) {
            assertThat(journal.tornTailsTruncated()).isZero();
            assertThat(sequences(readAll(journal))).hasSize(13);
        }
    }

    @Test
    void zeroFilledTailOfAPowerCutIsTruncated() throws Exception {
        closedJournalOf(12);
        Files.write(lastSegment(dir), new byte[4096], StandardOpenOption.APPEND);
        try (Journal journal = Journal.open(settings(dir))) {
            assertThat(sequences(readAll(journal))).hasSize(12);
            assertThat(journal.tornTailsTruncated()).isEqualTo(1);
        }
    }

    /** Offsets inside record 3 (the middle one of segment [1..5]): magic, sequence, lengths, CRC, payload. */
    @ParameterizedTest
    @ValueSource(ints = {0, 5, 21, 24, 28, 30, 60, 93})
    void aCorruptByteInAnOlderSegmentSkipsOnlyThatRecord(int offsetInRecord) throws Exception {
        closedJournalOf(12);
        Path oldest = segmentFiles(dir).get(0);
        flipByte(oldest, 2L * RECORD + offsetInRecord);
        try (Journal journal = Journal.open(settings(dir))) {
            List<Entry> entries = readAll(journal);
            assertThat(sequences(entries))
                    .isEqualTo(LongStream.rangeClosed(1, 12).filter(s -> s != 3).boxed().toList());
            assertThat(entries).allMatch(e -> JournalFixture.frameOf(e.payload()) == e.sequence());
            assertThat(journal.corruptRecordsSkipped()).isEqualTo(1);
            assertThat(journal.tornTailsTruncated()).isZero();
            assertThat(Files.size(oldest)).as("an older segment is never cut").isEqualTo(5L * RECORD);

            for (long s : new long[] {1, 2, 4, 5}) {
                journal.release(s);
            }
            assertThat(Files.exists(oldest)).as("the skipped record does not pin its segment").isFalse();
        }
    }

    @Test
    void aCorruptRecordInsideTheLastSegmentIsSkippedAndWhatFollowsIsKept() throws Exception {
        closedJournalOf(14); // last segment [11..14]
        flipByte(lastSegment(dir), RECORD + 40L);
        try (Journal journal = Journal.open(settings(dir))) {
            assertThat(sequences(readAll(journal))).endsWith(10L, 11L, 13L, 14L).hasSize(13);
            assertThat(journal.corruptRecordsSkipped()).isEqualTo(1);
            assertThat(journal.tornTailsTruncated()).isZero();
            assertThat(journal.append(payload(15), Optional.empty()).join().sequence()).isEqualTo(15);
        }
    }

    @Test
    void aLostReleaseLogMeansDeliveryAgainAndAnOrphanedOneIsRemoved() throws Exception {
        try (Journal journal = Journal.open(settings(dir))) {
            appendFrames(journal, 1, 12);
            journal.release(7);
            journal.release(8);
        }
        Path releaseLog = JournalFiles.releaseLog(segmentFiles(dir).get(1));
        byte[] logged = Files.readAllBytes(releaseLog);
        assertThat(logged).hasSize(2 * ReleaseLog.RECORD_BYTES);

        Files.write(releaseLog, Arrays.copyOf(logged, ReleaseLog.RECORD_BYTES + 5)); // torn second record
        Path orphan = JournalFiles.releaseLog(JournalFiles.segment(dir, 999));
        Files.write(orphan, logged);
        try (Journal journal = Journal.open(settings(dir))) {
            assertThat(sequences(readAll(journal))).contains(8L).doesNotContain(7L).hasSize(11);
            assertThat(Files.exists(orphan)).isFalse();
            journal.release(8);
        }
        try (Journal journal = Journal.open(settings(dir))) {
            assertThat(sequences(readAll(journal))).doesNotContain(7L, 8L).hasSize(10);
        }
    }

    private Map<String, byte[]> closedJournalOf(int records) throws IOException {
        try (Journal journal = Journal.open(settings(dir))) {
            appendFrames(journal, 1, records);
        }
        assertThat(segmentFiles(dir)).hasSize((records + 4) / 5);
        return JournalFixture.snapshot(dir);
    }

    /** Sets the durable mark as if {@code sequence} were the last append known durable. */
    private void markDurable(long sequence) throws IOException {
        Files.delete(DurableMark.path(dir));
        try (DurableMark mark = DurableMark.open(dir, sequence)) {
            assertThat(DurableMark.load(dir)).isEqualTo(sequence);
        }
    }

    private static void truncate(Path file, long size) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(size);
        }
    }
}
