package io.pumplink.gateway.publish;

import static io.pumplink.gateway.model.AlertKind.PUMP_CLOCK_DRIFT;
import static io.pumplink.gateway.model.AlertKind.THERAPY_INTERRUPTED;
import static io.pumplink.gateway.model.TestFrames.PUMP;
import static io.pumplink.gateway.model.TestFrames.alarm;
import static org.assertj.core.api.Assertions.assertThat;

import io.pumplink.gateway.model.AlertKind;
import io.pumplink.gateway.model.GatewayAlert;
import io.pumplink.gateway.model.TestFrames;
import io.pumplink.gateway.store.GatewayAlertCodec;
import io.pumplink.protocol.frame.FrameCodec;
import io.pumplink.protocol.message.Alarm;
import io.pumplink.protocol.message.AlarmState;
import io.pumplink.protocol.message.MessageCodec;
import io.pumplink.protocol.message.Packet;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ActiveAlarmBookTest {
    private static final String OTHER_PUMP = "NGP-0815";

    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("active-alarms.bin");
    }

    @Test
    void raisedMinusClearedOrderedByAlarmIdPerPump() {
        ActiveAlarmBook book = new ActiveAlarmBook(file());
        Alarm nine = alarm(PUMP, 9, AlarmState.RAISED);
        Alarm three = alarm(PUMP, 3, AlarmState.RAISED);
        Alarm elsewhere = alarm(OTHER_PUMP, 1, AlarmState.RAISED);

        assertThat(book.apply(nine).pumpAlarms()).containsExactly(nine);
        assertThat(book.apply(three).pumpAlarms()).containsExactly(three, nine);
        assertThat(book.apply(elsewhere).pumpAlarms()).containsExactly(elsewhere);
        assertThat(book.apply(alarm(PUMP, 9, AlarmState.CLEARED)).pumpAlarms()).containsExactly(three);
        assertThat(book.active(OTHER_PUMP).pumpAlarms()).containsExactly(elsewhere);
        assertThat(book.active("NGP-unknown")).isEqualTo(new ActiveAlarmBook.Active(List.of(), List.of()));
    }

    /**
     * Issue 11 item 5: an identity conflict (another alarm raised under an active alarm's id) is published as an
     * event; in the active set it must not replace a higher-priority alarm, and a higher-priority one replaces it.
     */
    @Test
    void aConflictingRaiseNeverHidesAHigherPriorityActiveAlarm() {
        ActiveAlarmBook book = new ActiveAlarmBook(file());
        Alarm motorStallHigh = new Alarm(TestFrames.TS, PUMP, 9, 0x0003, 3, AlarmState.RAISED.code(), 0);
        Alarm lowReservoirLow = new Alarm(TestFrames.TS, PUMP, 9, 0x0001, 1, AlarmState.RAISED.code(), 0);

        book.apply(motorStallHigh);

        assertThat(book.apply(lowReservoirLow).pumpAlarms()).containsExactly(motorStallHigh);
        assertThat(book.apply(alarm(PUMP, 9, AlarmState.CLEARED)).pumpAlarms()).isEmpty();
        book.apply(lowReservoirLow);
        assertThat(book.apply(motorStallHigh).pumpAlarms()).containsExactly(motorStallHigh);
    }

    @Test
    void survivesARestartOnTheSameFile() throws Exception {
        ActiveAlarmBook before = new ActiveAlarmBook(file());
        Alarm kept = alarm(PUMP, 3, AlarmState.RAISED);
        Alarm other = alarm(OTHER_PUMP, 1, AlarmState.RAISED);
        before.apply(kept);
        before.apply(alarm(PUMP, 9, AlarmState.RAISED));
        before.apply(other);
        before.apply(alarm(PUMP, 9, AlarmState.CLEARED));
        before.close();

        ActiveAlarmBook after = new ActiveAlarmBook(file());

        assertThat(after.active(PUMP).pumpAlarms()).containsExactly(kept);
        assertThat(after.active(OTHER_PUMP).pumpAlarms()).containsExactly(other);
        assertThat(dir.resolve("active-alarms.bin.tmp")).doesNotExist();
    }

    @Test
    void applyingTheSameAlarmTwiceChangesNothing() throws Exception {
        ActiveAlarmBook book = new ActiveAlarmBook(file());
        Alarm raised = alarm(PUMP, 9, AlarmState.RAISED);
        Alarm cleared = alarm(PUMP, 4, AlarmState.CLEARED);
        book.apply(raised);
        book.apply(cleared);
        book.durable().join();
        long saved = Files.size(file());

        // a replay after a crash: neither the set nor the file changes (an unchanged set is not written)
        assertThat(book.apply(raised).pumpAlarms()).containsExactly(raised);
        assertThat(book.apply(cleared).pumpAlarms()).containsExactly(raised);
        book.close();
        assertThat(Files.size(file())).isEqualTo(saved);
    }

    /** The issue-10 finding: the whole set was rewritten and fsynced on every alarm, O(pumps) per alarm. */
    @Test
    void aChangeCostsOneRecordHoweverManyPumpsHaveAlarms() throws Exception {
        ActiveAlarmBook book = new ActiveAlarmBook(file());
        long withOnePump = bytesWrittenBy(book, alarm(PUMP, 1, AlarmState.RAISED));
        for (int pump = 0; pump < 5_000; pump++) {
            book.apply(alarm(String.format("NGP-%05d", pump), 1, AlarmState.RAISED));
        }
        long withManyPumps = bytesWrittenBy(book, alarm(PUMP, 2, AlarmState.RAISED));

        assertThat(withManyPumps).as("bytes written for one more alarm, 5 001 pumps with an active alarm")
                .isEqualTo(withOnePump).isLessThan(200);
        book.close();
        assertThat(new ActiveAlarmBook(file()).pumpAlarms()).hasSize(5_001);
    }

    /** Raises and clears churn the log; compaction keeps the file near the live set, which survives it. */
    @Test
    void compactionKeepsTheFileSmallAndTheSetWhole() throws Exception {
        ActiveAlarmBook book = new ActiveAlarmBook(file());
        Alarm kept = alarm(OTHER_PUMP, 7, AlarmState.RAISED);
        book.apply(kept);
        for (int id = 1; id <= 20_000; id++) {
            book.apply(alarm(PUMP, id, AlarmState.RAISED));
            book.apply(alarm(PUMP, id, AlarmState.CLEARED));
        }
        book.close();

        assertThat(Files.size(file())).as("40 001 changes, one alarm active").isLessThan(2L << 20);
        ActiveAlarmBook after = new ActiveAlarmBook(file());
        assertThat(after.pumpAlarms()).containsExactly(Map.entry(OTHER_PUMP, List.of(kept)));
    }

    /** A crash while writing can only tear the last record: what came before loads, the torn part is ignored. */
    @Test
    void aTornLastRecordIsIgnored() throws Exception {
        ActiveAlarmBook book = new ActiveAlarmBook(file());
        Alarm kept = alarm(PUMP, 3, AlarmState.RAISED);
        book.apply(kept);
        book.close();
        Files.write(file(), new byte[] {0, 0, 0, 40, 1, 0}, StandardOpenOption.APPEND);

        ActiveAlarmBook after = new ActiveAlarmBook(file());
        assertThat(after.active(PUMP).pumpAlarms()).containsExactly(kept);
        Alarm next = alarm(PUMP, 4, AlarmState.RAISED);
        after.apply(next);
        after.close();
        assertThat(new ActiveAlarmBook(file()).active(PUMP).pumpAlarms()).as("written after the torn part")
                .containsExactly(kept, next);
    }

    private long bytesWrittenBy(ActiveAlarmBook book, Alarm alarm) throws Exception {
        book.durable().join();
        long before = Files.size(file());
        book.apply(alarm);
        book.durable().join();
        return Files.size(file()) - before;
    }

    @Test
    void gatewayAlertsJoinTheSetAfterThePumpsOwnAndSurviveARestart() throws Exception {
        ActiveAlarmBook before = new ActiveAlarmBook(file());
        Alarm stall = alarm(PUMP, 9, AlarmState.RAISED);
        GatewayAlert interrupted = alert(THERAPY_INTERRUPTED, 4, AlarmState.RAISED);
        GatewayAlert drift = alert(PUMP_CLOCK_DRIFT, 5, AlarmState.RAISED);
        before.apply(stall);
        before.apply(interrupted);
        before.apply(drift);
        before.apply(alert(PUMP_CLOCK_DRIFT, 5, AlarmState.CLEARED));
        before.close();

        ActiveAlarmBook after = new ActiveAlarmBook(file());

        assertThat(after.active(PUMP)).isEqualTo(new ActiveAlarmBook.Active(List.of(stall), List.of(interrupted)));
        assertThat(after.gatewayAlerts()).containsExactly(interrupted);
        assertThat(after.pumpAlarms()).containsExactly(Map.entry(PUMP, List.of(stall)));
        assertThat(after.highestAlertId()).isEqualTo(5);
    }

    /** Entries are released in any order: a raise read again after its clear was released must stay cleared. */
    @Test
    void aRaiseReplayedAfterItsClearDoesNotComeBack() {
        ActiveAlarmBook book = new ActiveAlarmBook(file());
        book.apply(alert(THERAPY_INTERRUPTED, 4, AlarmState.RAISED));
        book.apply(alert(THERAPY_INTERRUPTED, 4, AlarmState.CLEARED));
        book.durable().join();

        assertThat(book.apply(alert(THERAPY_INTERRUPTED, 4, AlarmState.RAISED)).gatewayAlerts()).isEmpty();
        assertThat(new ActiveAlarmBook(file()).apply(alert(THERAPY_INTERRUPTED, 4, AlarmState.RAISED))
                .gatewayAlerts()).isEmpty();
        assertThat(book.apply(alert(THERAPY_INTERRUPTED, 6, AlarmState.RAISED)).gatewayAlerts())
                .extracting(GatewayAlert::alarmId).containsExactly(6L);
    }

    /** A gateway of schema 1 wrote the set as length-prefixed ALARM frames only: it still loads. */
    @Test
    void schema1FileStillLoads() throws Exception {
        Alarm kept = alarm(PUMP, 3, AlarmState.RAISED);
        byte[] frame = FrameCodec.toBytes(MessageCodec.encode(Packet.of(0, kept)));
        ByteArrayOutputStream schema1 = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(schema1)) {
            out.writeInt(frame.length);
            out.write(frame);
        }
        Files.write(file(), schema1.toByteArray());

        assertThat(new ActiveAlarmBook(file()).active(PUMP).pumpAlarms()).containsExactly(kept);
    }

    /** Schema 2 ("PAB2") held pump alarms, gateway alerts and the highest ids: converted to the log when opened. */
    @Test
    void schema2FileIsConverted() throws Exception {
        Alarm kept = alarm(PUMP, 3, AlarmState.RAISED);
        GatewayAlert interrupted = alert(THERAPY_INTERRUPTED, 4, AlarmState.RAISED);
        ByteArrayOutputStream schema2 = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(schema2)) {
            out.writeInt(0x50414232);
            record(out, 1, FrameCodec.toBytes(MessageCodec.encode(Packet.of(0, kept))));
            ByteArrayOutputStream alertBytes = new ByteArrayOutputStream();
            try (DataOutputStream body = new DataOutputStream(alertBytes)) {
                GatewayAlertCodec.write(interrupted, body);
            }
            record(out, 2, alertBytes.toByteArray());
            ByteArrayOutputStream highest = new ByteArrayOutputStream();
            try (DataOutputStream body = new DataOutputStream(highest)) {
                body.writeUTF(PUMP);
                body.writeUTF(PUMP_CLOCK_DRIFT.name());
                body.writeLong(9);
            }
            record(out, 3, highest.toByteArray());
        }
        Files.write(file(), schema2.toByteArray());

        ActiveAlarmBook converted = new ActiveAlarmBook(file());
        assertThat(converted.active(PUMP)).isEqualTo(new ActiveAlarmBook.Active(List.of(kept), List.of(interrupted)));
        assertThat(converted.highestAlertId()).isEqualTo(9);
        converted.close();
        assertThat(new ActiveAlarmBook(file()).active(PUMP).gatewayAlerts()).containsExactly(interrupted);
    }

    private static void record(DataOutputStream out, int kind, byte[] body) throws Exception {
        out.writeByte(kind);
        out.writeInt(body.length);
        out.write(body);
    }

    private static GatewayAlert alert(AlertKind kind, long id, AlarmState state) {
        return new GatewayAlert(PUMP, kind, id, kind.defaultPriority(), state, TestFrames.TS, 0, "test");
    }
}
