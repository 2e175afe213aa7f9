package io.pumplink.bridge;

import java.util.Optional;

/**
 * Whether an interrogation record's {@code patient_ref} leaves the bridge as the patient's identifier (HL7 PID-3,
 * FHIR Observation.subject): only when a clinic configures it, with the authority that issued the reference.
 * Otherwise no patient identifier leaves.
 *
 * @param system           the identifier system: HL7 PID-3.4 assigning authority, FHIR {@code Identifier.system}
 */
public record PatientIdentity(Optional<String> system) {
    public static final PatientIdentity NONE = new PatientIdentity(Optional.empty());

    /** The identifier to send for a record's {@code patient_ref}, if any is to be sent at all. */
    public Optional<String> of(String patientRef) {
        return system.isPresent() && !patientRef.isBlank() ? Optional.of(patientRef) : Optional.empty();
    }
}
