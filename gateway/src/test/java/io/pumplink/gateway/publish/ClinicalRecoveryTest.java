package io.pumplink.gateway.publish;

import static io.pumplink.gateway.model.TestFrames.DAY_MS;
import static io.pumplink.gateway.model.TestFrames.PUMP;
import static io.pumplink.gateway.model.TestFrames.TS;
import static org.assertj.core.api.Assertions.assertThat;

import io.pumplink.gateway.journal.Entry;
import io.pumplink.gateway.journal.Journal;
import io.pumplink.gateway.journal.JournalSettings;
import io.pumplink.gateway.model.AlertKind;
import io.pumplink.gateway.model.ClinicalSettings;
import io.pumplink.gateway.model.GatewayAlert;
import io.pumplink.gateway.model.TestFrames;
import io.pumplink.gateway.store.JournalRecords;
import io.pumplink.protocol.message.AlarmState;
import io.pumplink.protocol.message.FlowStatus;
import io.pumplink.protocol.message.Message;
import io.pumplink.protocol.message.ReservoirStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway's alerts across restarts and crashes: the publish loop is played here by hand (read the journal,
 * dispatch, journal the alerts, release), so that a test can stop it anywhere.
 */
class ClinicalRecoveryTest {
    private static final Duration ROUND_WAIT = Duration.ofSeconds(2);
    private static final long IDLE_MS = Duration.ofMinutes(5).toMillis();

    @TempDir
    Path dir;

    /** One gateway run over the same directory. */
    private final class Run implements AutoCloseable {
        final Journal journal;
        final Dispatcher dispatcher;
        final List<GatewayAlert> alerts = new ArrayList<>();
        long cursor = -1;

        Run() throws Exception {
            journal = Journal.open(JournalSettings.defaults(dir));
            dispatcher = ClinicalRecovery.dispatcher(TestFrames.GATEWAY, new Topics(Topics.DEFAULT_PREFIX), PumpNames.REAL, false,
                    ClinicalSettings.DEFAULTS, journal, dir, TS, ROUND_WAIT, Duration.ofSeconds(5));
        }

        /** A frame stored by a link, durable (as before its ACK). */
        void receive(Message message, long receiveTimeMs) throws Exception {
            journal.append(JournalRecords.encode(TestFrames.received(1, message, receiveTimeMs)), Optional.empty())
                    .get(5, TimeUnit.SECONDS);
        }

        /**
         * One pass of the publish loop over the entries there are now: dispatch, journal the alerts (they are read
         * in the next pass), and release what may be released, unless {@code release} is false (a crash before).
         */
        void publish(boolean release) throws Exception {
            for (Entry entry : journal.readAfter(cursor, 100)) {
                cursor = entry.sequence();
                settle(dispatcher.accept(entry.sequence(), JournalRecords.decode(entry.payload())), release);
            }
        }

        void tick(long nowMs) throws Exception {
            settle(dispatcher.tick(nowMs, IDLE_MS), true);
        }

        private void settle(Dispatch dispatch, boolean release) throws Exception {
            for (GatewayAlert alert : dispatch.alerts()) {
                alerts.add(alert);
                journal.append(JournalRecords.encode(alert), Optional.empty()).get(5, TimeUnit.SECONDS);
            }
            if (release) {
                dispatch.releases().forEach(journal::release);
            }
        }

        /** A clean stop: the clinical state is saved. */
        @Override
        public void close() throws Exception {
            dispatcher.close();
            journal.close();
        }

        /** A crash: nothing saved, the journal just closed. */
        void crash() throws Exception {
            journal.close();
        }
    }

    private static ReservoirStatus reservoir() {
        return TestFrames.reservoir(PUMP, 12_000, 2000);
    }

    private static FlowStatus flow(int mode) {
        return new FlowStatus(TS, PUMP, mode, mode == 0 ? 0 : TestFrames.HALF_ML_PER_DAY, 0, 0, 0, 0);
    }

    @Test
    void anActiveAlertSurvivesACleanRestartAndIsClearedWithItsOwnId() throws Exception {
        long raisedId;
        try (Run first = new Run()) {
            first.receive(reservoir(), TS);
            first.receive(flow(0), TS);
            first.publish(true);
            first.publish(true); // the alert's own entry
            raisedId = first.alerts.get(0).alarmId();
        }
        try (Run second = new Run()) {
            second.receive(reservoir(), TS + 1000);
            second.receive(flow(0), TS + 1000);
            second.publish(true);
            assertThat(second.alerts).as("still stopped: nothing new").isEmpty();
            second.receive(reservoir(), TS + 2000);
            second.receive(flow(1), TS + 2000);
            second.publish(true);

            assertThat(second.alerts).singleElement().satisfies(cleared -> {
                assertThat(cleared.kind()).isEqualTo(AlertKind.THERAPY_INTERRUPTED);
                assertThat(cleared.state()).isEqualTo(AlarmState.CLEARED);
                assertThat(cleared.alarmId()).isEqualTo(raisedId);
            });
        }
    }

    /**
     * A crash after the alert was journaled, before it was dispatched and before the frames behind it were
     * released: after the restart those frames are read again. The alert is known from the journal, so they raise
     * nothing a second time, and the alert itself is published once.
     */
    @Test
    void aCrashBeforeTheAlertIsDispatchedNeitherLosesNorDoublesIt() throws Exception {
        Run first = new Run();
        first.receive(reservoir(), TS);
        first.receive(flow(0), TS);
        first.publish(false);
        assertThat(first.alerts).hasSize(1);
        first.crash();

        try (Run second = new Run()) {
            second.publish(true);
            second.publish(true);

            assertThat(second.alerts).as("the frames read again raise nothing new").isEmpty();
            assertThat(second.dispatcher.openSessions()).isZero();
            assertThat(second.journal.depth()).isZero();
        }
        // read once the run has closed: the book writes its file on a thread of its own
        assertThat(new ActiveAlarmBook(dir.resolve("active-alarms.bin")).active(PUMP).gatewayAlerts())
                .containsExactly(first.alerts.get(0));
    }

    /** Alarm ids come from blocks made durable before use: a crash never hands an id out twice. */
    @Test
    void alarmIdsAreNeverReusedAfterACrash() throws Exception {
        Run first = new Run();
        first.receive(reservoir(), TS);
        first.receive(flow(0), TS);
        first.publish(true);
        first.publish(true); // the alert's entry: dispatched and released, so the journal forgets it
        long before = first.alerts.get(0).alarmId();
        first.crash();
        Files.delete(dir.resolve("active-alarms.bin")); // and the book too: only the id file remembers

        try (Run second = new Run()) {
            second.receive(TestFrames.battery(PUMP), TS + 1000);
            second.publish(true);
            second.tick(TS + 36 * DAY_MS);

            assertThat(second.alerts).extracting(GatewayAlert::kind).contains(AlertKind.PUMP_SILENT);
            assertThat(second.alerts).allSatisfy(alert -> assertThat(alert.alarmId()).isGreaterThan(before));
        }
    }

    /** The last-heard time is state: a gateway restarted after 36 days still knows the pump went silent. */
    @Test
    void pumpSilenceIsJudgedAcrossARestart() throws Exception {
        try (Run first = new Run()) {
            first.receive(TestFrames.battery(PUMP), TS);
            first.publish(true);
        }
        try (Run second = new Run()) {
            second.tick(TS + 35 * DAY_MS);

            assertThat(second.alerts).extracting(a -> a.kind() + " " + a.detail()).containsExactly("PUMP_SILENT 35");
        }
    }
}
