package io.pumplink.bridge.terms;

/**
 * One coded observation of a pump, as both bridges send it (HL7 OBX, FHIR Observation).
 *
 * @param observedAtMs device time of the frame it came from (epoch ms)
 */
public record Measurement(Term term, Value value, long observedAtMs) {
    /** The observed value. */
    public sealed interface Value {
    }

    /** A number with its unit (HL7 NM, FHIR Quantity). */
    public record Quantity(double amount, Unit unit) implements Value {
    }

    /** A coded state from PumpLink's published enums (HL7 CWE, FHIR CodeableConcept), e.g. FLOW_MODE_CONTINUOUS. */
    public record Coded(String code, String display) implements Value {
    }

    /** A point in time (HL7 DTM, FHIR dateTime), e.g. the refill-by date. */
    public record Instant(long epochMs) implements Value {
    }
}
