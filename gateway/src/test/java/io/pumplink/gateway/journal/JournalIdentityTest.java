package io.pumplink.gateway.journal;

import static io.pumplink.gateway.journal.JournalFixture.appendFrames;
import static io.pumplink.gateway.journal.JournalFixture.payload;
import static io.pumplink.gateway.journal.JournalFixture.segmentFiles;
import static io.pumplink.gateway.journal.JournalFixture.settings;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalIdentityTest {
    @TempDir
    Path dir;

    @Test
    void aRetransmissionIsRecognisedWithinARun() throws Exception {
        try (Journal journal = Journal.open(settings(dir))) {
            Entry original = journal.append(payload(1), Optional.of("PRG-7/alarm/42")).join();

            assertThat(journal.existing("PRG-7/alarm/42"))
                    .hasValueSatisfying(f -> assertThat(f).isCompletedWithValue(original.sequence()));
            assertThat(journal.existing("PRG-7/alarm/43")).isEmpty();
        }
    }

    @Test
    void aRetransmissionIsRecognisedAfterARestart() throws Exception {
        Entry original;
        try (Journal journal = Journal.open(settings(dir))) {
            original = journal.append(payload(1), Optional.of("PRG-7/alarm/42")).join();
            journal.append(payload(2), Optional.empty()).join();
            journal.release(original.sequence());
        }
        try (Journal journal = Journal.open(settings(dir))) {
            assertThat(journal.existing("PRG-7/alarm/42"))
                    .hasValueSatisfying(f -> assertThat(f).isCompletedWithValue(original.sequence()));
        }
    }

    @Test
    void identitiesOutliveTheSegmentsOfTheirEntries() throws Exception {
        Entry original;
        try (Journal journal = Journal.open(settings(dir))) {
            original = journal.append(payload(1), Optional.of("PRG-7/alarm/42")).join();
            appendFrames(journal, 2, 12);
            LongStream.rangeClosed(1, 5).forEach(journal::release);
            assertThat(JournalFiles.segment(dir, 1)).doesNotExist();

            assertThat(JournalFiles.segment(dir, 1)).as("its record is gone").doesNotExist();
            assertThat(journal.existing("PRG-7/alarm/42").orElseThrow().join()).isEqualTo(original.sequence());
        }
        try (Journal journal = Journal.open(settings(dir))) {
            assertThat(journal.existing("PRG-7/alarm/42").orElseThrow().join()).isEqualTo(original.sequence());
        }
    }

    @Test
    void onlyTheMostRecentIdentitiesAreRemembered() throws Exception {
        JournalSettings threeIds = new JournalSettings(dir, 1 << 20, 512, Duration.ZERO, 1024, 3);
        try (Journal journal = Journal.open(threeIds)) {
            for (int n = 1; n <= 5; n++) {
                journal.append(payload(n), Optional.of("id-" + n)).join();
            }
            assertThat(journal.existing("id-1")).isEmpty();
            assertThat(journal.existing("id-2")).isEmpty();
            assertThat(journal.existing("id-3")).isPresent();
            assertThat(journal.existing("id-5")).isPresent();
        }
        try (Journal journal = Journal.open(threeIds)) {
            assertThat(journal.existing("id-2")).isEmpty();
            assertThat(journal.existing("id-3")).isPresent();
        }
    }

    @Test
    void aCorruptIdentityFileIsReportedAndForgotten() throws Exception {
        try (Journal journal = Journal.open(settings(dir))) {
            journal.append(payload(1), Optional.of("gone-with-its-segment")).join();
            appendFrames(journal, 2, 6);
            LongStream.rangeClosed(1, 5).forEach(journal::release);
        }
        assertThat(segmentFiles(dir)).hasSize(1);
        JournalFixture.flipByte(IdentityFile.path(dir), 10);
        try (Journal journal = Journal.open(settings(dir))) {
            assertThat(journal.corruptRecordsSkipped()).isEqualTo(1);
            assertThat(journal.existing("gone-with-its-segment")).isEmpty();
            assertThat(journal.append(payload(7), Optional.empty()).join().sequence()).isEqualTo(7);
        }
        assertThat(Files.exists(IdentityFile.path(dir))).isTrue();
    }
}
