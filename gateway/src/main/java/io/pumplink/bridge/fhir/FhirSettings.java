package io.pumplink.bridge.fhir;

import io.pumplink.bridge.PatientIdentity;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Where and how the FHIR bridge delivers.
 *
 * @param base     the FHIR server's base URL (http or https), where transaction Bundles are POSTed
 * @param timeout  connect timeout, and the longest wait for the server's answer
 * @param patients whether an interrogation record's patient_ref becomes Observation.subject
 */
public record FhirSettings(URI base, Duration timeout, PatientIdentity patients) {
    /** The HTTP client takes timeouts as int milliseconds. */
    static final Duration MAX_TIMEOUT = Duration.ofMillis(Integer.MAX_VALUE);

    public FhirSettings {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(patients, "patients");
        if (!base.isAbsolute() || !("http".equals(base.getScheme()) || "https".equals(base.getScheme()))
                || base.getHost() == null) {
            throw new IllegalArgumentException("FHIR base must be an http or https URL, not " + base);
        }
        if (base.getRawQuery() != null || base.getRawFragment() != null) {
            throw new IllegalArgumentException("FHIR base must have no query or fragment: " + base);
        }
        if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw new IllegalArgumentException("FHIR timeout must be positive and at most " + MAX_TIMEOUT + ": "
                    + timeout);
        }
    }
}
