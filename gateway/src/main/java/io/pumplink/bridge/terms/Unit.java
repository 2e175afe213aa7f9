package io.pumplink.bridge.terms;

/**
 * Units of the values a bridge sends: the IEEE 11073-10101 unit (MDC_DIM_*, partition 4) where RTMMS has one, and
 * always the UCUM code (FHIR Quantity.code, HL7 OBX-6 where no MDC unit exists). docs/interoperability.md lists them
 * with their source.
 */
public enum Unit {
    MILLILITRE("MDC_DIM_MILLI_L", 263762, "mL"),
    MILLILITRE_PER_HOUR("MDC_DIM_MILLI_L_PER_HR", 265266, "mL/h"),
    /** RTMMS's unit table has no mL per day (only a vendor header gives one): UCUM only. */
    MILLILITRE_PER_DAY(null, 0, "mL/d"),
    MICROGRAM_PER_MILLILITRE("MDC_DIM_MICRO_G_PER_ML", 264307, "ug/mL"),
    MICROGRAM_PER_DAY("MDC_DIM_MICRO_G_PER_DAY", 265555, "ug/d"),
    MILLIVOLT("MDC_DIM_MILLI_VOLT", 266418, "mV"),
    DAY("MDC_DIM_DAY", 264416, "d"),
    PERCENT("MDC_DIM_PERCENT", 262688, "%"),
    /** A count of log entries: a UCUM annotation of the unit 1. */
    ENTRIES(null, 0, "{entries}");

    private final String mdcRefId;
    private final int mdcCode;
    private final String ucum;

    Unit(String mdcRefId, int mdcCode, String ucum) {
        this.mdcRefId = mdcRefId;
        this.mdcCode = mdcCode;
        this.ucum = ucum;
    }

    /** MDC_DIM_* reference id; null when RTMMS has no unit term for it (then only UCUM is sent). */
    public String mdcRefId() {
        return mdcRefId;
    }

    /** The MDC unit code (partition 4 × 65536 + term code); 0 when there is none. */
    public int mdcCode() {
        return mdcCode;
    }

    public boolean hasMdc() {
        return mdcRefId != null;
    }

    public String ucum() {
        return ucum;
    }
}
