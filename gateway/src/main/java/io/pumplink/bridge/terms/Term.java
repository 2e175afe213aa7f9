package io.pumplink.bridge.terms;

/**
 * What a bridge reports, coded: an IEEE 11073-10101 term (REFID and numeric code from NIST RTMMS) where one exists,
 * else a PumpLink local code ({@link #LOCAL_SYSTEM}), each documented in docs/interoperability.md with its source.
 */
public enum Term {
    // device
    DEV_PUMP_INFUS("MDC_DEV_PUMP_INFUS_MDS", 69985),
    DEV_PROGRAMMER(local("PUMPLINK_DEV_PROGRAMMER")),
    // reservoir
    VOLUME_REMAINING("MDC_VOL_FLUID_TBI_REMAIN", 157872),
    LOW_RESERVOIR_THRESHOLD(local("PUMPLINK_VOL_RESERVOIR_LOW_THRESHOLD")),
    RESERVOIR_CAPACITY(local("PUMPLINK_VOL_RESERVOIR_CAPACITY")),
    DRUG_CONCENTRATION("MDC_CONC_DRUG", 157760),
    DAYS_TO_LOW_RESERVOIR(local("PUMPLINK_TIME_PD_TO_LOW_RESERVOIR")),
    DAYS_TO_EMPTY(local("PUMPLINK_TIME_PD_TO_EMPTY")),
    REFILL_BY_DATE(local("PUMPLINK_DATE_REFILL_BY")),
    // flow and therapy
    FLOW_RATE("MDC_FLOW_FLUID_PUMP", 157784),
    DAILY_VOLUME(local("PUMPLINK_VOL_FLUID_PER_DAY")),
    DOSE_RATE("MDC_RATE_DOSE", 157924),
    VOLUME_DELIVERED_SINCE_REFILL("MDC_VOL_FLUID_DELIV", 157864),
    PUMP_MODE("MDC_PUMP_MODE", 184504),
    DRUG("MDC_DRUG_NAME_TYPE", 184330),
    // battery
    BATTERY_VOLTAGE(local("PUMPLINK_BATT_VOLTAGE")),
    BATTERY_STATE(local("PUMPLINK_BATT_STATE")),
    DAYS_TO_ERI(local("PUMPLINK_TIME_PD_TO_ERI")),
    // interrogation session
    SESSION_OUTCOME(local("PUMPLINK_SESSION_OUTCOME")),
    SESSION_COMPLETE(local("PUMPLINK_SESSION_COMPLETE")),
    LOG_ENTRIES_EXPECTED(local("PUMPLINK_SESSION_LOG_ENTRIES_EXPECTED")),
    LOG_ENTRIES_RECEIVED(local("PUMPLINK_SESSION_LOG_ENTRIES_RECEIVED")),
    // alarms (IHE PCD-04 ACM)
    EVT_ALARM("MDC_EVT_ALARM", 196616),
    EVENT_PHASE("MDC_ATTR_EVENT_PHASE", 68481),
    ALARM_STATE("MDC_ATTR_ALARM_STATE", 68482),
    ALARM_INACTIVATION_STATE("MDC_ATTR_ALARM_INACTIVATION_STATE", 68483),
    ALARM_PRIORITY("MDC_ATTR_ALARM_PRIORITY", 68484),
    ALERT_TYPE("MDC_ATTR_ALERT_TYPE", 68485),
    // alarm events (AlarmEvents maps each alarm code to one)
    EVT_LO("MDC_EVT_LO", 196670),
    EVT_EMPTY("MDC_EVT_EMPTY", 196634),
    EVT_FAIL("MDC_EVT_FAIL", 196646),
    EVT_ERR("MDC_EVT_ERR", 196638),
    EVT_BATT_LO("MDC_EVT_BATT_LO", 196802),
    EVT_ADVIS_BATT_REPLACE("MDC_EVT_ADVIS_BATT_REPLACE", 203286);

    /** The code system of local codes: HL7 v2 {@code 99PUMPLINK} (a local table), FHIR this URI. */
    public static final String LOCAL_SYSTEM = "urn:pumplink:terms";
    public static final String LOCAL_HL7_SYSTEM = "99PUMPLINK";
    public static final String MDC_SYSTEM = "urn:iso:std:iso:11073:10101";

    private final String refId;
    private final int mdcCode;

    Term(String refId, int mdcCode) {
        this.refId = refId;
        this.mdcCode = mdcCode;
    }

    Term(String localRefId) {
        this(localRefId, 0);
    }

    private static String local(String refId) {
        return refId;
    }

    public String refId() {
        return refId;
    }

    /** True for an RTMMS term; false for a PumpLink local code (no 11073 term exists for it). */
    public boolean isMdc() {
        return mdcCode != 0;
    }

    /** The numeric MDC code (partition × 65536 + term code), or the local code's text for local ones. */
    public String code() {
        return isMdc() ? Integer.toString(mdcCode) : refId;
    }
}
