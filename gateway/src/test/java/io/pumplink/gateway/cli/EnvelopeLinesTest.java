package io.pumplink.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.util.JsonFormat;
import io.pumplink.proto.v1.Alarm;
import io.pumplink.proto.v1.AlarmCode;
import io.pumplink.proto.v1.AlarmPriority;
import io.pumplink.proto.v1.AlarmSource;
import io.pumplink.proto.v1.AlarmState;
import io.pumplink.proto.v1.Drug;
import io.pumplink.proto.v1.Envelope;
import io.pumplink.proto.v1.FlowMode;
import io.pumplink.proto.v1.FlowStatus;
import io.pumplink.proto.v1.Hello;
import io.pumplink.proto.v1.LinkStatus;
import io.pumplink.proto.v1.LogEntry;
import io.pumplink.proto.v1.LogEvent;
import io.pumplink.proto.v1.ProjectionBasis;
import io.pumplink.proto.v1.RawFrame;
import io.pumplink.proto.v1.ReservoirStatus;
import io.pumplink.proto.v1.TherapySummary;
import com.google.protobuf.ByteString;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class EnvelopeLinesTest {
    private final EnvelopeLines lines = new EnvelopeLines("pumplink/v1", ZoneOffset.UTC);

    @Test
    void reservoirLineHasTimeTopicAndValuesWithUnits() {
        assertThat(lines.line("pumplink/v1/pumps/NGP-4711/reservoir", Samples.reservoir(),
                Samples.RECEIVED.plusSeconds(3)))
                .isEqualTo("12:00:01 pumps/NGP-4711/reservoir  RESERVOIR 12.3 mL (threshold 2.0 mL) baclofen"
                        + " 2000 µg/mL, low in 37.5 d on 2026-02-07, empty in 44.7 d, refill by 2026-02-04,"
                        + " projected from the daily volume 0.275 mL/day");
    }

    @Test
    void aMessageFromAnotherDayShowsItsDate() {
        assertThat(lines.line("pumplink/v1/pumps/NGP-4711/alarm", Samples.alarm("a"),
                Samples.RECEIVED.plusSeconds(86_400)))
                .isEqualTo("2026-01-01 12:00:01 pumps/NGP-4711/alarm  ALARM RAISED LOW_RESERVOIR medium id=9"
                        + " detail=1998, pump");
    }

    @Test
    void everySampleReadsAsExpectedAndNoneShowsThePatientReference() {
        for (Samples.Sample sample : Samples.published("pumplink/v1").values()) {
            String line = lines.line(sample.topic(), sample.envelope(), Samples.RECEIVED);
            assertThat(line).contains(sample.expected()).doesNotContain(Samples.PATIENT_REF);
        }
    }

    @Test
    void interrogationSummaryListsMissingIndicesAndRefillsOutOfAccuracyRange() {
        assertThat(lines.body(Samples.interrogation("PRG-1", 18, false)))
                .isEqualTo("INTERROGATION session 18 ABORTED_TELEMETRY_LOST (incomplete), entries 10/12,"
                        + " missing 2 (#4, #7), refills out of accuracy range 1 (#3), alarms 0, patient: <present>,"
                        + " closed: session end");
    }

    @Test
    void therapySummaryReadsAsThePrescriptionAndSaysWhatIsUnknown() {
        assertThat(lines.body(Samples.therapy()))
                .isEqualTo("THERAPY 0.275 mL/day, 550 µg/day, baclofen 2000 µg/mL, refill due 2026-02-01");
        Envelope unknowns = Envelope.newBuilder().setTherapySummary(TherapySummary.newBuilder()
                .setDrug(Drug.DRUG_MORPHINE).setDrugCode(2).setDailyVolumeNl(120_000).setDailyVolumeMl(0.12)
                .setDailyDoseUg(-1)).build(); // 4294967295: unknown on the wire, so no derived dose
        assertThat(lines.body(unknowns)).isEqualTo("THERAPY 0.120 mL/day, dose unknown, morphine concentration"
                + " unknown, refill due date unknown");
    }

    @Test
    void reservoirSaysWhatItsProjectionCameFromOrWhyThereIsNone() {
        ReservoirStatus.Builder reservoir = ReservoirStatus.newBuilder().setVolumeUl(1_800).setLowAlarmThresholdUl(2_000)
                .setDrug(Drug.DRUG_BACLOFEN).setDrugCode(1).setConcentrationUgPerMl(2_000).setVolumeMl(1.8);
        Envelope currentRate = Envelope.newBuilder().setReservoirStatus(reservoir.clone()
                .setProjectionBasis(ProjectionBasis.PROJECTION_BASIS_CURRENT_RATE).setProjectionRateNlPerHour(10_417)
                .setProjectionDailyVolumeNl(250_008).setDaysToLowThreshold(0).setDaysToEmpty(7.2)
                .setLowThresholdDateMs(Instant.parse("2026-01-03T12:00:00Z").toEpochMilli())
                .setRefillByDateMs(Instant.parse("2025-12-31T12:00:00Z").toEpochMilli())).build();
        Envelope flex = Envelope.newBuilder().setReservoirStatus(reservoir.clone()
                .setProjectionBasis(ProjectionBasis.PROJECTION_BASIS_NONE)
                .setProjectionUnavailableReason("flex schedule without THERAPY_SUMMARY (PTL 1.0 programmer): the"
                        + " current step's rate is not the daily rate")).build();

        assertThat(lines.body(currentRate)).isEqualTo("RESERVOIR 1.8 mL (threshold 2.0 mL) baclofen 2000 µg/mL,"
                + " at or below the low threshold since 2026-01-03, empty in 7.2 d, refill by 2025-12-31,"
                + " projected from the current rate 0.250 mL/day");
        assertThat(lines.body(flex)).isEqualTo("RESERVOIR 1.8 mL (threshold 2.0 mL) baclofen 2000 µg/mL,"
                + " no projection: flex schedule without THERAPY_SUMMARY (PTL 1.0 programmer): the current step's"
                + " rate is not the daily rate");
    }

    @Test
    void flowSaysWhatTheDailyDoseCameFromOrWhyThereIsNone() {
        FlowStatus.Builder flow = FlowStatus.newBuilder().setMode(FlowMode.FLOW_MODE_CONTINUOUS).setModeCode(1)
                .setRateNlPerHour(10_417).setRateMlPerDay(0.250008).setDeliveredSinceRefillUl(438);
        Envelope fromRate = Envelope.newBuilder().setFlowStatus(flow.clone().setDailyDoseUgPerDay(500.016)
                .setDailyDoseBasis(ProjectionBasis.PROJECTION_BASIS_CURRENT_RATE).setDailyVolumeNl(250_008)).build();
        Envelope noConcentration = Envelope.newBuilder().setFlowStatus(flow.clone()
                .setDailyDoseBasis(ProjectionBasis.PROJECTION_BASIS_CURRENT_RATE).setDailyVolumeNl(250_008)
                .setDailyDoseUnavailableReason("concentration unknown")).build();

        assertThat(lines.body(fromRate)).isEqualTo("FLOW continuous now 0.250 mL/day (10417 nL/h), daily dose"
                + " 500 µg/day from the current rate 0.250 mL/day, delivered since refill 0.4 mL");
        assertThat(lines.body(noConcentration)).isEqualTo("FLOW continuous now 0.250 mL/day (10417 nL/h), no daily"
                + " dose: concentration unknown, delivered since refill 0.4 mL");
    }

    @Test
    void alarmLinesSayWhoRaisedThemAndTheGatewaySaysWhy() {
        Alarm interrupted = Samples.gatewayAlert(Samples.PUMP, AlarmCode.ALARM_CODE_THERAPY_INTERRUPTED,
                AlarmPriority.ALARM_PRIORITY_HIGH, 3, 1, "flow mode STOPPED");
        Alarm cleared = interrupted.toBuilder().setState(AlarmState.ALARM_STATE_CLEARED).setStateCode(2)
                .setReason("therapy delivered again: flow mode CONTINUOUS").build();
        Alarm programmer = Alarm.newBuilder().setAlarmId(4).setAlarm(AlarmCode.ALARM_CODE_PROGRAMMER_LOW_BATTERY)
                .setAlarmCode(0x0100).setPriority(AlarmPriority.ALARM_PRIORITY_LOW).setPriorityCode(1)
                .setState(AlarmState.ALARM_STATE_RAISED).setStateCode(1).setDetail(9)
                .setSource(AlarmSource.ALARM_SOURCE_PROGRAMMER).setName("PROGRAMMER_LOW_BATTERY").build();

        assertThat(lines.body(Envelope.newBuilder().setAlarm(interrupted).build()))
                .isEqualTo("ALARM RAISED THERAPY_INTERRUPTED high id=3 detail=1, gateway: flow mode STOPPED");
        assertThat(lines.body(Envelope.newBuilder().setAlarm(cleared).build()))
                .isEqualTo("ALARM CLEARED THERAPY_INTERRUPTED high id=3 detail=1, gateway: therapy delivered again:"
                        + " flow mode CONTINUOUS");
        assertThat(lines.body(Envelope.newBuilder().setAlarm(programmer).build()))
                .isEqualTo("ALARM RAISED PROGRAMMER_LOW_BATTERY low id=4 detail=9, programmer");
    }

    @Test
    void refillLogLinesGiveTheDiscrepancyInMicrolitresAndTheAccuracyAgainstItsTolerance() {
        List<LogEntry> entries = Samples.interrogation("PRG-1", 17, true).getInterrogationRecord().getLogEntriesList();
        LogEntry accounting = entries.get(3);
        LogEntry withoutRefill = LogEntry.newBuilder().setSessionId(17).setIndex(0)
                .setEvent(LogEvent.LOG_EVENT_REFILL_ACCOUNTING).setEventCode(8).setA(10_000).setB(12_500).setC(720)
                .build();

        assertThat(lines.body(Envelope.newBuilder().setLogEntry(entries.get(2)).build()))
                .isEqualTo("LOG session 17 #2 REFILL residual expected 1000 µL, measured 700 µL, new volume"
                        + " 20000 µL, discrepancy -300 µL");
        assertThat(lines.body(Envelope.newBuilder().setLogEntry(accounting).build()))
                .isEqualTo("LOG session 17 #3 REFILL_ACCOUNTING counted 10000 µL delivered over 720 h, actual"
                        + " 11800 µL, deviation +18.0 % (tolerance ±14.5 %) OUT OF RANGE");
        assertThat(lines.body(Envelope.newBuilder().setLogEntry(accounting.toBuilder().setRefillActualDeliveredUl(11_000)
                .setRefillDeviationPct(10.0).setRefillDeviationOutOfRange(false)).build()))
                .endsWith("actual 11000 µL, deviation +10.0 % (tolerance ±14.5 %)");
        assertThat(lines.body(Envelope.newBuilder().setLogEntry(withoutRefill).build()))
                .isEqualTo("LOG session 17 #0 REFILL_ACCOUNTING counted 10000 µL delivered over 720 h, accuracy"
                        + " not computed");
    }

    @Test
    void linkLineShowsTheLastFrameAndTheDeviceClockOffset() {
        Envelope link = Envelope.newBuilder().setLinkStatus(LinkStatus.newBuilder().setLinkId("bench-1")
                .setLastFrameReceivedMs(Samples.RECEIVED.toEpochMilli())
                .setClockOffsetMs(-29_005_809_000L)).build();
        assertThat(lines.body(link)).endsWith(", frames 0 valid / 0 invalid, last frame 2026-01-01 12:00:01,"
                + " device clock 335.7 d behind");
        Envelope inStep = Envelope.newBuilder().setLinkStatus(LinkStatus.newBuilder().setClockOffsetMs(0)).build();
        assertThat(lines.body(inStep)).endsWith(", device clock in step");
        Envelope minutes = Envelope.newBuilder().setLinkStatus(LinkStatus.newBuilder().setClockOffsetMs(725_000))
                .build();
        assertThat(lines.body(minutes)).endsWith(", device clock 12.1 min ahead");
    }

    @Test
    void helloListsTheTherapySummaryCapability() {
        Envelope hello = Envelope.newBuilder().setHello(Hello.newBuilder().setProgrammerSerial("PRG-1")
                .setProtocolVersion(1).setCapInterrogation(true).setCapTherapySummary(true)).build();
        assertThat(lines.body(hello)).endsWith("capabilities interrogation+therapy summary");
    }

    @Test
    void everyBodyKindOfTheSchemaHasAReadableForm() {
        for (FieldDescriptor body : Envelope.getDescriptor().getOneofs().get(0).getFields()) {
            Envelope.Builder envelope = Envelope.newBuilder();
            envelope.setField(body, envelope.newBuilderForField(body).build());
            assertThat(lines.body(envelope.build())).as(body.getName())
                    .isNotBlank().doesNotContain("no readable form");
        }
    }

    @Test
    void codesThisBuildDoesNotKnowAreShownAsNumbers() {
        Envelope alarm = Envelope.newBuilder().setAlarm(Alarm.newBuilder().setAlarmCode(0x0123).setPriorityCode(9)
                .setStateCode(7).setAlarmId(3)).build();
        assertThat(lines.body(alarm)).isEqualTo("ALARM state code 7 code 0x0123 priority code 9 id=3 detail=0");
        Envelope newerAlert = Envelope.newBuilder().setAlarm(Alarm.newBuilder().setAlarmCode(0x10042)
                .setName("SOME_NEWER_ALERT").setPriorityCode(2).setStateCode(1).setAlarmId(5)
                .setSource(AlarmSource.ALARM_SOURCE_GATEWAY)).build();
        assertThat(lines.body(newerAlert)).as("a gateway's alert this build does not know, by its published name")
                .isEqualTo("ALARM state code 1 SOME_NEWER_ALERT priority code 2 id=5 detail=0, gateway");
        Envelope raw = Envelope.newBuilder().setRawFrame(RawFrame.newBuilder().setTypeCode(0x2A)
                .setPayload(ByteString.copyFrom(new byte[5])).setReason("unknown type")).build();
        assertThat(lines.body(raw)).isEqualTo("RAW FRAME type 0x2A, 5 bytes: unknown type");
    }

    @Test
    void aPayloadThatIsNoEnvelopeHasItsOwnLine() {
        assertThat(lines.unparseable("pumplink/v1/pumps/X/flow", 5, "empty payload", Samples.RECEIVED))
                .isEqualTo("12:00:01 pumps/X/flow  UNPARSEABLE payload of 5 bytes: empty payload");
    }

    @Test
    void jsonIsTheMirrorsMappingOnOneLine() throws Exception {
        String json = lines.json(Samples.interrogation("PRG-1", 17, true));
        assertThat(json).doesNotContain("\n").contains(Samples.PATIENT_REF);
        Envelope.Builder parsed = Envelope.newBuilder();
        JsonFormat.parser().merge(json, parsed);
        assertThat(parsed.build()).isEqualTo(Samples.interrogation("PRG-1", 17, true));
    }
}
