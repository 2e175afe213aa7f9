package io.pumplink.bridge.hl7;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.util.Terser;
import io.pumplink.bridge.PatientIdentity;
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
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

/** Publications as the gateway makes them, and the round trip every built message must survive. */
final class Hl7Fixtures {
    static final String PUMP = "SN-10042";
    static final String PROGRAMMER = "PR-7";
    static final String PATIENT_REF = "MRN-0042";
    /** 2023-11-14T22:13:20Z */
    static final long TS = 1_700_000_000_000L;
    static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(TS + 5_000), ZoneOffset.UTC);
    static final Hl7Settings SETTINGS = new Hl7Settings("localhost", 2575, Duration.ofSeconds(2), "PUMPLINK",
            "WARD7", "ACM", "HOSPITAL", PatientIdentity.NONE);

    private Hl7Fixtures() {
    }

    static Hl7Settings withPatients(String system) {
        return new Hl7Settings(SETTINGS.host(), SETTINGS.port(), SETTINGS.ackTimeout(),
                SETTINGS.sendingApplication(), SETTINGS.sendingFacility(), SETTINGS.receivingApplication(),
                SETTINGS.receivingFacility(), new PatientIdentity(Optional.of(system)));
    }

    static Received received(String messageId, Envelope.Builder envelope) {
        Header.Builder header = Header.newBuilder().setGatewayId("gw-1").setProgrammerSerial(PROGRAMMER)
                .setMessageId(messageId).setSchemaVersion(3);
        if (!envelope.hasAlarm() || envelope.getAlarm().getSource() != AlarmSource.ALARM_SOURCE_PROGRAMMER) {
            header.setPumpSerial(PUMP);
        }
        return new Received("pumplink/gw-1/pumps/" + PUMP, messageId, envelope.setHeader(header).build());
    }

    /** 12 345 uL of baclofen 500 ug/mL, low threshold 2 000 uL, empty in 30.5 days, refill by TS + 20 days. */
    static ReservoirStatus reservoir() {
        return ReservoirStatus.newBuilder().setTsMs(TS).setPumpSerial(PUMP).setVolumeUl(12_345)
                .setLowAlarmThresholdUl(2_000).setDrug(Drug.DRUG_BACLOFEN).setDrugCode(1)
                .setConcentrationUgPerMl(500).setDaysToEmpty(30.5).setRefillByDateMs(TS + 20 * 86_400_000L).build();
    }

    /** Continuous, 20 833 nL/h (0.5 mL/day), 4 000 uL delivered since the refill, 250 ug/day. */
    static FlowStatus flow() {
        return FlowStatus.newBuilder().setTsMs(TS).setPumpSerial(PUMP).setMode(FlowMode.FLOW_MODE_CONTINUOUS)
                .setModeCode(1).setRateNlPerHour(20_833).setDeliveredSinceRefillUl(4_000)
                .setDailyDoseUgPerDay(250).build();
    }

    static TherapySummary therapy() {
        return TherapySummary.newBuilder().setTsMs(TS).setPumpSerial(PUMP).setDrug(Drug.DRUG_BACLOFEN)
                .setConcentrationUgPerMl(500).setDailyVolumeNl(500_000).setDailyDoseUg(250).build();
    }

    static BatteryStatus battery() {
        return BatteryStatus.newBuilder().setTsMs(TS).setPumpSerial(PUMP).setVoltageMv(2_950)
                .setState(BatteryState.BATTERY_STATE_OK).setStateCode(0).setDaysToEri(400).build();
    }

    static PumpIdentity identity() {
        return PumpIdentity.newBuilder().setTsMs(TS).setPumpSerial(PUMP).setModelCode(3)
                .setReservoirCapacityUl(20_000).build();
    }

    /** A complete session of patient {@link #PATIENT_REF}: 12 log entries expected, 12 received. */
    static InterrogationRecord record() {
        return InterrogationRecord.newBuilder().setPumpSerial(PUMP).setSessionId(9).setPatientRef(PATIENT_REF)
                .setBeginTsMs(TS).setEndTsMs(TS + 60_000).setIdentity(identity()).setReservoir(reservoir())
                .setFlow(flow()).setBattery(battery()).setTherapySummary(therapy())
                .setOutcome(SessionOutcome.SESSION_OUTCOME_COMPLETE).setOutcomeCode(0).setSessionEndReceived(true)
                .setEntryCountExpected(12).setEntryCountReceived(12).setComplete(true).build();
    }

    static Alarm alarm(AlarmState state, AlarmPriority priority, AlarmSource source) {
        return Alarm.newBuilder().setTsMs(TS).setPumpSerial(source == AlarmSource.ALARM_SOURCE_PROGRAMMER ? "" : PUMP)
                .setAlarmId(17).setAlarm(AlarmCode.ALARM_CODE_LOW_RESERVOIR).setAlarmCode(1)
                .setPriority(priority).setState(state).setSource(source).setName("LOW_RESERVOIR").build();
    }

    static Received lowReservoir(AlarmState state) {
        return received("alarm:" + PUMP + ":17:" + state.getNumber(), Envelope.newBuilder().setAlarm(
                alarm(state, AlarmPriority.ALARM_PRIORITY_MEDIUM, AlarmSource.ALARM_SOURCE_PUMP)));
    }

    static Received heartbeat() {
        return received("hb-1", Envelope.newBuilder().setHeartbeat(Heartbeat.getDefaultInstance()));
    }

    /** Encoded by HAPI, parsed back by a fresh HAPI context with its default validation on. */
    static Parsed roundTrip(Message message) throws HL7Exception {
        String encoded = message.encode();
        try (HapiContext context = new DefaultHapiContext()) {
            return new Parsed(encoded, new Terser(context.getPipeParser().parse(encoded)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final int MAX_OBX = 40;

    record Parsed(String encoded, Terser terser) {
        String get(String path) throws HL7Exception {
            return terser.get(path);
        }

        /** OBX-n of the k-th observation (0-based), e.g. obx(2, "3-1"). */
        String obx(int k, String field) throws HL7Exception {
            return terser.get("/PATIENT_RESULT/ORDER_OBSERVATION/OBSERVATION(" + k + ")/OBX-" + field);
        }

        /** The index of the OBX whose OBX-3 names this term's REFID (the text component). */
        int indexOf(String refId) throws HL7Exception {
            for (int k = 0; k < MAX_OBX; k++) {
                if (refId.equals(obx(k, "3-2"))) {
                    return k;
                }
            }
            throw new AssertionError("no OBX for " + refId + " in\n" + encoded.replace('\r', '\n'));
        }

        String obr(String field) throws HL7Exception {
            return terser.get("/PATIENT_RESULT/ORDER_OBSERVATION/OBR-" + field);
        }
    }
}
