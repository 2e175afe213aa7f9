package io.pumplink.gateway.publish;

import static io.pumplink.gateway.model.TestFrames.PUMP;
import static io.pumplink.gateway.model.TestFrames.TS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pumplink.gateway.journal.Entry;
import io.pumplink.gateway.journal.Journal;
import io.pumplink.gateway.journal.JournalSettings;
import io.pumplink.gateway.model.AlertKind;
import io.pumplink.gateway.model.GatewayAlert;
import io.pumplink.gateway.store.JournalRecord;
import io.pumplink.gateway.store.JournalRecords;
import io.pumplink.protocol.message.AlarmPriority;
import io.pumplink.protocol.message.AlarmState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A gateway alert the journal refuses (full) is never dropped: it waits, in order, until there is room. */
class AlertAppenderTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    private static GatewayAlert alert(long id) {
        return new GatewayAlert(PUMP, AlertKind.THERAPY_INTERRUPTED, id, AlarmPriority.HIGH, AlarmState.RAISED, TS, 1,
                "flow mode STOPPED");
    }

    @Test
    void anAlertRefusedByAFullJournalWaitsAndIsJournaledOnceThereIsRoom() throws Exception {
        // the smallest journal: one 256-byte segment, two at most; filled with frames nobody released yet
        try (Journal journal = Journal.open(new JournalSettings(dir, 512, 256, Duration.ZERO, 16, 100))) {
            while (!journal.full()) {
                journal.append(new byte[100], Optional.empty()).get();
            }
            AlertAppender appender = new AlertAppender(journal);

            CompletableFuture<Void> first = appender.append(alert(1));
            CompletableFuture<Void> second = appender.append(alert(2));
            // refusals arrive from the journal's writer thread
            await().atMost(WAIT).until(() -> appender.waiting() == 2);
            appender.retry();
            await().atMost(WAIT).until(() -> appender.waiting() == 2);

            assertThat(first).isNotDone();
            assertThat(second).isNotDone();

            journal.readAfter(-1, 100).forEach(entry -> journal.release(entry.sequence()));
            await().atMost(WAIT).untilAsserted(() -> {
                appender.retry();
                assertThat(first).isDone();
                assertThat(second).isDone();
            });

            assertThat(first).isCompleted();
            assertThat(second).isCompleted();
            assertThat(appender.waiting()).isZero();
            assertThat(journal.readAfter(-1, 100)).map(Entry::payload).map(JournalRecords::decode)
                    .containsExactly(new JournalRecord.Alert(alert(1)), new JournalRecord.Alert(alert(2)));
        }
    }
}
