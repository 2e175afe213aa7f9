package io.pumplink.gateway.journal;

import static io.pumplink.gateway.journal.JournalFixture.payload;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A reader that keeps up takes durable entries from memory: the disk is read only for what did not fit. */
class JournalReadAheadTest {
    @TempDir
    Path dir;

    @Test
    void entriesComeFromMemoryUpToTheReadAheadAndFromDiskBeyondIt() throws Exception {
        long twoEntries = 2 * (JournalFixture.PAYLOAD + 128L);
        try (Journal journal = Journal.open(new JournalSettings(dir, 1 << 20, 1 << 16, Duration.ZERO, 1024, 100,
                twoEntries, JournalSettings.DEFAULT_MAX_UNCOMMITTED))) {
            for (int n = 1; n <= 4; n++) {
                journal.append(payload(n), Optional.empty()).join();
            }
            // the file's records are zeroed: what is read from disk now fails its check and is skipped
            Path segment = JournalFiles.segment(dir, 1);
            Files.write(segment, new byte[(int) Files.size(segment)]);

            List<Entry> entries = journal.readAfter(0, 10);

            assertThat(entries).extracting(Entry::sequence).as("1 and 2 from memory").containsExactly(1L, 2L);
            assertThat(entries.get(1).payload()).isEqualTo(payload(2));
            assertThat(journal.corruptRecordsSkipped()).as("3 and 4 read from the zeroed file").isEqualTo(2);
        }
    }

    @Test
    void noReadAheadReadsEverythingFromDisk() throws Exception {
        try (Journal journal = Journal.open(new JournalSettings(dir, 1 << 20, 1 << 16, Duration.ZERO, 1024, 100, 0,
                JournalSettings.DEFAULT_MAX_UNCOMMITTED))) {
            journal.append(payload(1), Optional.empty()).join();
            Path segment = JournalFiles.segment(dir, 1);
            Files.write(segment, new byte[(int) Files.size(segment)]);

            assertThat(journal.readAfter(0, 10)).isEmpty();
            assertThat(journal.corruptRecordsSkipped()).isEqualTo(1);
        }
    }
}
