package io.pumplink.bridge.fhir;

import io.pumplink.bridge.Received;
import io.pumplink.proto.v1.Alarm;
import io.pumplink.proto.v1.AlarmCode;
import io.pumplink.proto.v1.AlarmPriority;
import io.pumplink.proto.v1.AlarmSource;
import io.pumplink.proto.v1.AlarmState;
import io.pumplink.proto.v1.BatteryState;
import io.pumplink.proto.v1.BatteryStatus;
import io.pumplink.proto.v1.Drug;
import io.pumplink.proto.v1.Envelope;
import io.pumplink.proto.v1.FlowMode;
import io.pumplink.proto.v1.FlowStatus;
import io.pumplink.proto.v1.Header;
import io.pumplink.proto.v1.Heartbeat;
import io.pumplink.proto.v1.InterrogationRecord;
import io.pumplink.proto.v1.PumpIdentity;
import io.pumplink.proto.v1.ReservoirStatus;
import io.pumplink.proto.v1.SessionOutcome;
import io.pumplink.proto.v1.TherapySummary;
import java.time.Instant;
import java.util.List;

/** Messages of each body the FHIR bridge maps, as the gateway publishes them. */
final class FhirSamples {
    static final String PUMP = "NGP-4711";
    static final String PSEUDONYM = "p-abcdefghijklmnopqrstuvwxyz";
    static final String PROGRAMMER = "PRG-000001";
    static final String PATIENT_REF = "PAT-SECRET-0042";
    static final String PATIENT_SYSTEM = "urn:oid:1.2.36.146.595.217.0.1";
    static final long AT = Instant.parse("2026-01-01T12:00:00Z").toEpochMilli();

    private FhirSamples() {
    }

    static Header.Builder header(String pump) {
        return Header.newBuilder().setGatewayId("clinic-7").setProgrammerSerial(PROGRAMMER).setPumpSerial(pump)
                .setDeviceTimeMs(AT).setSchemaVersion(3);
    }

    static Received received(String messageId, Envelope.Builder envelope) {
        envelope.getHeaderBuilder().setMessageId(messageId);
        return new Received("pumplink/v1/clinic-7/pump/" + envelope.getHeader().getPumpSerial(), messageId,
                envelope.build());
    }

    /** 12 345 µL of baclofen 2 000 µg/mL, threshold 2 000 µL, empty in 44.5 days, refill by 2026-02-04. */
    static ReservoirStatus.Builder reservoirStatus() {
        return ReservoirStatus.newBuilder().setTsMs(AT).setPumpSerial(PUMP).setVolumeUl(12_345)
                .setLowAlarmThresholdUl(2_000).setDrug(Drug.DRUG_BACLOFEN).setDrugCode(1)
                .setConcentrationUgPerMl(2_000).setVolumeMl(12.345).setDaysToEmpty(44.5)
                .setRefillByDateMs(Instant.parse("2026-02-04T12:00:00Z").toEpochMilli());
    }

    static Received reservoir(String messageId) {
        return received(messageId, Envelope.newBuilder().setHeader(header(PUMP)).setReservoirStatus(reservoirStatus()));
    }

    /** 20 833 nL/h continuous, 4 000 µL delivered since the refill, 1 000 µg/day. */
    static FlowStatus.Builder flowStatus() {
        return FlowStatus.newBuilder().setTsMs(AT).setPumpSerial(PUMP).setMode(FlowMode.FLOW_MODE_CONTINUOUS)
                .setModeCode(1).setRateNlPerHour(20_833).setDeliveredSinceRefillUl(4_000)
                .setDailyDoseUgPerDay(1_000);
    }

    static Received flow(String messageId) {
        return received(messageId, Envelope.newBuilder().setHeader(header(PUMP)).setFlowStatus(flowStatus()));
    }

    static Received therapy(String messageId) {
        return received(messageId, Envelope.newBuilder().setHeader(header(PUMP)).setTherapySummary(
                TherapySummary.newBuilder().setTsMs(AT).setPumpSerial(PUMP).setDrug(Drug.DRUG_BACLOFEN)
                        .setConcentrationUgPerMl(2_000).setDailyVolumeNl(500_000).setDailyDoseUg(1_000)));
    }

    static BatteryStatus.Builder batteryStatus() {
        return BatteryStatus.newBuilder().setTsMs(AT).setPumpSerial(PUMP).setVoltageMv(2_850)
                .setState(BatteryState.BATTERY_STATE_OK).setStateCode(0).setDaysToEri(1_200);
    }

    static Received battery(String messageId) {
        return received(messageId, Envelope.newBuilder().setHeader(header(PUMP)).setBatteryStatus(batteryStatus()));
    }

    static PumpIdentity.Builder pumpIdentity() {
        return PumpIdentity.newBuilder().setTsMs(AT).setPumpSerial(PUMP).setModelCode(8637)
                .setReservoirCapacityUl(20_000).setPumpFw(258);
    }

    static Received identity(String messageId) {
        return received(messageId, Envelope.newBuilder().setHeader(header(PUMP)).setPumpIdentity(pumpIdentity()));
    }

    static Alarm.Builder lowReservoir(AlarmState state) {
        return Alarm.newBuilder().setTsMs(AT).setPumpSerial(PUMP).setAlarmId(9)
                .setAlarm(AlarmCode.ALARM_CODE_LOW_RESERVOIR).setAlarmCode(1)
                .setPriority(AlarmPriority.ALARM_PRIORITY_MEDIUM).setPriorityCode(2).setState(state)
                .setStateCode(state.getNumber()).setDetail(1_998).setSource(AlarmSource.ALARM_SOURCE_PUMP)
                .setName("LOW_RESERVOIR");
    }

    static Received alarm(String messageId, Alarm.Builder alarm) {
        String pump = alarm.getPumpSerial();
        return received(messageId, Envelope.newBuilder().setHeader(header(pump)).setAlarm(alarm));
    }

    static Received programmerAlarm(String messageId) {
        return alarm(messageId, Alarm.newBuilder().setTsMs(AT).setAlarmId(3)
                .setAlarm(AlarmCode.ALARM_CODE_PROGRAMMER_LOW_BATTERY).setAlarmCode(256)
                .setPriority(AlarmPriority.ALARM_PRIORITY_LOW).setPriorityCode(1)
                .setState(AlarmState.ALARM_STATE_RAISED).setStateCode(1)
                .setSource(AlarmSource.ALARM_SOURCE_PROGRAMMER).setName("PROGRAMMER_LOW_BATTERY"));
    }

    static Received gatewayAlert(String messageId) {
        return alarm(messageId, Alarm.newBuilder().setTsMs(AT).setPumpSerial(PUMP).setAlarmId(2)
                .setAlarm(AlarmCode.ALARM_CODE_THERAPY_INTERRUPTED).setAlarmCode(65_537)
                .setPriority(AlarmPriority.ALARM_PRIORITY_HIGH).setPriorityCode(3)
                .setState(AlarmState.ALARM_STATE_RAISED).setStateCode(1)
                .setSource(AlarmSource.ALARM_SOURCE_GATEWAY).setName("THERAPY_INTERRUPTED")
                .setReason("pump stopped"));
    }

    /** Session 17 of the pump: complete, with every snapshot frame, for patient {@link #PATIENT_REF}. */
    static Received interrogation(String messageId) {
        return received(messageId, Envelope.newBuilder().setHeader(header(PUMP)).setInterrogationRecord(
                InterrogationRecord.newBuilder().setPumpSerial(PUMP).setSessionId(17).setPatientRef(PATIENT_REF)
                        .setBeginTsMs(AT).setEndTsMs(AT + 90_000).setIdentity(pumpIdentity())
                        .setReservoir(reservoirStatus()).setFlow(flowStatus()).setBattery(batteryStatus())
                        .setOutcome(SessionOutcome.SESSION_OUTCOME_COMPLETE).setOutcomeCode(0)
                        .setSessionEndReceived(true).setComplete(true).setCloseReason("session end")));
    }

    static Received heartbeat(String messageId) {
        return received(messageId, Envelope.newBuilder().setHeader(header(PUMP)).setHeartbeat(Heartbeat.newBuilder()));
    }

    /** One message of each body that maps. */
    static List<Received> all() {
        return List.of(reservoir("m-reservoir"), flow("m-flow"), therapy("m-therapy"), battery("m-battery"),
                identity("m-identity"), alarm("m-alarm", lowReservoir(AlarmState.ALARM_STATE_RAISED)),
                programmerAlarm("m-programmer-alarm"), gatewayAlert("m-gateway-alert"),
                interrogation("m-interrogation"));
    }
}
