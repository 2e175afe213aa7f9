package io.pumplink.bridge.fhir;

/** The identifier and code systems of the FHIR bundles, beside {@code Term}'s MDC and local term systems. */
final class FhirSystems {
    static final String PUMP_SERIAL = "urn:pumplink:pump-serial";
    /** A keyed pseudonym stands in for the serial (Header.pump_serial_pseudonymised): never confused with one. */
    static final String PUMP_PSEUDONYM = "urn:pumplink:pump-pseudonym";
    static final String PROGRAMMER_SERIAL = "urn:pumplink:programmer-serial";
    /** One metric of one device: {@code <device identifier>/<term REFID>}. */
    static final String DEVICE_METRIC = "urn:pumplink:device-metric";
    /** One resource of one published message: {@code <message id>/<what>}; the conditional-create key. */
    static final String MESSAGE_ID = "urn:pumplink:message-id";
    /** One alarm of one source, shared by its raise and its clear (AlarmReport.alarmIdentity). */
    static final String ALARM = "urn:pumplink:alarm";
    /** One interrogation session: {@code <pump>/<session id>}. */
    static final String SESSION = "urn:pumplink:session";
    /** PumpLink's published enum values (FLOW_MODE_CONTINUOUS, SESSION_OUTCOME_COMPLETE, ...). */
    static final String CODES = "urn:pumplink:codes";
    /** IHE PCD-04 alarm priority (PH, PM, PL, PN), as HL7 v2 OBX-8 carries it. */
    static final String ALARM_PRIORITY = "urn:pumplink:alarm-priority";
    /** IHE PCD-04 alert type (ST technical, SA advisory), as HL7 v2 OBX-8 carries it. */
    static final String ALARM_TYPE = "urn:pumplink:alarm-type";
    static final String UCUM = "http://unitsofmeasure.org";
    static final String OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category";
    static final String DATA_ABSENT_REASON = "http://terminology.hl7.org/CodeSystem/data-absent-reason";

    private FhirSystems() {
    }
}
