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
import io.pumplink.proto.v1.AlarmCode;
import io.pumplink.proto.v1.AlarmPriority;
import io.pumplink.proto.v1.AlarmSource;
import io.pumplink.proto.v1.Drug;
import io.pumplink.proto.v1.Envelope;
import io.pumplink.proto.v1.FlowMode;
import io.pumplink.proto.v1.FrameType;
import io.pumplink.proto.v1.Header;
import io.pumplink.proto.v1.ProjectionBasis;
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
import io.pumplink.protocol.message.TherapySummary;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Envelopes of single frames: header, body, derived clinical values and the mapping of wire codes. */
class EnvelopeMapperTest {
    private static final Origin ORIGIN = new Origin(TestFrames.GATEWAY, TestFrames.LINK, TestFrames.PROGRAMMER,
            TestFrames.CAPABILITIES_1_0, OptionalLong.of(TS + 250));

    private final Interpreter interpreter = new Interpreter(ClinicalSettings.DEFAULTS);

    /** One frame as its own round: the envelope of its observation. */
    private Envelope map(Inbound inbound) {
        List<Envelope> round = round(inbound);
        return round.get(round.size() - 1);
    }

    /** Frames of one status round from a PTL 1.0 programmer, then the end of input: their envelopes in order. */
    private List<Envelope> round(Inbound... frames) {
        List<Interpreter.Item> items = new ArrayList<>();
        for (Inbound frame : frames) {
            items.addAll(interpreter.accept(ORIGIN, frame, 0, TS));
        }
        items.addAll(interpreter.flushAll());
        return items.stream().map(item -> EnvelopeMapper.toEnvelope(item.observation())).toList();
    }

    private Envelope map(Message message) {
        return map(packet(message));
    }

    private static Packet packet(Message message) {
        return Packet.of(44, message);
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
    void flowRateIsInMlPerDayAndTheDoseNeedsTheRoundsConcentration() {
        Envelope alone = map(packet(TestFrames.flow(PUMP, HALF_ML_PER_DAY)));
        Envelope inRound = round(packet(TestFrames.reservoir(PUMP, 12_345, 2000)),
                packet(TestFrames.flow(PUMP, HALF_ML_PER_DAY))).get(1);

        assertThat(alone.getFlowStatus().getRateMlPerDay()).isCloseTo(0.5, within(1e-4));
        assertThat(alone.getFlowStatus().hasDailyDoseUgPerDay()).isFalse();
        assertThat(alone.getFlowStatus().hasConcentrationUgPerMl()).isFalse();
        assertThat(alone.getFlowStatus().getDailyDoseUnavailableReason()).isEqualTo("concentration unknown");
        // 20 833 nL/h x 24 = 499 992 nL/day = 0.499992 mL/day x 2 000 ug/mL = 999.984 ug/day
        assertThat(inRound.getFlowStatus().getConcentrationUgPerMl()).isEqualTo(2000);
        assertThat(inRound.getFlowStatus().getDailyDoseUgPerDay()).isCloseTo(999.984, within(1e-9));
        assertThat(inRound.getFlowStatus().getDailyDoseBasis()).isEqualTo(ProjectionBasis.PROJECTION_BASIS_CURRENT_RATE);
        assertThat(inRound.getFlowStatus().getDailyVolumeNl()).isEqualTo(499_992);
    }

    @Test
    void reservoirProjectionsUseTheRoundsRateAndTheThreeDayMargin() {
        Envelope alone = map(packet(TestFrames.reservoir(PUMP, 20_000, 2000)));
        var reservoir = round(packet(TestFrames.reservoir(PUMP, 20_000, 2000)),
                packet(TestFrames.flow(PUMP, ONE_ML_PER_DAY))).get(0).getReservoirStatus();

        assertThat(alone.getReservoirStatus().getVolumeMl()).isEqualTo(20.0);
        assertThat(alone.getReservoirStatus().hasDaysToLowThreshold()).isFalse();
        assertThat(alone.getReservoirStatus().hasRefillByDateMs()).isFalse();
        assertThat(alone.getReservoirStatus().getProjectionBasis()).isEqualTo(ProjectionBasis.PROJECTION_BASIS_NONE);
        assertThat(alone.getReservoirStatus().getProjectionUnavailableReason())
                .isEqualTo("no FLOW_STATUS or THERAPY_SUMMARY in this round");
        assertThat(reservoir.getProjectionRateNlPerHour()).isEqualTo(ONE_ML_PER_DAY);
        assertThat(reservoir.getProjectionBasis()).isEqualTo(ProjectionBasis.PROJECTION_BASIS_CURRENT_RATE);
        // 41 667 nL/h x 24 = 1 000 008 nL/day: 18 000 uL above the threshold last 17.99986 days, 20 000 uL 19.99984
        assertThat(reservoir.getDaysToLowThreshold()).isCloseTo(17.99986, within(1e-5));
        assertThat(reservoir.getDaysToEmpty()).isCloseTo(19.99984, within(1e-5));
        // threshold reached after 18 days, refill 3 days before
        assertThat(reservoir.getLowThresholdDateMs()).isCloseTo(TS + 18 * DAY_MS, within(60_000L));
        assertThat(reservoir.getRefillByDateMs()).isEqualTo(reservoir.getLowThresholdDateMs() - 3 * DAY_MS);
    }

    @Test
    void refillEntryCarriesTheResidualDiscrepancyInMicrolitresOnly() {
        var entry = map(packet(new LogEntry(TS, PUMP, 7, 0, 1, 2000, 1500, 20_000))).getLogEntry();

        assertThat(entry.getRefillDiscrepancyUl()).isEqualTo(-500);
        assertThat(entry.hasRefillDiscrepancyPct()).isFalse();
        assertThat(entry.hasRefillDiscrepancyFlagged()).isFalse();
        assertThat(entry.hasRefillDeviationPct()).isFalse();
        assertThat(map(packet(TestFrames.entry(PUMP, 7, 1))).getLogEntry().hasRefillDiscrepancyUl()).isFalse();
    }

    /** The ICD section 6 example: REFILL b = 2 500 measured; accounting a = 7 000 counted, b = 10 000 filled. */
    @Test
    void refillAccountingEntryCarriesTheAccuracyAgainstTheDeliveredVolume() {
        List<Envelope> entries = round(packet(new LogEntry(TS, PUMP, 7, 0, 1, 3000, 2500, 20_000)),
                packet(new LogEntry(TS, PUMP, 7, 1, 8, 7000, 10_000, 720)));
        var accounting = entries.get(1).getLogEntry();

        assertThat(accounting.getEvent()).isEqualTo(io.pumplink.proto.v1.LogEvent.LOG_EVENT_REFILL_ACCOUNTING);
        assertThat(accounting.getRefillExpectedDeliveredUl()).isEqualTo(7000);
        assertThat(accounting.getRefillActualDeliveredUl()).isEqualTo(7500);
        // (7 500 - 7 000) / 7 000 = +7.142857 %
        assertThat(accounting.getRefillDeviationPct()).isCloseTo(7.142857, within(1e-6));
        assertThat(accounting.getRefillDeviationOutOfRange()).isFalse();
        assertThat(accounting.getRefillTolerancePct()).isEqualTo(14.5);
    }

    @Test
    void therapySummaryCarriesItsDailyVolumeInMlAndKnownDose() {
        var known = map(packet(TestFrames.therapy(PUMP, 300_000))).getTherapySummary();
        var unknown = map(packet(new TherapySummary(TS, PUMP, 1, 0, 300_000, TherapySummary.DAILY_DOSE_UNKNOWN, 0)))
                .getTherapySummary();

        assertThat(known.getDailyVolumeMl()).isEqualTo(0.3);
        assertThat(known.getDailyDoseUg()).isEqualTo(600);
        assertThat(known.getDailyDoseUgPerDay()).isEqualTo(600.0);
        assertThat(known.getDrug()).isEqualTo(Drug.DRUG_BACLOFEN);
        assertThat(unknown.getDailyDoseUg()).isEqualTo(-1); // 0xFFFFFFFF as proto uint32 in a Java int
        assertThat(unknown.hasDailyDoseUgPerDay()).isFalse();
    }

    @Test
    void alarmsSayWhoRaisedThem() {
        var pump = map(packet(TestFrames.alarm(PUMP, 9, AlarmState.RAISED))).getAlarm();
        var programmer = map(packet(TestFrames.alarm("", 3, 0x0101, AlarmState.RAISED.code()))).getAlarm();
        var unknown = map(packet(TestFrames.alarm(PUMP, 10, 0x0999, AlarmState.RAISED.code()))).getAlarm();

        assertThat(pump.getSource()).isEqualTo(AlarmSource.ALARM_SOURCE_PUMP);
        assertThat(pump.getName()).isEqualTo("LOW_RESERVOIR");
        assertThat(programmer.getSource()).isEqualTo(AlarmSource.ALARM_SOURCE_PROGRAMMER);
        assertThat(programmer.getName()).isEqualTo("PUMP_TELEMETRY_LOST");
        assertThat(unknown.getName()).isEqualTo("UNKNOWN_0x0999");
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
