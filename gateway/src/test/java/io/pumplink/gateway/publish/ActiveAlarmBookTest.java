package io.pumplink.gateway.publish;

import static io.pumplink.gateway.model.AlertKind.PUMP_CLOCK_DRIFT;
import static io.pumplink.gateway.model.AlertKind.THERAPY_INTERRUPTED;
import static io.pumplink.gateway.model.TestFrames.PUMP;
import static io.pumplink.gateway.model.TestFrames.alarm;
import static org.assertj.core.api.Assertions.assertThat;

import io.pumplink.gateway.model.AlertKind;
import io.pumplink.gateway.model.GatewayAlert;
import io.pumplink.gateway.model.TestFrames;
import io.pumplink.protocol.frame.FrameCodec;
import io.pumplink.protocol.message.Alarm;
import io.pumplink.protocol.message.AlarmState;
import io.pumplink.protocol.message.MessageCodec;
import io.pumplink.protocol.message.Packet;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
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

    @Test
    void survivesARestartOnTheSameFile() {
        ActiveAlarmBook before = new ActiveAlarmBook(file());
        Alarm kept = alarm(PUMP, 3, AlarmState.RAISED);
        Alarm other = alarm(OTHER_PUMP, 1, AlarmState.RAISED);
        before.apply(kept);
        before.apply(alarm(PUMP, 9, AlarmState.RAISED));
        before.apply(other);
        before.apply(alarm(PUMP, 9, AlarmState.CLEARED));

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
        byte[] saved = Files.readAllBytes(file());
        Files.delete(file());

        // a replay after a crash: neither the set nor the file changes (an unchanged set is not written)
        assertThat(book.apply(raised).pumpAlarms()).containsExactly(raised);
        assertThat(book.apply(cleared).pumpAlarms()).containsExactly(raised);
        assertThat(file()).doesNotExist();
        assertThat(saved).isNotEmpty();
    }

    @Test
    void gatewayAlertsJoinTheSetAfterThePumpsOwnAndSurviveARestart() {
        ActiveAlarmBook before = new ActiveAlarmBook(file());
        Alarm stall = alarm(PUMP, 9, AlarmState.RAISED);
        GatewayAlert interrupted = alert(THERAPY_INTERRUPTED, 4, AlarmState.RAISED);
        GatewayAlert drift = alert(PUMP_CLOCK_DRIFT, 5, AlarmState.RAISED);
        before.apply(stall);
        before.apply(interrupted);
        before.apply(drift);
        before.apply(alert(PUMP_CLOCK_DRIFT, 5, AlarmState.CLEARED));

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

    private static GatewayAlert alert(AlertKind kind, long id, AlarmState state) {
        return new GatewayAlert(PUMP, kind, id, kind.defaultPriority(), state, TestFrames.TS, 0, "test");
    }
}
