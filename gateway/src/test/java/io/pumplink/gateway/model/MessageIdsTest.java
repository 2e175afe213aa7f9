package io.pumplink.gateway.model;

import static io.pumplink.gateway.model.TestFrames.COMPLETE;
import static io.pumplink.gateway.model.TestFrames.PROGRAMMER;
import static io.pumplink.gateway.model.TestFrames.PUMP;
import static io.pumplink.gateway.model.TestFrames.TS;
import static org.assertj.core.api.Assertions.assertThat;

import io.pumplink.protocol.frame.Frame;
import io.pumplink.protocol.message.Alarm;
import io.pumplink.protocol.message.AlarmPriority;
import io.pumplink.protocol.message.AlarmState;
import io.pumplink.protocol.message.CommandResult;
import io.pumplink.protocol.message.Heartbeat;
import io.pumplink.protocol.message.LogEntry;
import io.pumplink.protocol.message.Message;
import io.pumplink.protocol.message.MessageType;
import io.pumplink.protocol.message.NakReason;
import io.pumplink.protocol.message.Packet;
import io.pumplink.protocol.message.ProgrammerStatus;
import io.pumplink.protocol.message.RejectedFrame;
import io.pumplink.protocol.message.SessionBegin;
import io.pumplink.protocol.message.SessionEnd;
import java.util.Locale;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MessageIdsTest {
    private static String id(int seq, Message message) {
        return MessageIds.of(PROGRAMMER, Packet.of(seq, message));
    }

    static Stream<Arguments> reliableIdentities() {
        return Stream.of(
                Arguments.of(TestFrames.alarm(PUMP, 9, AlarmState.RAISED), "alarm:NGP-4711:9:1"),
                Arguments.of(TestFrames.alarm(PUMP, 9, AlarmState.CLEARED), "alarm:NGP-4711:9:2"),
                Arguments.of(TestFrames.entry(PUMP, 7, 12), "log_entry:NGP-4711:7:12"),
                Arguments.of(TestFrames.begin(PUMP, 7), "session_begin:NGP-4711:7"),
                Arguments.of(TestFrames.end(PUMP, 7, 3, COMPLETE), "session_end:NGP-4711:7"),
                Arguments.of(new CommandResult(77, 0), "command_result:PRG-000123:77"),
                Arguments.of(TestFrames.alarm("", 3, 0x0101, AlarmState.RAISED.code()),
                        "programmer-alarm:PRG-000123:3:1"));
    }

    /**
     * Defect 6 (ICD section 6): a programmer's own ALARM (all-zero pump serial) is identified by the programmer that
     * sent it. Before the fix both programmers' PUMP_TELEMETRY_LOST id 3 were "alarm::3:1": the second was ACKed as
     * a duplicate and never published.
     */
    @Test
    void defect6ProgrammerSideAlarmsOfTwoProgrammersWithTheSameIdAreDifferentAlarms() {
        Packet lost = Packet.of(5, TestFrames.alarm("", 3, 0x0101, AlarmState.RAISED.code()));

        assertThat(MessageIds.of("PRG-000001", lost)).isEqualTo("programmer-alarm:PRG-000001:3:1");
        assertThat(MessageIds.of("PRG-000002", lost)).isEqualTo("programmer-alarm:PRG-000002:3:1");
    }

    @Test
    void gatewayAlertsAreIdentifiedByTheGatewayThatRaisedThem() {
        GatewayAlert alert = new GatewayAlert(PUMP, AlertKind.PUMP_SILENT, 12, AlarmPriority.MEDIUM, AlarmState.RAISED,
                TestFrames.TS, 35, "silent");

        assertThat(MessageIds.of("gw-1", alert, UnaryOperator.identity()))
                .isEqualTo("gateway-alert:gw-1:NGP-4711:12:1");
        assertThat(MessageIds.of("gw-1", alert.cleared(TestFrames.TS + 1, "heard"), UnaryOperator.identity()))
                .isEqualTo("gateway-alert:gw-1:NGP-4711:12:2");
    }

    /** On MQTT a pump may be named by its pseudonym; the programmer's serial stays as it is. */
    @Test
    void aPumpNameReplacesTheSerialInEveryIdThatHasOne() {
        UnaryOperator<String> pseudonym = serial -> serial.isEmpty() ? "" : "p-" + serial.length();
        GatewayAlert alert = new GatewayAlert(PUMP, AlertKind.PUMP_SILENT, 12, AlarmPriority.MEDIUM, AlarmState.RAISED,
                TestFrames.TS, 35, "silent");

        assertThat(MessageIds.of("gw-1", alert, pseudonym)).isEqualTo("gateway-alert:gw-1:p-8:12:1");
        assertThat(MessageIds.of(PROGRAMMER, Packet.of(5, TestFrames.alarm(PUMP, 9, AlarmState.RAISED)), pseudonym))
                .isEqualTo("alarm:p-8:9:1");
        assertThat(MessageIds.of(PROGRAMMER, Packet.of(5, TestFrames.entry(PUMP, 7, 3)), pseudonym))
                .isEqualTo("log_entry:p-8:7:3");
        assertThat(MessageIds.of(PROGRAMMER, Packet.of(5, TestFrames.reservoir(PUMP, 1, 2)), pseudonym))
                .isEqualTo("reservoir_status:p-8:" + TestFrames.TS);
        assertThat(MessageIds.of(PROGRAMMER, Packet.of(5, TestFrames.alarm("", 3, AlarmState.RAISED)), pseudonym))
                .isEqualTo("programmer-alarm:" + PROGRAMMER + ":3:1");
    }

    @ParameterizedTest
    @MethodSource("reliableIdentities")
    void reliableFramesAreIdentifiedByTheirIcdIdentity(Message message, String expected) {
        assertThat(id(5, message)).isEqualTo(expected);
        // a retransmission (other seq, RETRANSMIT set) is the same frame
        assertThat(MessageIds.of(PROGRAMMER, Packet.of(6000, message).asRetransmit())).isEqualTo(expected);
    }

    @Test
    void fieldsOutsideTheIdentityDoNotChangeTheId() {
        Alarm alarm = TestFrames.alarm(PUMP, 9, AlarmState.RAISED);
        LogEntry entry = TestFrames.entry(PUMP, 7, 12);
        SessionEnd end = TestFrames.end(PUMP, 7, 3, COMPLETE);

        assertThat(id(1, new Alarm(alarm.tsMs() + 1, PUMP, 9, 0x0002, 3, 1, -1))).isEqualTo(id(1, alarm));
        assertThat(id(1, new LogEntry(entry.tsMs() + 1, PUMP, 7, 12, 5, 0, 0, 0))).isEqualTo(id(1, entry));
        assertThat(id(1, new SessionEnd(end.tsMs() + 1, PUMP, 7, 9, 2))).isEqualTo(id(1, end));
        assertThat(id(1, new CommandResult(77, 2))).isEqualTo(id(1, new CommandResult(77, 0)));
    }

    @Test
    void statusFramesAreIdentifiedByPumpAndDeviceTime() {
        assertThat(id(1, TestFrames.reservoir(PUMP, 12_345, 2000))).isEqualTo("reservoir_status:NGP-4711:" + TS);
        assertThat(id(1, TestFrames.flow(PUMP, 20_833))).isEqualTo("flow_status:NGP-4711:" + TS);
        assertThat(id(1, TestFrames.identity(PUMP))).isEqualTo("pump_identity:NGP-4711:" + TS);
        assertThat(id(1, TestFrames.battery(PUMP))).isEqualTo("battery_status:NGP-4711:" + TS);
        assertThat(id(1, new ProgrammerStatus(TS, 80, 1, -60))).isEqualTo("programmer_status:PRG-000123:" + TS);
    }

    @Test
    void linkFramesAndRejectedFramesUseTheirSeq() {
        assertThat(id(42, new Heartbeat(1000))).isEqualTo("heartbeat:PRG-000123:42");
        RejectedFrame rejected = new RejectedFrame(0x7F, 9, Frame.RELIABLE, NakReason.UNKNOWN_TYPE, "unknown type");
        assertThat(MessageIds.of(PROGRAMMER, rejected)).isEqualTo("rejected:PRG-000123:127:9");
    }

    @Test
    void everyTypeHasAnIdWithoutThePatientReference() {
        TestFrames.oneOfEach().forEach((MessageType type, Message message) ->
                assertThat(id(1, message)).as("%s", type).startsWith(type.name().toLowerCase(Locale.ROOT))
                        .doesNotContain(TestFrames.PATIENT));
    }

    @Property(tries = 200)
    void sessionBeginIdNeverCarriesThePatientReference(@ForAll("patientRefs") String patientRef,
                                                       @ForAll @IntRange(max = 0xFFFF) int seq) {
        SessionBegin begin = new SessionBegin(TS, PUMP, 7, patientRef);
        assertThat(id(seq, begin)).isEqualTo("session_begin:NGP-4711:7").doesNotContain(patientRef);
    }

    @Provide
    Arbitrary<String> patientRefs() {
        // distinctive enough never to be a substring of the id by chance
        return Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(12).map(s -> "P#" + s);
    }
}
