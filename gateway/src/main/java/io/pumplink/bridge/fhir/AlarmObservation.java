package io.pumplink.bridge.fhir;

import io.pumplink.bridge.terms.AlarmReport;
import io.pumplink.bridge.terms.Term;
import java.util.Map;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Observation.ObservationStatus;
import org.hl7.fhir.r4.model.StringType;

/**
 * An alarm raise or clear as an Observation, the way IHE PCD-04 (ACM) reports it and PoCD models device alerts:
 * code the alarm's event code, category MDC_EVT_ALARM, value the alarm text; priority (PH/PM/PL/PN) and alert type
 * (ST/SA) in interpretation, as HL7 v2 OBX-8 carries them; phase (start/end) and state (active/inactive) as
 * components coded MDC_ATTR_EVENT_PHASE and MDC_ATTR_ALARM_STATE. Not a DetectedIssue: that is a clinical issue
 * found about a patient's care (its severity has no "none" level), while these are device alerts, raised and
 * cleared, often with no patient known.
 */
final class AlarmObservation {
    private static final Map<String, String> PRIORITY_DISPLAY =
            Map.of("PH", "high priority", "PM", "medium priority", "PL", "low priority",
                    "PN", "no priority (information)");
    private static final Map<String, String> TYPE_DISPLAY =
            Map.of("ST", "technical alert", "SA", "advisory");

    private AlarmObservation() {
    }

    static Observation of(AlarmReport alarm) {
        Observation observation = new Observation().setStatus(ObservationStatus.FINAL)
                .setCode(new CodeableConcept(Codings.of(alarm.event())))
                .setEffective(MeasurementObservation.dateTime(alarm.atMs()))
                .setValue(new StringType(alarm.text()));
        observation.addCategory(Codings.concept(Term.EVT_ALARM));
        observation.addIdentifier().setSystem(FhirSystems.ALARM).setValue(alarm.alarmIdentity());
        observation.addInterpretation(new CodeableConcept(new Coding(FhirSystems.ALARM_PRIORITY, alarm.priority(),
                PRIORITY_DISPLAY.get(alarm.priority()))));
        observation.addInterpretation(new CodeableConcept(new Coding(FhirSystems.ALARM_TYPE, alarm.type(),
                TYPE_DISPLAY.get(alarm.type()))));
        observation.addComponent().setCode(Codings.concept(Term.EVENT_PHASE)).setValue(new StringType(alarm.phase()));
        observation.addComponent().setCode(Codings.concept(Term.ALARM_STATE)).setValue(new StringType(alarm.state()));
        return observation;
    }
}
