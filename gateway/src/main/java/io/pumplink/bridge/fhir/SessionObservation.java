package io.pumplink.bridge.fhir;

import io.pumplink.bridge.terms.Term;
import io.pumplink.proto.v1.InterrogationRecord;
import java.util.Locale;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Observation.ObservationStatus;
import org.hl7.fhir.r4.model.Period;

/**
 * An interrogation session as one Observation grouping its measurements (hasMember): when it ran, its outcome,
 * why the gateway closed it, and whether the record is complete. Its session id is an identifier
 * ({@code <pump>/<session id>}). The local codes are the HL7 bridge's ({@link Term#SESSION_OUTCOME},
 * {@link Term#SESSION_COMPLETE}): no MDC or LOINC term names a pump interrogation session.
 */
final class SessionObservation {
    private SessionObservation() {
    }

    static Observation of(InterrogationRecord record) {
        Period period = new Period().setStartElement(MeasurementObservation.dateTime(record.getBeginTsMs()));
        if (record.hasEndTsMs()) {
            period.setEndElement(MeasurementObservation.dateTime(record.getEndTsMs()));
        }
        Observation observation = new Observation().setStatus(ObservationStatus.FINAL)
                .setCode(new CodeableConcept(new Coding(Term.LOCAL_SYSTEM, Term.SESSION_OUTCOME.code(),
                        "interrogation session outcome")))
                .setEffective(period)
                .setValue(new CodeableConcept(new Coding(FhirSystems.CODES, record.getOutcome().name(),
                        record.getOutcome().name().replace("SESSION_OUTCOME_", "").replace('_', ' ')
                                .toLowerCase(Locale.ROOT))));
        if (!record.getCloseReason().isEmpty()) {
            // why the gateway closed the record ("session end", "link lost", "timeout"): no patient data
            observation.addNote().setText("closed: " + record.getCloseReason());
        }
        observation.addIdentifier().setSystem(FhirSystems.SESSION)
                .setValue(record.getPumpSerial() + "/" + Integer.toUnsignedString(record.getSessionId()));
        observation.addComponent()
                .setCode(new CodeableConcept(new Coding(Term.LOCAL_SYSTEM, Term.SESSION_COMPLETE.code(),
                        "record complete")))
                .setValue(new BooleanType(record.getComplete()));
        return observation;
    }
}
