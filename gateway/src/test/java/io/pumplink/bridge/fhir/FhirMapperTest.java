package io.pumplink.bridge.fhir;

import static io.pumplink.bridge.fhir.FhirSamples.PATIENT_REF;
import static io.pumplink.bridge.fhir.FhirSamples.PATIENT_SYSTEM;
import static io.pumplink.bridge.fhir.FhirSamples.PSEUDONYM;
import static io.pumplink.bridge.fhir.FhirSamples.PUMP;
import static org.assertj.core.api.Assertions.assertThat;

import io.pumplink.bridge.PatientIdentity;
import io.pumplink.bridge.Received;
import io.pumplink.bridge.terms.Term;
import io.pumplink.bridge.terms.Unit;
import io.pumplink.proto.v1.AlarmState;
import io.pumplink.proto.v1.Envelope;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleEntryComponent;
import org.hl7.fhir.r4.model.Bundle.HTTPVerb;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.DeviceMetric;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Observation.ObservationComponentComponent;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;

class FhirMapperTest {
    private static final FhirMapper MAPPER = new FhirMapper(PatientIdentity.NONE);
    private static final FhirMapper WITH_PATIENTS =
            new FhirMapper(new PatientIdentity(Optional.of(PATIENT_SYSTEM)));

    @Test
    void everyResourceOfEveryMappedBodyIsValidR4AndSurvivesAJsonRoundTrip() {
        for (Received message : FhirSamples.all()) {
            for (FhirMapper mapper : List.of(MAPPER, WITH_PATIENTS)) {
                Bundle bundle = mapper.map(message);
                assertThat(bundle.getEntry()).as(message.toString()).isNotEmpty();
                assertThat(R4Validation.errors(bundle)).as(message.toString()).isEmpty();
                for (BundleEntryComponent entry : bundle.getEntry()) {
                    assertThat(R4Validation.errors(entry.getResource())).as(message + " " + entry.getFullUrl())
                            .isEmpty();
                }
                String json = json(bundle);
                Bundle parsed = R4Validation.CONTEXT.newJsonParser().parseResource(Bundle.class, json);
                assertThat(parsed.equalsDeep(bundle)).as(message.toString()).isTrue();
                assertThat(json(parsed)).isEqualTo(json);
            }
        }
    }

    @Test
    void reservoirVolumesAreMillilitreQuantitiesFromTheMicrolitresOnTheWire() {
        Bundle bundle = MAPPER.map(FhirSamples.reservoir("m-1"));

        // 12 345 µL / 1 000 µL per mL = 12.345 mL
        assertThat(quantity(bundle, Term.VOLUME_REMAINING)).satisfies(q -> {
            assertThat(q.getValue()).isEqualByComparingTo("12.345");
            assertThat(q.getValue().toPlainString()).isEqualTo("12.345");
            assertThat(q.getSystem()).isEqualTo("http://unitsofmeasure.org");
            assertThat(q.getCode()).isEqualTo("mL").isEqualTo(Unit.MILLILITRE.ucum());
            assertThat(q.getUnit()).isEqualTo("mL");
        });
        // 2 000 µL / 1 000 = 2 mL, sent as 2 (not 2.0)
        assertThat(quantity(bundle, Term.LOW_RESERVOIR_THRESHOLD).getValue().toPlainString()).isEqualTo("2");
        assertThat(json(bundle)).contains("\"value\": 12.345,");
    }

    @Test
    void flowRateIsMillilitresPerHourFromTheNanolitresPerHourOnTheWire() {
        Bundle bundle = MAPPER.map(FhirSamples.flow("m-1"));

        // 20 833 nL/h / 1 000 000 nL per mL = 0.020833 mL/h
        Quantity rate = quantity(bundle, Term.FLOW_RATE);
        assertThat(rate.getValue().toPlainString()).isEqualTo("0.020833");
        assertThat(rate.getCode()).isEqualTo("mL/h");
        // 4 000 µL / 1 000 = 4 mL delivered since the refill; 1 000 µg/day as sent
        assertThat(quantity(bundle, Term.VOLUME_DELIVERED_SINCE_REFILL).getValue().toPlainString()).isEqualTo("4");
        assertThat(quantity(bundle, Term.DOSE_RATE).getCode()).isEqualTo("ug/d");
    }

    @Test
    void observationsAreCodedMdcOrLocalWithTheirDeviceMetricAndTheMessageTime() {
        Bundle bundle = MAPPER.map(FhirSamples.flow("m-1"));

        Observation rate = observation(bundle, Term.FLOW_RATE);
        assertThat(rate.getStatus()).isEqualTo(Observation.ObservationStatus.FINAL);
        assertThat(rate.getCategoryFirstRep().getCodingFirstRep().getCode()).isEqualTo("therapy");
        assertThat(rate.getCode().getCoding()).singleElement().satisfies(c -> {
            assertThat(c.getSystem()).isEqualTo(Term.MDC_SYSTEM).isEqualTo("urn:iso:std:iso:11073:10101");
            assertThat(c.getCode()).isEqualTo(Term.FLOW_RATE.code());
            assertThat(c.getDisplay()).isEqualTo("MDC_FLOW_FLUID_PUMP");
        });
        assertThat(rate.getEffectiveDateTimeType().getValueAsString()).isEqualTo("2026-01-01T12:00:00.000Z");
        DeviceMetric metric = (DeviceMetric) resolve(bundle, rate.getDevice().getReference());
        assertThat(metric.getType().getCodingFirstRep().getCode()).isEqualTo(Term.FLOW_RATE.code());
        assertThat(metric.getUnit().getCoding()).extracting(Coding::getCode)
                .containsExactly(Integer.toString(Unit.MILLILITRE_PER_HOUR.mdcCode()), "mL/h");
        assertThat(metric.getCategory()).isEqualTo(DeviceMetric.DeviceMetricCategory.MEASUREMENT);
        assertThat(resolve(bundle, metric.getSource().getReference())).isInstanceOf(Device.class);

        Observation mode = observation(bundle, Term.PUMP_MODE);
        assertThat(mode.getCode().getCodingFirstRep().getSystem()).isEqualTo(Term.MDC_SYSTEM);
        assertThat(mode.getCode().getCodingFirstRep().getCode()).isEqualTo("184504");
        assertThat(mode.getValueCodeableConcept().getCodingFirstRep().getCode()).isEqualTo("FLOW_MODE_CONTINUOUS");
        Observation refillBy = observation(MAPPER.map(FhirSamples.reservoir("m-2")), Term.REFILL_BY_DATE);
        assertThat(refillBy.getCode().getCodingFirstRep().getSystem()).as("no 11073 term: a local code")
                .isEqualTo(Term.LOCAL_SYSTEM);
        assertThat(refillBy.getValueDateTimeType().getValueAsString()).isEqualTo("2026-02-04T12:00:00.000Z");
    }

    @Test
    void theDeviceIsThePumpByItsSerialCreatedOnlyIfMissing() {
        Bundle bundle = MAPPER.map(FhirSamples.battery("m-1"));

        BundleEntryComponent entry = entry(bundle, Device.class);
        Device device = (Device) entry.getResource();
        assertThat(device.getIdentifierFirstRep().getSystem()).isEqualTo("urn:pumplink:pump-serial");
        assertThat(device.getIdentifierFirstRep().getValue()).isEqualTo(PUMP);
        assertThat(device.getType().getCodingFirstRep().getCode()).isEqualTo(Term.DEV_PUMP_INFUS.code());
        assertThat(device.getType().getCodingFirstRep().getDisplay()).isEqualTo("MDC_DEV_PUMP_INFUS_MDS");
        assertThat(device.hasUdiCarrier()).isFalse();
        assertThat(entry.getFullUrl()).startsWith("urn:uuid:");
        assertThat(entry.getRequest().getMethod()).isEqualTo(HTTPVerb.POST);
        assertThat(entry.getRequest().getIfNoneExist()).isEqualTo("identifier=urn:pumplink:pump-serial|NGP-4711");
    }

    @Test
    void aPumpIdentityReplacesTheDeviceWithItsModelAndFirmware() {
        BundleEntryComponent entry = entry(MAPPER.map(FhirSamples.identity("m-1")), Device.class);

        Device device = (Device) entry.getResource();
        assertThat(device.getModelNumber()).isEqualTo("8637");
        assertThat(device.getVersionFirstRep().getValue()).isEqualTo("258");
        assertThat(entry.getRequest().getMethod()).isEqualTo(HTTPVerb.PUT);
        assertThat(entry.getRequest().getUrl()).isEqualTo("Device?identifier=urn:pumplink:pump-serial|NGP-4711");
    }

    @Test
    void aPseudonymisedSerialIsIdentifiedInTheSystemOfPseudonyms() {
        Envelope.Builder envelope = FhirSamples.reservoir("m-1").envelope().toBuilder();
        envelope.getHeaderBuilder().setPumpSerial(PSEUDONYM).setPumpSerialPseudonymised(true);
        Bundle bundle = MAPPER.map(FhirSamples.received("m-1", envelope));

        Device device = (Device) entry(bundle, Device.class).getResource();
        assertThat(device.getIdentifierFirstRep().getSystem()).isEqualTo("urn:pumplink:pump-pseudonym");
        assertThat(device.getIdentifierFirstRep().getValue()).isEqualTo(PSEUDONYM);
    }

    @Test
    void conditionalCreateKeysAreTheSameForTheSameMessageIdSoTheServerKeepsOneCopy() {
        Bundle first = MAPPER.map(FhirSamples.reservoir("m-1"));
        Bundle again = MAPPER.map(FhirSamples.reservoir("m-1"));
        Bundle next = MAPPER.map(FhirSamples.reservoir("m-2"));

        assertThat(json(again)).isEqualTo(json(first));
        assertThat(entries(first, Observation.class)).allSatisfy(e -> assertThat(e.getRequest().getIfNoneExist())
                .startsWith("identifier=urn:pumplink:message-id|m-1/"));
        assertThat(observation(first, Term.VOLUME_REMAINING).getIdentifierFirstRep().getValue())
                .isEqualTo("m-1/MDC_VOL_FLUID_TBI_REMAIN");
        assertThat(keys(next, Observation.class)).doesNotContainAnyElementsOf(keys(first, Observation.class));
        assertThat(keys(next, Device.class)).isEqualTo(keys(first, Device.class));
        assertThat(keys(next, DeviceMetric.class)).isEqualTo(keys(first, DeviceMetric.class));
    }

    @Test
    void messageIdsAreEscapedInTheConditionalSearch() {
        Bundle bundle = MAPPER.map(FhirSamples.reservoir("gw:a|b,c$d e"));

        assertThat(observation(bundle, Term.VOLUME_REMAINING).getIdentifierFirstRep().getValue())
                .isEqualTo("gw:a|b,c$d e/MDC_VOL_FLUID_TBI_REMAIN");
        assertThat(entries(bundle, Observation.class).get(0).getRequest().getIfNoneExist())
                .isEqualTo("identifier=urn:pumplink:message-id|gw:a%5C%7Cb%5C%2Cc%5C%24d%20e/MDC_VOL_FLUID_TBI_REMAIN");
    }

    @Test
    void noPatientIdentifierLeavesUnlessConfigured() {
        Bundle bundle = MAPPER.map(FhirSamples.interrogation("m-1"));

        assertThat(json(bundle)).doesNotContain(PATIENT_REF).doesNotContain("subject");
        assertThat(R4Validation.CONTEXT.newXmlParser().encodeResourceToString(bundle)).doesNotContain(PATIENT_REF);
    }

    @Test
    void aConfiguredPatientIdentityIsTheObservationSubjectByIdentifierOnly() {
        Bundle bundle = WITH_PATIENTS.map(FhirSamples.interrogation("m-1"));

        List<Observation> observations = entries(bundle, Observation.class).stream()
                .map(e -> (Observation) e.getResource()).toList();
        assertThat(observations).isNotEmpty().allSatisfy(o -> {
            assertThat(o.getSubject().getReference()).isNull();
            assertThat(o.getSubject().getType()).isEqualTo("Patient");
            assertThat(o.getSubject().getIdentifier().getSystem()).isEqualTo(PATIENT_SYSTEM);
            assertThat(o.getSubject().getIdentifier().getValue()).isEqualTo(PATIENT_REF);
        });
        assertThat(bundle.getEntry()).noneMatch(e -> e.getResource().fhirType().equals("Patient"));
        // only in Observation.subject: one per Observation
        assertThat(json(bundle).split(PATIENT_REF, -1)).hasSize(observations.size() + 1);
        // status bodies carry no patient_ref: nothing to send even when configured
        assertThat(json(WITH_PATIENTS.map(FhirSamples.reservoir("m-2")))).doesNotContain("subject");
    }

    @Test
    void anInterrogationRecordGivesItsMeasurementsAndOneSessionObservationGroupingThem() {
        Bundle bundle = MAPPER.map(FhirSamples.interrogation("m-1"));

        Observation session = entries(bundle, Observation.class).stream().map(e -> (Observation) e.getResource())
                .filter(o -> o.getCode().getCodingFirstRep().getCode().equals(Term.SESSION_OUTCOME.code()))
                .findFirst().orElseThrow();
        assertThat(session.getIdentifier()).extracting(i -> i.getSystem() + " " + i.getValue())
                .containsExactly("urn:pumplink:message-id m-1/session", "urn:pumplink:session NGP-4711/17");
        assertThat(session.getValueCodeableConcept().getCodingFirstRep().getCode())
                .isEqualTo("SESSION_OUTCOME_COMPLETE");
        assertThat(session.getComponentFirstRep().getValueBooleanType().booleanValue()).isTrue();
        assertThat(session.getEffectivePeriod().getEnd()).isNotNull();
        assertThat(session.getHasMember()).hasSize(entries(bundle, Observation.class).size() - 1);
        assertThat(quantity(bundle, Term.RESERVOIR_CAPACITY).getValue().toPlainString()).isEqualTo("20");
        assertThat(((Device) entry(bundle, Device.class).getResource()).getModelNumber()).isEqualTo("8637");
    }

    @Test
    void anAlarmIsAnObservationKeepingPriorityTypePhaseStateAndText() {
        Observation raise = alarm(MAPPER.map(FhirSamples.alarm("m-raise",
                FhirSamples.lowReservoir(AlarmState.ALARM_STATE_RAISED))));
        Observation clear = alarm(MAPPER.map(FhirSamples.alarm("m-clear",
                FhirSamples.lowReservoir(AlarmState.ALARM_STATE_CLEARED))));

        assertThat(raise.getCategoryFirstRep().getCodingFirstRep().getCode()).isEqualTo(Term.EVT_ALARM.code());
        assertThat(raise.getCode().getCodingFirstRep().getDisplay()).isEqualTo("MDC_EVT_LO");
        assertThat(raise.getCode().getCodingFirstRep().getCode()).isEqualTo("196670");
        assertThat(raise.getValueStringType().getValue()).isEqualTo("LOW_RESERVOIR");
        assertThat(raise.getInterpretation()).extracting(c -> c.getCodingFirstRep().getSystem() + " "
                + c.getCodingFirstRep().getCode())
                .containsExactly("urn:pumplink:alarm-priority PM", "urn:pumplink:alarm-type ST");
        assertThat(component(raise, Term.EVENT_PHASE)).isEqualTo("start");
        assertThat(component(raise, Term.ALARM_STATE)).isEqualTo("active");
        assertThat(component(clear, Term.EVENT_PHASE)).isEqualTo("end");
        assertThat(component(clear, Term.ALARM_STATE)).isEqualTo("inactive");
        // raise and clear: each its own message id, one alarm identifier pairing them
        assertThat(raise.getIdentifier().get(1).getValue()).isEqualTo(clear.getIdentifier().get(1).getValue())
                .isEqualTo(PUMP + ":9");
        assertThat(raise.getIdentifier().get(0).getValue()).isEqualTo("m-raise/alarm");
    }

    @Test
    void aGatewayAlertIsAnAdvisoryWithItsReasonAndAProgrammerAlarmIsOnTheProgrammer() {
        Observation alert = alarm(MAPPER.map(FhirSamples.gatewayAlert("m-1")));
        assertThat(alert.getInterpretation().get(0).getCodingFirstRep().getCode()).isEqualTo("PH");
        assertThat(alert.getInterpretation().get(1).getCodingFirstRep().getCode()).isEqualTo("SA");
        assertThat(alert.getValueStringType().getValue()).isEqualTo("THERAPY_INTERRUPTED: pump stopped");

        Bundle programmer = MAPPER.map(FhirSamples.programmerAlarm("m-2"));
        Device device = (Device) entry(programmer, Device.class).getResource();
        assertThat(device.getIdentifierFirstRep().getSystem()).isEqualTo("urn:pumplink:programmer-serial");
        assertThat(device.getIdentifierFirstRep().getValue()).isEqualTo(FhirSamples.PROGRAMMER);
        assertThat(alarm(programmer).getInterpretationFirstRep().getCodingFirstRep().getCode()).isEqualTo("PL");
    }

    @Test
    void aBodyWithoutPumpDataGivesAnEmptyBundle() {
        assertThat(MAPPER.map(FhirSamples.heartbeat("m-1")).getEntry()).isEmpty();
    }

    static String json(Bundle bundle) {
        return R4Validation.CONTEXT.newJsonParser().setPrettyPrint(true).encodeResourceToString(bundle);
    }

    private static List<BundleEntryComponent> entries(Bundle bundle, Class<? extends Resource> type) {
        return bundle.getEntry().stream().filter(e -> type.isInstance(e.getResource())).toList();
    }

    private static BundleEntryComponent entry(Bundle bundle, Class<? extends Resource> type) {
        assertThat(entries(bundle, type)).hasSize(1);
        return entries(bundle, type).get(0);
    }

    private static List<String> keys(Bundle bundle, Class<? extends Resource> type) {
        return entries(bundle, type).stream().map(e -> e.getRequest().getIfNoneExist() + e.getFullUrl()).toList();
    }

    private static Resource resolve(Bundle bundle, String fullUrl) {
        return bundle.getEntry().stream().filter(e -> e.getFullUrl().equals(fullUrl)).findFirst().orElseThrow()
                .getResource();
    }

    private static Observation observation(Bundle bundle, Term term) {
        return entries(bundle, Observation.class).stream().map(e -> (Observation) e.getResource())
                .filter(o -> o.getCode().getCodingFirstRep().getCode().equals(term.code()))
                .findFirst().orElseThrow(() -> new AssertionError("no Observation of " + term));
    }

    private static Quantity quantity(Bundle bundle, Term term) {
        return observation(bundle, term).getValueQuantity();
    }

    private static Observation alarm(Bundle bundle) {
        return (Observation) entry(bundle, Observation.class).getResource();
    }

    private static String component(Observation observation, Term term) {
        return observation.getComponent().stream()
                .filter(c -> c.getCode().getCodingFirstRep().getCode().equals(term.code()))
                .map(ObservationComponentComponent::getValueStringType).findFirst().orElseThrow().getValue();
    }
}
