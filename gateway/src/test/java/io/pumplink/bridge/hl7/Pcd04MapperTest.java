package io.pumplink.bridge.hl7;

import static io.pumplink.bridge.hl7.Hl7Fixtures.CLOCK;
import static io.pumplink.bridge.hl7.Hl7Fixtures.PROGRAMMER;
import static io.pumplink.bridge.hl7.Hl7Fixtures.PUMP;
import static io.pumplink.bridge.hl7.Hl7Fixtures.SETTINGS;
import static io.pumplink.bridge.hl7.Hl7Fixtures.alarm;
import static io.pumplink.bridge.hl7.Hl7Fixtures.lowReservoir;
import static io.pumplink.bridge.hl7.Hl7Fixtures.received;
import static io.pumplink.bridge.hl7.Hl7Fixtures.roundTrip;
import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import io.pumplink.bridge.Received;
import io.pumplink.bridge.hl7.Hl7Fixtures.Parsed;
import io.pumplink.bridge.terms.Term;
import io.pumplink.proto.v1.AlarmCode;
import io.pumplink.proto.v1.AlarmPriority;
import io.pumplink.proto.v1.AlarmSource;
import io.pumplink.proto.v1.AlarmState;
import io.pumplink.proto.v1.Envelope;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Pcd04MapperTest {
    private static final int EVENT = 0;
    private static final int SOURCE = 1;
    private static final int PHASE = 2;
    private static final int STATE = 3;

    private final HapiContext context = new DefaultHapiContext();

    @AfterEach
    void close() throws Exception {
        context.close();
    }

    private Parsed map(Received received) throws HL7Exception {
        return roundTrip(new Pcd04Mapper(SETTINGS, context, CLOCK).map(received).orElseThrow());
    }

    @Test
    void aRaiseIsAPcd04MessageHapiParsesBackWithValidationOn() throws HL7Exception {
        Parsed parsed = map(lowReservoir(AlarmState.ALARM_STATE_RAISED));

        assertThat(parsed.get("/MSH-9-1") + "^" + parsed.get("/MSH-9-2") + "^" + parsed.get("/MSH-9-3"))
                .isEqualTo("ORU^R40^ORU_R01");
        assertThat(parsed.get("/MSH-21-1") + "^" + parsed.get("/MSH-21-2") + "^" + parsed.get("/MSH-21-3") + "^"
                + parsed.get("/MSH-21-4")).isEqualTo("IHE_PCD_ACM_001^IHE PCD^1.3.6.1.4.1.19376.1.6.4.4^ISO");
        assertThat(parsed.get("/MSH-12")).isEqualTo("2.6");
        assertThat(parsed.obr("4-1") + "^" + parsed.obr("4-2") + "^" + parsed.obr("4-3"))
                .isEqualTo("196670^MDC_EVT_LO^MDC");
        assertThat(parsed.obr("7")).startsWith("20231114221320");
        assertThat(parsed.encoded()).doesNotContain("PID|");
    }

    @Test
    void eventFacetCarriesTheEventCodeTheTextAndPriorityAndTypeInObx8() throws HL7Exception {
        Parsed parsed = map(lowReservoir(AlarmState.ALARM_STATE_RAISED));

        assertThat(parsed.obx(EVENT, "3-1") + "^" + parsed.obx(EVENT, "3-3"))
                .isEqualTo("196670^MDC");
        assertThat(parsed.obx(EVENT, "4")).isEqualTo("1.0.0.0.1");
        assertThat(parsed.obx(EVENT, "2")).isEqualTo("ST");
        assertThat(parsed.obx(EVENT, "5")).isEqualTo("LOW_RESERVOIR");
        assertThat(parsed.get("/PATIENT_RESULT/ORDER_OBSERVATION/OBSERVATION(0)/OBX-8(0)")).isEqualTo("PM");
        assertThat(parsed.get("/PATIENT_RESULT/ORDER_OBSERVATION/OBSERVATION(0)/OBX-8(1)")).isEqualTo("ST");
        assertThat(parsed.encoded()).contains("|PM~ST|");
    }

    @Test
    void sourceFacetNamesThePumpBySerial() throws HL7Exception {
        Parsed parsed = map(lowReservoir(AlarmState.ALARM_STATE_RAISED));

        assertThat(parsed.obx(SOURCE, "3-1") + "^" + parsed.obx(SOURCE, "3-2") + "^" + parsed.obx(SOURCE, "3-3"))
                .isEqualTo(Term.DEV_PUMP_INFUS.code() + "^MDC_DEV_PUMP_INFUS_MDS^MDC");
        assertThat(parsed.obx(SOURCE, "4")).isEqualTo("1.0.0.0.2");
        assertThat(parsed.obx(SOURCE, "18-1")).isEqualTo(PUMP);
    }

    @ParameterizedTest
    @CsvSource({"ALARM_STATE_RAISED, start, active", "ALARM_STATE_CLEARED, end, inactive"})
    void phaseAndStateFacetsSayWhetherTheAlarmIsRaisedOrCleared(AlarmState state, String phase, String alarmState)
            throws HL7Exception {
        Parsed parsed = map(lowReservoir(state));

        assertThat(parsed.obx(PHASE, "3-1") + "^" + parsed.obx(PHASE, "3-2") + "^" + parsed.obx(PHASE, "3-3"))
                .isEqualTo(Term.EVENT_PHASE.code() + "^MDC_ATTR_EVENT_PHASE^MDC");
        assertThat(parsed.obx(PHASE, "4")).isEqualTo("1.0.0.0.3");
        assertThat(parsed.obx(PHASE, "5")).isEqualTo(phase);
        assertThat(parsed.obx(STATE, "3-1") + "^" + parsed.obx(STATE, "3-2") + "^" + parsed.obx(STATE, "3-3"))
                .isEqualTo(Term.ALARM_STATE.code() + "^MDC_ATTR_ALARM_STATE^MDC");
        assertThat(parsed.obx(STATE, "4")).isEqualTo("1.0.0.0.4");
        assertThat(parsed.obx(STATE, "5")).isEqualTo(alarmState);
    }

    @Test
    void raiseAndClearShareTheAlarmIdentityInObr3SoTheAlarmManagerPairsThem() throws HL7Exception {
        Parsed raise = map(lowReservoir(AlarmState.ALARM_STATE_RAISED));
        Parsed clear = map(lowReservoir(AlarmState.ALARM_STATE_CLEARED));

        assertThat(raise.obr("3-1")).isEqualTo(PUMP + ":17").isEqualTo(clear.obr("3-1"));
        assertThat(raise.obr("3-2")).isEqualTo("PUMPLINK");
        assertThat(raise.get("/MSH-10")).as("two messages, two control ids").isNotEqualTo(clear.get("/MSH-10"));
    }

    @ParameterizedTest
    @CsvSource({"ALARM_PRIORITY_HIGH, PH", "ALARM_PRIORITY_MEDIUM, PM", "ALARM_PRIORITY_LOW, PL",
            "ALARM_PRIORITY_INFO, PN"})
    void priorityGoesToObx8(AlarmPriority priority, String flag) throws HL7Exception {
        Parsed parsed = map(received("a-" + priority, Envelope.newBuilder()
                .setAlarm(alarm(AlarmState.ALARM_STATE_RAISED, priority, AlarmSource.ALARM_SOURCE_PUMP))));

        assertThat(parsed.get("/PATIENT_RESULT/ORDER_OBSERVATION/OBSERVATION(0)/OBX-8(0)")).isEqualTo(flag);
    }

    @Test
    void aGatewayClinicalAlertIsAnAdvisoryWithItsReason() throws HL7Exception {
        Parsed parsed = map(received("gateway-alert:gw-1:" + PUMP + ":3:1", Envelope.newBuilder().setAlarm(
                alarm(AlarmState.ALARM_STATE_RAISED, AlarmPriority.ALARM_PRIORITY_HIGH,
                        AlarmSource.ALARM_SOURCE_GATEWAY).toBuilder()
                        .setAlarm(AlarmCode.ALARM_CODE_THERAPY_INTERRUPTED).setAlarmCode(65_537)
                        .setName("THERAPY_INTERRUPTED").setReason("pump stopped"))));

        assertThat(parsed.obx(EVENT, "3-1")).isEqualTo("PUMPLINK_EVT_THERAPY_INTERRUPTED");
        assertThat(parsed.obx(EVENT, "5")).isEqualTo("THERAPY_INTERRUPTED: pump stopped");
        assertThat(parsed.encoded()).contains("|PH~SA|");
        assertThat(parsed.obx(SOURCE, "18-1")).isEqualTo(PUMP);
    }

    @Test
    void aProgrammerAlarmNamesTheProgrammerAsItsSource() throws HL7Exception {
        Parsed parsed = map(received("alarm:" + PROGRAMMER + ":4:1", Envelope.newBuilder().setAlarm(
                alarm(AlarmState.ALARM_STATE_RAISED, AlarmPriority.ALARM_PRIORITY_LOW,
                        AlarmSource.ALARM_SOURCE_PROGRAMMER).toBuilder()
                        .setAlarm(AlarmCode.ALARM_CODE_PROGRAMMER_LOW_BATTERY).setAlarmCode(256)
                        .setName("PROGRAMMER_LOW_BATTERY"))));

        assertThat(parsed.obx(SOURCE, "3-1") + "^" + parsed.obx(SOURCE, "3-3"))
                .isEqualTo("PUMPLINK_DEV_PROGRAMMER^99PUMPLINK");
        assertThat(parsed.obx(SOURCE, "18-1")).isEqualTo(PROGRAMMER);
        assertThat(parsed.encoded()).contains("|PL~ST|").doesNotContain(PUMP);
    }

    @Test
    void onlyAlarmsMapToPcd04() throws HL7Exception {
        assertThat(new Pcd04Mapper(SETTINGS, context, CLOCK).map(received("r-1",
                Envelope.newBuilder().setReservoirStatus(Hl7Fixtures.reservoir())))).isEmpty();
    }
}
