package io.pumplink.bridge.fhir;

import io.pumplink.bridge.terms.AlarmReport.EventCode;
import io.pumplink.bridge.terms.Term;
import io.pumplink.bridge.terms.Unit;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;

/** Terms and units as FHIR codings: MDC (numeric code, REFID as display) or PumpLink local; units in UCUM. */
final class Codings {
    private Codings() {
    }

    static Coding of(Term term) {
        return new Coding(term.isMdc() ? Term.MDC_SYSTEM : Term.LOCAL_SYSTEM, term.code(), term.refId());
    }

    static Coding of(EventCode event) {
        return new Coding(event.mdc() ? Term.MDC_SYSTEM : Term.LOCAL_SYSTEM, event.code(), event.refId());
    }

    static CodeableConcept concept(Term term) {
        return new CodeableConcept(of(term));
    }

    /** The MDC unit where RTMMS has one, and always UCUM (DeviceMetric.unit). */
    static CodeableConcept concept(Unit unit) {
        CodeableConcept concept = new CodeableConcept();
        if (unit.hasMdc()) {
            concept.addCoding(new Coding(Term.MDC_SYSTEM, Integer.toString(unit.mdcCode()), unit.mdcRefId()));
        }
        return concept.addCoding(new Coding(FhirSystems.UCUM, unit.ucum(), unit.ucum()));
    }
}
