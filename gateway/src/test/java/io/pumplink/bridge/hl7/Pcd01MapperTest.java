package io.pumplink.bridge.hl7;

import static io.pumplink.bridge.hl7.Hl7Fixtures.CLOCK;
import static io.pumplink.bridge.hl7.Hl7Fixtures.PATIENT_REF;
import static io.pumplink.bridge.hl7.Hl7Fixtures.PUMP;
import static io.pumplink.bridge.hl7.Hl7Fixtures.SETTINGS;
import static io.pumplink.bridge.hl7.Hl7Fixtures.received;
import static io.pumplink.bridge.hl7.Hl7Fixtures.roundTrip;
import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.model.v26.message.ORU_R01;
import io.pumplink.bridge.Received;
import io.pumplink.bridge.hl7.Hl7Fixtures.Parsed;
import io.pumplink.bridge.terms.Term;
import io.pumplink.bridge.terms.Unit;
import io.pumplink.proto.v1.Envelope;
import io.pumplink.proto.v1.Header;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class Pcd01MapperTest {
    private final HapiContext context = new DefaultHapiContext();

    @AfterEach
    void close() throws Exception {
        context.close();
    }

    private Parsed map(Hl7Settings settings, Received received) throws HL7Exception {
        ORU_R01 message = new Pcd01Mapper(settings, context, CLOCK).map(received).orElseThrow();
        return roundTrip(message);
    }

    private Parsed map(Received received) throws HL7Exception {
        return map(SETTINGS, received);
    }

    private static Received reservoir() {
        return received("r-1", Envelope.newBuilder().setReservoirStatus(Hl7Fixtures.reservoir()));
    }

    private static Received record() {
        return received("rec-1", Envelope.newBuilder().setInterrogationRecord(Hl7Fixtures.record()));
    }

    static Stream<Received> everyBodyWithMeasurements() {
        return Stream.of(reservoir(),
                received("f-1", Envelope.newBuilder().setFlowStatus(Hl7Fixtures.flow())),
                received("t-1", Envelope.newBuilder().setTherapySummary(Hl7Fixtures.therapy())),
                received("b-1", Envelope.newBuilder().setBatteryStatus(Hl7Fixtures.battery())),
                received("i-1", Envelope.newBuilder().setPumpIdentity(Hl7Fixtures.identity())),
                record());
    }

    @ParameterizedTest
    @MethodSource("everyBodyWithMeasurements")
    void everyStatusBodyAndRecordIsAPcd01MessageHapiParsesBackWithValidationOn(Received received)
            throws HL7Exception {
        Parsed parsed = map(received);

        assertThat(parsed.get("/MSH-9-1") + "^" + parsed.get("/MSH-9-2") + "^" + parsed.get("/MSH-9-3"))
                .isEqualTo("ORU^R01^ORU_R01");
        assertThat(parsed.get("/MSH-12")).isEqualTo("2.6");
        assertThat(parsed.get("/MSH-11")).isEqualTo("P");
        assertThat(parsed.get("/MSH-21-1") + "^" + parsed.get("/MSH-21-2") + "^" + parsed.get("/MSH-21-3") + "^"
                + parsed.get("/MSH-21-4")).isEqualTo("IHE_PCD_001^IHE PCD^1.3.6.1.4.1.19376.1.6.1.1.1^ISO");
        assertThat(parsed.obr("4-1")).isEqualTo(Term.DEV_PUMP_INFUS.code());
        assertThat(parsed.obr("4-2")).isEqualTo(Term.DEV_PUMP_INFUS.refId());
        assertThat(parsed.obr("4-3")).isEqualTo("MDC");
        assertThat(parsed.encoded()).doesNotContain("PID|").doesNotContain(PATIENT_REF);
    }

    @Test
    void headerNamesTheConfiguredApplicationsAndFacilitiesAndTheTimeOfSending() throws HL7Exception {
        Parsed parsed = map(reservoir());

        assertThat(parsed.get("/MSH-3-1")).isEqualTo("PUMPLINK");
        assertThat(parsed.get("/MSH-4-1")).isEqualTo("WARD7");
        assertThat(parsed.get("/MSH-5-1")).isEqualTo("ACM");
        assertThat(parsed.get("/MSH-6-1")).isEqualTo("HOSPITAL");
        // CLOCK is TS + 5 s: 2023-11-14T22:13:25Z
        assertThat(parsed.get("/MSH-7")).startsWith("20231114221325");
        assertThat(parsed.get("/MSH-15") + "/" + parsed.get("/MSH-16")).isEqualTo("AL/NE");
    }

    @Test
    void controlIdIsTheSameForTheSameMessageIdSoAReceiverDropsARedelivery() throws HL7Exception {
        Parsed first = map(reservoir());
        Parsed again = map(reservoir());
        Parsed other = map(received("r-2", Envelope.newBuilder().setReservoirStatus(Hl7Fixtures.reservoir())));

        assertThat(first.get("/MSH-10")).hasSize(ControlId.LENGTH).isEqualTo(again.get("/MSH-10"))
                .isNotEqualTo(other.get("/MSH-10"));
        assertThat(first.obr("3-1")).isEqualTo(first.get("/MSH-10"));
    }

    @Test
    void deviceObxComesFirstAndNamesThePumpBySerial() throws HL7Exception {
        Parsed parsed = map(reservoir());

        assertThat(parsed.obx(0, "3-1") + "^" + parsed.obx(0, "3-2") + "^" + parsed.obx(0, "3-3"))
                .isEqualTo(Term.DEV_PUMP_INFUS.code() + "^MDC_DEV_PUMP_INFUS_MDS^MDC");
        assertThat(parsed.obx(0, "4")).isEqualTo("1");
        assertThat(parsed.obx(0, "11")).isEqualTo("X");
        assertThat(parsed.obx(0, "18-1")).isEqualTo(PUMP);
        assertThat(parsed.obx(0, "18-2")).isEqualTo("PUMPLINK");
    }

    @Test
    void aPseudonymisedSerialIsMarkedSoNoReceiverMatchesItToAnAsset() throws HL7Exception {
        Received plain = reservoir();
        Envelope pseudonymised = plain.envelope().toBuilder().setHeader(plain.envelope().getHeader().toBuilder()
                .setPumpSerial("p-abcdefghijklmnopqrstuvwxyz").setPumpSerialPseudonymised(true)).build();

        Parsed parsed = map(new Received(plain.topic(), plain.messageId(), pseudonymised));

        assertThat(parsed.obx(0, "18-1")).isEqualTo("p-abcdefghijklmnopqrstuvwxyz");
        assertThat(parsed.obx(0, "18-2")).isEqualTo("PUMPLINK_PSEUDONYM");
        assertThat(parsed.encoded()).doesNotContain(PUMP);
    }

    @Test
    void reservoirVolumeGoesOutInMillilitresWithTheMdcUnit() throws HL7Exception {
        Parsed parsed = map(reservoir());
        int k = parsed.indexOf(Term.VOLUME_REMAINING.refId());

        assertThat(parsed.obx(k, "2")).isEqualTo("NM");
        assertThat(parsed.obx(k, "3-1") + "^" + parsed.obx(k, "3-3")).isEqualTo(Term.VOLUME_REMAINING.code() + "^MDC");
        // 12 345 uL / 1 000 uL per mL = 12.345 mL
        assertThat(parsed.obx(k, "5")).isEqualTo("12.345");
        assertThat(parsed.obx(k, "6-1") + "^" + parsed.obx(k, "6-2") + "^" + parsed.obx(k, "6-3"))
                .isEqualTo(Unit.MILLILITRE.mdcCode() + "^MDC_DIM_MILLI_L^MDC");
        assertThat(parsed.obx(k, "4")).isEqualTo("1.0.0." + k);
        assertThat(parsed.obx(k, "11")).isEqualTo("R");
        assertThat(parsed.obx(k, "14")).startsWith("20231114221320");
    }

    @Test
    void flowRateGoesOutInMillilitresPerHourWithoutExponentOrTrailingZeros() throws HL7Exception {
        Parsed parsed = map(received("f-1", Envelope.newBuilder().setFlowStatus(Hl7Fixtures.flow())));
        int k = parsed.indexOf(Term.FLOW_RATE.refId());

        assertThat(parsed.obx(k, "3-1")).isEqualTo(Term.FLOW_RATE.code());
        // 20 833 nL/h / 1 000 000 nL per mL = 0.020833 mL/h (not 2.0833E-2, not 0.0208330)
        assertThat(parsed.obx(k, "5")).isEqualTo("0.020833");
        assertThat(parsed.obx(k, "6-1") + "^" + parsed.obx(k, "6-2"))
                .isEqualTo(Unit.MILLILITRE_PER_HOUR.mdcCode() + "^MDC_DIM_MILLI_L_PER_HR");
        int dose = parsed.indexOf(Term.DOSE_RATE.refId());
        assertThat(parsed.obx(dose, "5")).isEqualTo("250");
    }

    @Test
    void unitsWithoutAnMdcTermGoOutInUcum() throws HL7Exception {
        Parsed parsed = map(received("t-1", Envelope.newBuilder().setTherapySummary(Hl7Fixtures.therapy())));
        int k = parsed.indexOf(Term.DAILY_VOLUME.refId());

        // 500 000 nL / 1 000 000 nL per mL = 0.5 mL per day
        assertThat(parsed.obx(k, "5")).isEqualTo("0.5");
        assertThat(parsed.obx(k, "6-1") + "^" + parsed.obx(k, "6-2") + "^" + parsed.obx(k, "6-3"))
                .isEqualTo("mL/d^mL/d^UCUM");
    }

    @Test
    void termsWithoutAn11073CodeAreLocalCodesOf99PUMPLINK() throws HL7Exception {
        Parsed parsed = map(reservoir());
        int k = parsed.indexOf(Term.LOW_RESERVOIR_THRESHOLD.refId());

        assertThat(parsed.obx(k, "3-1") + "^" + parsed.obx(k, "3-3"))
                .isEqualTo("PUMPLINK_VOL_RESERVOIR_LOW_THRESHOLD^99PUMPLINK");
        assertThat(parsed.obx(k, "5")).isEqualTo("2");
    }

    @Test
    void codedStatesAreCweAndDatesAreDtm() throws HL7Exception {
        Parsed parsed = map(reservoir());
        int drug = parsed.indexOf(Term.DRUG.refId());
        int refillBy = parsed.indexOf(Term.REFILL_BY_DATE.refId());

        assertThat(parsed.obx(drug, "2")).isEqualTo("CWE");
        assertThat(parsed.obx(drug, "5-1") + "^" + parsed.obx(drug, "5-2") + "^" + parsed.obx(drug, "5-3"))
                .isEqualTo("DRUG_BACLOFEN^baclofen^99PUMPLINK");
        assertThat(parsed.obx(refillBy, "2")).isEqualTo("DTM");
        // TS + 20 days = 2023-12-04T22:13:20Z
        assertThat(parsed.obx(refillBy, "5")).startsWith("20231204221320");
    }

    @Test
    void recordCarriesItsSnapshotAndHowTheSessionWent() throws HL7Exception {
        Parsed parsed = map(record());

        assertThat(parsed.obr("7")).startsWith("20231114221320");
        assertThat(parsed.obr("8")).startsWith("20231114221420");
        for (Term term : new Term[] {Term.RESERVOIR_CAPACITY, Term.VOLUME_REMAINING, Term.FLOW_RATE,
                Term.DAILY_VOLUME, Term.BATTERY_VOLTAGE}) {
            parsed.indexOf(term.refId());
        }
        int outcome = parsed.indexOf(Term.SESSION_OUTCOME.refId());
        assertThat(parsed.obx(outcome, "5-1")).isEqualTo("SESSION_OUTCOME_COMPLETE");
        assertThat(parsed.obx(parsed.indexOf(Term.SESSION_COMPLETE.refId()), "5-1")).isEqualTo("COMPLETE");
        int expected = parsed.indexOf(Term.LOG_ENTRIES_EXPECTED.refId());
        assertThat(parsed.obx(expected, "5")).isEqualTo("12");
        assertThat(parsed.obx(expected, "6-1") + "^" + parsed.obx(expected, "6-3")).isEqualTo("{entries}^UCUM");
        assertThat(parsed.obx(parsed.indexOf(Term.LOG_ENTRIES_RECEIVED.refId()), "5")).isEqualTo("12");
    }

    @Test
    void noPatientIdentifierLeavesUnlessTheClinicConfiguredIt() throws HL7Exception {
        Parsed parsed = map(record());

        assertThat(parsed.encoded()).doesNotContain("PID|").doesNotContain(PATIENT_REF);
    }

    @Test
    void configuredPatientIdentityPutsThePatientRefInPid3WithItsAuthority() throws HL7Exception {
        Parsed parsed = map(Hl7Fixtures.withPatients("CLINIC-A"), record());

        assertThat(parsed.get("/PATIENT_RESULT/PATIENT/PID-3-1")).isEqualTo(PATIENT_REF);
        assertThat(parsed.get("/PATIENT_RESULT/PATIENT/PID-3-4-1")).isEqualTo("CLINIC-A");
        assertThat(parsed.encoded().split(PATIENT_REF, -1)).as("the reference appears once, in PID-3").hasSize(2);
    }

    @Test
    void configuredPatientIdentityStillSendsNoPidForARecordWithoutPatientRef() throws HL7Exception {
        Received received = received("rec-2", Envelope.newBuilder()
                .setInterrogationRecord(Hl7Fixtures.record().toBuilder().setPatientRef("")));

        assertThat(map(Hl7Fixtures.withPatients("CLINIC-A"), received).encoded()).doesNotContain("PID|");
    }

    @Test
    void bodiesWithoutPumpMeasurementsMapToNothing() throws HL7Exception {
        assertThat(new Pcd01Mapper(SETTINGS, context, CLOCK).map(Hl7Fixtures.heartbeat())).isEmpty();
        assertThat(new Pcd01Mapper(SETTINGS, context, CLOCK).map(new Received("t", "m",
                Envelope.newBuilder().setHeader(Header.getDefaultInstance()).build()))).isEmpty();
    }
}
