package io.pumplink.bridge.fhir;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import io.pumplink.bridge.terms.Measurement;
import io.pumplink.bridge.terms.Measurement.Coded;
import io.pumplink.bridge.terms.Measurement.Instant;
import io.pumplink.bridge.terms.Measurement.Quantity;
import java.math.BigDecimal;
import java.util.Date;
import java.util.TimeZone;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Observation.ObservationStatus;
import org.hl7.fhir.r4.model.Type;

/**
 * One {@link Measurement} as a PoCD Observation: status {@code final} (the pump reported it; it is never amended),
 * category {@code therapy} (R4 has no device category; these describe a drug therapy, not vital signs), code the
 * term's MDC or local coding (no LOINC code names these pump quantities), value a UCUM Quantity, a coded state or a
 * dateTime, and device the term's DeviceMetric, whose source is the pump's Device.
 */
final class MeasurementObservation {
    static final String CATEGORY = "therapy";
    private static final TimeZone UTC = TimeZone.getTimeZone("UTC");

    private MeasurementObservation() {
    }

    static Observation of(Measurement measurement) {
        Observation observation = new Observation().setStatus(ObservationStatus.FINAL)
                .setCode(Codings.concept(measurement.term()))
                .setEffective(dateTime(measurement.observedAtMs()));
        observation.addCategory().addCoding()
                .setSystem(FhirSystems.OBSERVATION_CATEGORY).setCode(CATEGORY).setDisplay("Therapy");
        if (measurement.value() instanceof Quantity quantity) {
            if (Double.isFinite(quantity.amount())) {
                observation.setValue(quantity(quantity));
            } else {
                observation.setDataAbsentReason(new CodeableConcept(
                        new Coding(FhirSystems.DATA_ABSENT_REASON, notFinite(quantity.amount()), null)));
            }
        } else if (measurement.value() instanceof Coded coded) {
            observation.setValue(new CodeableConcept(new Coding(FhirSystems.CODES, coded.code(), coded.display())));
        } else if (measurement.value() instanceof Instant instant) {
            observation.setValue(dateTime(instant.epochMs()));
        }
        return observation;
    }

    /** UTC to the millisecond, as the device clock gave it. */
    static DateTimeType dateTime(long epochMs) {
        DateTimeType dateTime = new DateTimeType(new Date(epochMs), TemporalPrecisionEnum.MILLI, UTC);
        dateTime.setTimeZoneZulu(true);
        return dateTime;
    }

    private static Type quantity(Quantity quantity) {
        return new org.hl7.fhir.r4.model.Quantity().setValue(decimal(quantity.amount()))
                .setUnit(quantity.unit().ucum()).setSystem(FhirSystems.UCUM).setCode(quantity.unit().ucum());
    }

    /** The shortest decimal that is the double (12.345, not 12.3449999...), without a trailing ".0". */
    static BigDecimal decimal(double amount) {
        BigDecimal value = BigDecimal.valueOf(amount).stripTrailingZeros();
        return value.scale() < 0 ? value.setScale(0) : value;
    }

    private static String notFinite(double amount) {
        if (Double.isNaN(amount)) {
            return "not-a-number";
        }
        return amount > 0 ? "positive-infinity" : "negative-infinity";
    }
}
