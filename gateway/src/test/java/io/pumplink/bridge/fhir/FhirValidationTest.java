package io.pumplink.bridge.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.junit.jupiter.api.Test;

/** The validator the other tests rely on finds real errors: their "no errors" means something. */
class FhirValidationTest {
    @Test
    void anObservationWithoutStatusOrWithAWrongUcumCodeHasErrors() {
        Observation valid = new Observation().setStatus(Observation.ObservationStatus.FINAL)
                .setCode(new CodeableConcept(new Coding("urn:iso:std:iso:11073:10101", "157784", "MDC_FLOW_FLUID_PUMP")))
                .setValue(new Quantity().setValue(0.020833).setSystem("http://unitsofmeasure.org").setCode("mL/h"));
        assertThat(R4Validation.errors(valid)).isEmpty();

        assertThat(R4Validation.errors(valid.copy().setStatus(null))).isNotEmpty();
        assertThat(R4Validation.errors(valid.copy().setValue(new Quantity().setValue(1)
                .setSystem("http://unitsofmeasure.org").setCode("millilitres per hour")))).isNotEmpty();
    }
}
