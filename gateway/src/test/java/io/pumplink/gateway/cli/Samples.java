package io.pumplink.gateway.cli;

import io.pumplink.gateway.publish.EnvelopeMapper;
import io.pumplink.proto.v1.ActiveAlarms;
import io.pumplink.proto.v1.Alarm;
import io.pumplink.proto.v1.AlarmCode;
import io.pumplink.proto.v1.AlarmPriority;
import io.pumplink.proto.v1.AlarmSource;
import io.pumplink.proto.v1.AlarmState;
import io.pumplink.proto.v1.BatteryState;
import io.pumplink.proto.v1.BatteryStatus;
import io.pumplink.proto.v1.CommandResult;
import io.pumplink.proto.v1.CommandResultCode;
import io.pumplink.proto.v1.Drug;
import io.pumplink.proto.v1.Envelope;
import io.pumplink.proto.v1.FlowMode;
import io.pumplink.proto.v1.FlowStatus;
import io.pumplink.proto.v1.FrameType;
import io.pumplink.proto.v1.GatewayStatus;
import io.pumplink.proto.v1.Header;
import io.pumplink.proto.v1.InterrogationRecord;
import io.pumplink.proto.v1.LinkState;
import io.pumplink.proto.v1.LinkStatus;
import io.pumplink.proto.v1.LogEntry;
import io.pumplink.proto.v1.LogEvent;
import io.pumplink.proto.v1.ProgrammerStatus;
import io.pumplink.proto.v1.ProjectionBasis;
import io.pumplink.proto.v1.PumpIdentity;
import io.pumplink.proto.v1.RequestReply;
import io.pumplink.proto.v1.ReservoirStatus;
import io.pumplink.proto.v1.SessionBegin;
import io.pumplink.proto.v1.SessionOutcome;
import io.pumplink.proto.v1.TelemetryState;
import io.pumplink.proto.v1.TherapySummary;
import io.pumplink.proto.v1.Transport;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Envelopes of each kind the gateway publishes, as it publishes them, with what their readable line must say. */
final class Samples {
    static final String GATEWAY = "clinic-7";
    static final String PROGRAMMER = "PRG-000001";
    static final String PUMP = "NGP-4711";
    /** A second pump, for the gateway alert (each sample needs a topic of its own). */
    static final String OTHER_PUMP = "NGP-4712";
    static final String PATIENT_REF = "PAT-SECRET-0042";
    static final Instant RECEIVED = Instant.parse("2026-01-01T12:00:01Z");

    /** An envelope, the topic the gateway uses for it, and a part of its readable line. */
    record Sample(String topic, Envelope envelope, String expected) {
    }

    private Samples() {
    }

    static Header.Builder header(String messageId, FrameType type) {
        return Header.newBuilder().setGatewayId(GATEWAY).setProgrammerSerial(PROGRAMMER).setPumpSerial(PUMP)
                .setGatewayReceiveTimeMs(RECEIVED.toEpochMilli()).setFrameType(type)
                .setFrameTypeCode(type.getNumber()).setFrameTypeName(type.name().substring("FRAME_TYPE_".length()))
                .setMessageId(messageId).setSchemaVersion(EnvelopeMapper.SCHEMA_VERSION).setLinkId("tcp-1");
    }

    /**
     * 12.3 mL, 10.3 mL above the threshold, at the therapy's 0.275 mL/day: low in 37.5 d, on 2026-02-07. Dates at
     * noon UTC, so that they read the same in any time zone watch may run in.
     */
    static Envelope reservoir() {
        return Envelope.newBuilder().setHeader(header("reservoir-1", FrameType.FRAME_TYPE_RESERVOIR_STATUS))
                .setReservoirStatus(ReservoirStatus.newBuilder().setTsMs(RECEIVED.toEpochMilli()).setPumpSerial(PUMP)
                        .setVolumeUl(12_300).setLowAlarmThresholdUl(2_000).setDrug(Drug.DRUG_BACLOFEN).setDrugCode(1)
                        .setConcentrationUgPerMl(2_000).setVolumeMl(12.3)
                        .setProjectionBasis(ProjectionBasis.PROJECTION_BASIS_DAILY_VOLUME)
                        .setProjectionDailyVolumeNl(275_000).setDaysToLowThreshold(37.45).setDaysToEmpty(44.73)
                        .setLowThresholdDateMs(Instant.parse("2026-02-07T12:00:00Z").toEpochMilli())
                        .setRefillByDateMs(Instant.parse("2026-02-04T12:00:00Z").toEpochMilli()))
                .build();
    }

    /** PTL 1.1: 0.275 mL/day of baclofen 2 000 µg/mL is 550 µg/day; the clinician set the refill for 2026-02-01. */
    static Envelope therapy() {
        return Envelope.newBuilder().setHeader(header("therapy-1", FrameType.FRAME_TYPE_THERAPY_SUMMARY))
                .setTherapySummary(TherapySummary.newBuilder().setTsMs(RECEIVED.toEpochMilli()).setPumpSerial(PUMP)
                        .setDrug(Drug.DRUG_BACLOFEN).setDrugCode(1).setConcentrationUgPerMl(2_000)
                        .setDailyVolumeNl(275_000).setDailyDoseUg(550)
                        .setNextRefillDueTsMs(Instant.parse("2026-02-01T12:00:00Z").toEpochMilli())
                        .setDailyVolumeMl(0.275).setDailyDoseUgPerDay(550))
                .build();
    }

    static Envelope alarm(String messageId) {
        return Envelope.newBuilder().setHeader(header(messageId, FrameType.FRAME_TYPE_ALARM))
                .setAlarm(lowReservoir())
                .build();
    }

    private static Alarm lowReservoir() {
        return Alarm.newBuilder().setPumpSerial(PUMP).setAlarmId(9).setAlarm(AlarmCode.ALARM_CODE_LOW_RESERVOIR)
                .setAlarmCode(1).setPriority(AlarmPriority.ALARM_PRIORITY_MEDIUM).setPriorityCode(2)
                .setState(AlarmState.ALARM_STATE_RAISED).setStateCode(1).setDetail(1998)
                .setSource(AlarmSource.ALARM_SOURCE_PUMP).setName("LOW_RESERVOIR").build();
    }

    /** An alert the gateway raised itself, as it publishes one: its own ids, its reason in words. */
    static Alarm gatewayAlert(String pump, AlarmCode code, AlarmPriority priority, int alarmId, int detail,
                              String reason) {
        return Alarm.newBuilder().setTsMs(RECEIVED.toEpochMilli()).setPumpSerial(pump).setAlarmId(alarmId)
                .setAlarm(code).setAlarmCode(code.getNumber()).setPriority(priority)
                .setPriorityCode(priority.getNumber() - 1).setState(AlarmState.ALARM_STATE_RAISED).setStateCode(1)
                .setDetail(detail).setSource(AlarmSource.ALARM_SOURCE_GATEWAY)
                .setName(code.name().substring("ALARM_CODE_".length())).setReason(reason).build();
    }

    static Alarm clockDrift() {
        return gatewayAlert(PUMP, AlarmCode.ALARM_CODE_PUMP_CLOCK_DRIFT, AlarmPriority.ALARM_PRIORITY_LOW, 2, 900,
                "pump clock +900 s from the gateway's, limit 600 s");
    }

    /**
     * Session {@code sessionId} of the pump, read through {@code programmer}: 12 entries, a refill at #2 whose
     * accounting at #3 puts its accuracy out of range (11 800 µL delivered where the pump counted 10 000: +18 %).
     */
    static Envelope interrogation(String programmer, int sessionId, boolean complete) {
        InterrogationRecord.Builder record = InterrogationRecord.newBuilder().setPumpSerial(PUMP)
                .setSessionId(sessionId).setPatientRef(PATIENT_REF).setBeginTsMs(RECEIVED.toEpochMilli())
                .setSessionEndReceived(true).setEntryCountExpected(12).setCloseReason("session end");
        for (int index = 0; index < 12; index++) {
            if (!complete && (index == 4 || index == 7)) {
                record.addMissingIndices(index);
                continue;
            }
            LogEntry.Builder entry = LogEntry.newBuilder().setPumpSerial(PUMP).setSessionId(sessionId).setIndex(index)
                    .setEvent(LogEvent.LOG_EVENT_DOSE_CHANGE).setEventCode(2).setA(10_000).setB(12_000).setC(2_000);
            if (index == 2) {
                entry.setEvent(LogEvent.LOG_EVENT_REFILL).setEventCode(1).setA(1_000).setB(700).setC(20_000)
                        .setRefillDiscrepancyUl(-300);
            } else if (index == 3) {
                entry.setEvent(LogEvent.LOG_EVENT_REFILL_ACCOUNTING).setEventCode(8).setA(10_000).setB(12_500)
                        .setC(720).setRefillExpectedDeliveredUl(10_000).setRefillActualDeliveredUl(11_800)
                        .setRefillDeviationPct(18.0).setRefillDeviationOutOfRange(true).setRefillTolerancePct(14.5);
            }
            record.addLogEntries(entry);
        }
        record.setEntryCountReceived(record.getLogEntriesCount())
                .setOutcome(complete ? SessionOutcome.SESSION_OUTCOME_COMPLETE
                        : SessionOutcome.SESSION_OUTCOME_ABORTED_TELEMETRY_LOST)
                .setOutcomeCode(complete ? 0 : 1).setComplete(complete);
        return Envelope.newBuilder()
                .setHeader(header("interrogation:" + PUMP + ":" + sessionId, FrameType.FRAME_TYPE_UNSPECIFIED)
                        .setProgrammerSerial(programmer).clearGatewayReceiveTimeMs())
                .setInterrogationRecord(record)
                .build();
    }

    static Envelope reply(boolean accepted, String error) {
        RequestReply.Builder reply = RequestReply.newBuilder().setAccepted(accepted).setRequestId(4242);
        if (accepted) {
            reply.setCommandResult(CommandResult.newBuilder().setRequestId(4242)
                    .setResult(CommandResultCode.COMMAND_RESULT_CODE_OK).setResultCode(0));
        } else {
            reply.setError(error);
        }
        return Envelope.newBuilder()
                .setHeader(Header.newBuilder().setGatewayId(GATEWAY).setMessageId("request-reply:" + GATEWAY + ":4242")
                        .setSchemaVersion(EnvelopeMapper.SCHEMA_VERSION))
                .setRequestReply(reply)
                .build();
    }

    /** One envelope of each kind the gateway publishes, keyed by a topic below {@code prefix}. */
    static Map<String, Sample> published(String prefix) {
        Map<String, Sample> samples = new LinkedHashMap<>();
        add(samples, prefix + "/pumps/" + PUMP + "/reservoir", reservoir(),
                "pumps/NGP-4711/reservoir  RESERVOIR 12.3 mL (threshold 2.0 mL) baclofen 2000 µg/mL, low in 37.5 d"
                        + " on 2026-02-07, empty in 44.7 d, refill by 2026-02-04, projected from the daily volume"
                        + " 0.275 mL/day");
        add(samples, prefix + "/pumps/" + PUMP + "/therapy", therapy(),
                "pumps/NGP-4711/therapy  THERAPY 0.275 mL/day, 550 µg/day, baclofen 2000 µg/mL, refill due 2026-02-01");
        add(samples, prefix + "/pumps/" + PUMP + "/flow", Envelope.newBuilder()
                .setHeader(header("flow-1", FrameType.FRAME_TYPE_FLOW_STATUS))
                .setFlowStatus(FlowStatus.newBuilder().setPumpSerial(PUMP).setMode(FlowMode.FLOW_MODE_FLEX_SCHEDULE)
                        .setModeCode(2).setRateNlPerHour(10_000).setDeliveredSinceRefillUl(4_560).setStepIndex(2)
                        .setStepCount(4).setRateMlPerDay(0.24).setDailyDoseUgPerDay(550).setConcentrationUgPerMl(2_000)
                        .setDailyDoseBasis(ProjectionBasis.PROJECTION_BASIS_DAILY_VOLUME).setDailyVolumeNl(275_000))
                .build(), "FLOW flex schedule now 0.240 mL/day (10000 nL/h), daily dose 550 µg/day from the daily"
                + " volume 0.275 mL/day, step 2/4, delivered since refill 4.6 mL");
        add(samples, prefix + "/pumps/" + PUMP + "/battery", Envelope.newBuilder()
                .setHeader(header("battery-1", FrameType.FRAME_TYPE_BATTERY_STATUS))
                .setBatteryStatus(BatteryStatus.newBuilder().setPumpSerial(PUMP).setVoltageMv(3_010)
                        .setState(BatteryState.BATTERY_STATE_OK).setStateCode(0).setDaysToEri(412))
                .build(), "BATTERY 3010 mV, OK, ERI in 412 d");
        add(samples, prefix + "/pumps/" + PUMP + "/identity", Envelope.newBuilder()
                .setHeader(header("identity-1", FrameType.FRAME_TYPE_PUMP_IDENTITY))
                .setPumpIdentity(PumpIdentity.newBuilder().setPumpSerial(PUMP).setModelCode(2)
                        .setReservoirCapacityUl(20_000).setPumpFw(258).setImplantDateDays(19_783)
                        .setCatheterVolumeUl(150))
                .build(), "IDENTITY pump NGP-4711, model 2, reservoir 20.0 mL, catheter 150 µL, fw 258,"
                + " implanted 2024-03-01");
        add(samples, prefix + "/programmers/" + PROGRAMMER + "/status", Envelope.newBuilder()
                .setHeader(header("programmer-1", FrameType.FRAME_TYPE_PROGRAMMER_STATUS).clearPumpSerial())
                .setProgrammerStatus(ProgrammerStatus.newBuilder().setBatteryPct(80)
                        .setTelemetryState(TelemetryState.TELEMETRY_STATE_PUMP_IN_RANGE).setTelemetryStateCode(1)
                        .setRssiDbm(-61))
                .build(), "PROGRAMMER battery 80 %, pump in range, rssi -61 dBm");
        add(samples, prefix + "/pumps/" + PUMP + "/alarm", alarm("alarm-9"),
                "ALARM RAISED LOW_RESERVOIR medium id=9 detail=1998, pump");
        add(samples, prefix + "/pumps/" + OTHER_PUMP + "/alarm", Envelope.newBuilder()
                .setHeader(header("gateway-alert:" + GATEWAY + ":" + OTHER_PUMP + ":3:1", FrameType.FRAME_TYPE_UNSPECIFIED)
                        .setPumpSerial(OTHER_PUMP))
                .setAlarm(gatewayAlert(OTHER_PUMP, AlarmCode.ALARM_CODE_THERAPY_INTERRUPTED,
                        AlarmPriority.ALARM_PRIORITY_HIGH, 3, 1, "flow mode STOPPED"))
                .build(), "pumps/NGP-4712/alarm  ALARM RAISED THERAPY_INTERRUPTED high id=3 detail=1, gateway:"
                + " flow mode STOPPED");
        add(samples, prefix + "/pumps/" + PUMP + "/alarms/active", Envelope.newBuilder()
                .setHeader(header("active-1", FrameType.FRAME_TYPE_UNSPECIFIED))
                .setActiveAlarms(ActiveAlarms.newBuilder().setPumpSerial(PUMP).addAlarms(lowReservoir())
                        .addAlarms(clockDrift()))
                .build(), "ACTIVE ALARMS 2: LOW_RESERVOIR medium id=9 detail=1998, PUMP_CLOCK_DRIFT low id=2"
                + " detail=900 (gateway)");
        add(samples, prefix + "/pumps/" + PUMP + "/interrogation", interrogation(PROGRAMMER, 17, true),
                "INTERROGATION session 17 COMPLETE, entries 12/12, missing none, refills out of accuracy range 1 (#3),"
                        + " alarms 0, patient: <present>, closed: session end");
        add(samples, prefix + "/gateways/" + GATEWAY + "/links/tcp-1", Envelope.newBuilder()
                .setHeader(header("link-1", FrameType.FRAME_TYPE_UNSPECIFIED))
                .setLinkStatus(LinkStatus.newBuilder().setLinkId("tcp-1").setTransport(Transport.TRANSPORT_TCP)
                        .setEndpoint("127.0.0.1:7410").setState(LinkState.LINK_STATE_UP).setReason("HELLO accepted")
                        .setClockOffsetMs(1_500))
                .build(), "LINK tcp-1 UP (TCP 127.0.0.1:7410): HELLO accepted, frames 0 valid / 0 invalid,"
                + " device clock 1.5 s ahead");
        add(samples, prefix + "/gateways/" + GATEWAY + "/status", Envelope.newBuilder()
                .setHeader(header("gateway-1", FrameType.FRAME_TYPE_UNSPECIFIED))
                .setGatewayStatus(GatewayStatus.newBuilder().setGatewayId(GATEWAY).setOnline(true)
                        .setVersion("0.1.0"))
                .build(), "GATEWAY clinic-7 online, version 0.1.0");
        add(samples, prefix + "/replies/console", reply(false, "programmer PRG-9 is not connected to clinic-7"),
                "REPLY refused: programmer PRG-9 is not connected to clinic-7 (request 4242)");
        add(samples, prefix + "/test/session-begin", Envelope.newBuilder()
                .setHeader(header("begin-17", FrameType.FRAME_TYPE_SESSION_BEGIN))
                .setSessionBegin(SessionBegin.newBuilder().setPumpSerial(PUMP).setSessionId(17)
                        .setPatientRef(PATIENT_REF))
                .build(), "SESSION BEGIN session 17, patient: <present>");
        return samples;
    }

    private static void add(Map<String, Sample> samples, String topic, Envelope envelope, String expected) {
        samples.put(topic, new Sample(topic, envelope, expected));
    }
}
