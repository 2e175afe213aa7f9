package io.pumplink.gateway.publish;

import static io.pumplink.gateway.model.TestFrames.DAY_MS;
import static io.pumplink.gateway.model.TestFrames.HALF_ML_PER_DAY;
import static io.pumplink.gateway.model.TestFrames.ONE_ML_PER_DAY;
import static io.pumplink.gateway.model.TestFrames.PUMP;
import static io.pumplink.gateway.model.TestFrames.TS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.pumplink.gateway.model.ClinicalSettings;
import io.pumplink.gateway.model.Interpreter;
import io.pumplink.gateway.model.Origin;
import io.pumplink.gateway.model.TestFrames;
import io.pumplink.protocol.frame.Frame;
import io.pumplink.protocol.message.AlarmState;
import io.pumplink.protocol.message.FlowStatus;
import io.pumplink.protocol.message.Inbound;
import io.pumplink.protocol.message.LogEntry;
import io.pumplink.protocol.message.Message;
import io.pumplink.protocol.message.NakReason;
import io.pumplink.protocol.message.Packet;
import io.pumplink.protocol.message.RejectedFrame;
import io.pumplink.protocol.message.ReservoirStatus;
import io.pumplink.proto.v1.AlarmCode;
import io.pumplink.proto.v1.AlarmPriority;
import io.pumplink.proto.v1.Drug;
import io.pumplink.proto.v1.Envelope;
import io.pumplink.proto.v1.FlowMode;
import io.pumplink.proto.v1.FrameType;
import io.pumplink.proto.v1.Header;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Envelopes of single frames: header, body, derived clinical values and the mapping of wire codes. */
class EnvelopeMapperTest {
    private static final Origin ORIGIN = new Origin(TestFrames.GATEWAY, TestFrames.LINK, TestFrames.PROGRAMMER,
            OptionalLong.of(TS + 250));

    private final Interpreter interpreter = new Interpreter(ClinicalSettings.DEFAULTS);

    private Envelope map(Inbound inbound) {
        return EnvelopeMapper.toEnvelope(interpreter.observe(ORIGIN, inbound));
    }

    private Envelope map(Message message) {
        return map(Packet.of(44, message));
    }

    @Test
    void headerCarriesOriginFrameAndDeviceTime() {
        Header header = map(Packet.of(43, TestFrames.alarm(PUMP, 9, AlarmState.RAISED)).asRetransmit()).getHeader();

        assertThat(header.getGatewayId()).isEqualTo(TestFrames.GATEWAY);
        assertThat(header.getLinkId()).isEqualTo(TestFrames.LINK);
        assertThat(header.getProgrammerSerial()).isEqualTo(TestFrames.PROGRAMMER);
        assertThat(header.getPumpSerial()).isEqualTo(PUMP);
        assertThat(header.getDeviceTimeMs()).isEqualTo(TS + 9);
        assertThat(header.getGatewayReceiveTimeMs()).isEqualTo(TS + 250);
        assertThat(header.getFrameSeq()).isEqualTo(43);
        assertThat(header.getFrameFlags()).isEqualTo(Frame.RELIABLE | Frame.RETRANSMIT);
        assertThat(header.getFrameType()).isEqualTo(FrameType.FRAME_TYPE_ALARM);
        assertThat(header.getFrameTypeCode()).isEqualTo(0x14);
        assertThat(header.getFrameTypeName()).isEqualTo("ALARM");
        assertThat(header.getMessageId()).isEqualTo("alarm:NGP-4711:9:1");
        assertThat(header.getSchemaVersion()).isEqualTo(EnvelopeMapper.SCHEMA_VERSION);
    }

    @Test
    void flowRateIsInMlPerDayAndTheDoseNeedsAConcentration() {
        Envelope before = map(TestFrames.flow(PUMP, HALF_ML_PER_DAY));
        map(TestFrames.reservoir(PUMP, 12_345, 2000));
        Envelope after = map(TestFrames.flow(PUMP, HALF_ML_PER_DAY));

        assertThat(before.getFlowStatus().getRateMlPerDay()).isCloseTo(0.5, within(1e-4));
        assertThat(before.getFlowStatus().hasDailyDoseUgPerDay()).isFalse();
        assertThat(before.getFlowStatus().hasConcentrationUgPerMl()).isFalse();
        assertThat(after.getFlowStatus().getConcentrationUgPerMl()).isEqualTo(2000);
        assertThat(after.getFlowStatus().getDailyDoseUgPerDay()).isCloseTo(1000, within(0.1));
    }

    @Test
    void reservoirProjectionsUseTheLatestRateAndTheThreeDayMargin() {
        Envelope unknownRate = map(TestFrames.reservoir(PUMP, 20_000, 2000));
        map(TestFrames.flow(PUMP, ONE_ML_PER_DAY));
        Envelope projected = map(TestFrames.reservoir(PUMP, 20_000, 2000));

        assertThat(unknownRate.getReservoirStatus().getVolumeMl()).isEqualTo(20.0);
        assertThat(unknownRate.getReservoirStatus().hasDaysToLowThreshold()).isFalse();
        assertThat(unknownRate.getReservoirStatus().hasRefillByDateMs()).isFalse();
        var reservoir = projected.getReservoirStatus();
        assertThat(reservoir.getProjectionRateNlPerHour()).isEqualTo(ONE_ML_PER_DAY);
        assertThat(reservoir.getDaysToLowThreshold()).isCloseTo(18, within(1e-3));
        assertThat(reservoir.getDaysToEmpty()).isCloseTo(20, within(1e-3));
        // threshold reached after 18 days, refill 3 days before
        assertThat(reservoir.getRefillByDateMs()).isCloseTo(TS + 15 * DAY_MS, within(60_000L));
    }

    @Test
    void refillEntryCarriesTheResidualDiscrepancy() {
        var entry = map(new LogEntry(TS, PUMP, 7, 0, 1, 2000, 1500, 20_000)).getLogEntry();

        assertThat(entry.getRefillDiscrepancyUl()).isEqualTo(-500);
        assertThat(entry.getRefillDiscrepancyPct()).isCloseTo(-25, within(1e-9));
        assertThat(entry.getRefillDiscrepancyFlagged()).isTrue();
        assertThat(map(TestFrames.entry(PUMP, 7, 1)).getLogEntry().hasRefillDiscrepancyUl()).isFalse();
    }

    @Test
    void knownCodesMapToTheirEnumsShiftedWhereWireZeroIsAValue() {
        var reservoir = map(TestFrames.reservoir(PUMP, 12_345, 2000)).getReservoirStatus();
        var stopped = map(new FlowStatus(TS, PUMP, 0, 0, 0, 0, 0, 0)).getFlowStatus();
        var alarm = map(TestFrames.alarm(PUMP, 9, AlarmState.RAISED)).getAlarm();

        assertThat(reservoir.getDrug()).isEqualTo(Drug.DRUG_BACLOFEN);
        assertThat(stopped.getMode()).isEqualTo(FlowMode.FLOW_MODE_STOPPED);
        assertThat(alarm.getAlarm()).isEqualTo(AlarmCode.ALARM_CODE_LOW_RESERVOIR);
        assertThat(alarm.getPriority()).isEqualTo(AlarmPriority.ALARM_PRIORITY_MEDIUM);
        assertThat(alarm.getState()).isEqualTo(io.pumplink.proto.v1.AlarmState.ALARM_STATE_RAISED);
    }

    @Test
    void unknownCodesAreUnspecifiedAndKeptInTheRawCodeFields() {
        var reservoir = map(new ReservoirStatus(TS, PUMP, 12_345, 2000, 42, 2000, 0)).getReservoirStatus();
        var alarm = map(TestFrames.alarm(PUMP, 9, 0x0999, AlarmState.RAISED.code())).getAlarm();
        var flow = map(new FlowStatus(TS, PUMP, 9, HALF_ML_PER_DAY, 0, 0, 0, 0)).getFlowStatus();

        assertThat(reservoir.getDrug()).isEqualTo(Drug.DRUG_UNSPECIFIED);
        assertThat(reservoir.getDrugCode()).isEqualTo(42);
        assertThat(alarm.getAlarm()).isEqualTo(AlarmCode.ALARM_CODE_UNSPECIFIED);
        assertThat(alarm.getAlarmCode()).isEqualTo(0x0999);
        assertThat(flow.getMode()).isEqualTo(FlowMode.FLOW_MODE_UNSPECIFIED);
        assertThat(flow.getModeCode()).isEqualTo(9);
    }

    @Test
    void rejectedFrameBecomesARawFrameNamedByItsCode() {
        Envelope envelope = map(new RejectedFrame(0x7F, 5, 0, NakReason.UNKNOWN_TYPE, "unknown type 0x7f"));

        assertThat(envelope.getHeader().getFrameType()).isEqualTo(FrameType.FRAME_TYPE_UNSPECIFIED);
        assertThat(envelope.getHeader().getFrameTypeName()).isEqualTo("UNKNOWN_0x7F");
        assertThat(envelope.getRawFrame().getTypeCode()).isEqualTo(0x7F);
        assertThat(envelope.getRawFrame().getReason()).isEqualTo("unknown type 0x7f");
    }

    @Test
    void everyMessageTypeHasItsOwnBody() {
        TestFrames.oneOfEach().forEach((type, message) -> assertThat(map(message).getBodyCase().getNumber())
                .as("%s", type).isEqualTo(100 + type.code()));
    }
}
