package io.pumplink.gateway.journal;

import static io.pumplink.gateway.journal.JournalFixture.payload;
import static io.pumplink.gateway.journal.JournalFixture.settings;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Urgent entries (alarms) are offered ahead of the backlog before them, and still in their place. */
class JournalUrgentTest {
    @TempDir
    Path dir;

    @Test
    void urgentEntriesAreOfferedAheadAndStayInOrderForTheReader() throws Exception {
        try (Journal journal = Journal.open(settings(dir))) {
            for (int n = 1; n <= 5; n++) {
                journal.append(payload(n), Optional.empty()).join();
            }
            journal.append(payload(6), Optional.of("alarm-6"), true).join();
            journal.append(payload(7), Optional.empty()).join();
            journal.append(payload(8), Optional.empty(), true).join();

            assertThat(journal.readUrgentAfter(0, 10)).extracting(Entry::sequence).containsExactly(6L, 8L);
            assertThat(journal.readUrgentAfter(6, 10)).extracting(Entry::sequence).containsExactly(8L);
            assertThat(journal.readUrgentAfter(0, 1)).extracting(Entry::sequence).containsExactly(6L);
            assertThat(journal.readAfter(0, 10)).extracting(Entry::sequence)
                    .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);

            journal.release(6);
            assertThat(journal.readUrgentAfter(0, 10)).extracting(Entry::sequence).containsExactly(8L);
            assertThat(journal.readUrgentAfter(0, 10).get(0).payload()).isEqualTo(payload(8));
        }
    }

    @Test
    void urgencyIsNotKeptAcrossARestart() throws Exception {
        try (Journal journal = Journal.open(settings(dir))) {
            journal.append(payload(1), Optional.empty(), true).join();
        }
        try (Journal journal = Journal.open(settings(dir))) {
            assertThat(journal.readUrgentAfter(0, 10)).isEmpty();
            assertThat(journal.readAfter(0, 10)).extracting(Entry::sequence).containsExactly(1L);
        }
    }
}
