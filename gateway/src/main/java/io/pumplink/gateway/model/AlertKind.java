package io.pumplink.gateway.model;

import io.pumplink.protocol.message.AlarmPriority;

/**
 * The alerts the gateway raises itself from what it sees (docs/clinical-alerts.md). The names are part of the
 * interface: subscribers match on them. Codes lie above the u16 wire range, so no wire ALARM code can equal one.
 */
public enum AlertKind {
    THERAPY_INTERRUPTED(AlarmPriority.HIGH),
    RUNOUT_BEFORE_REFILL_DUE(AlarmPriority.HIGH),
    REFILL_OVERDUE(AlarmPriority.MEDIUM),
    PUMP_SILENT(AlarmPriority.MEDIUM),
    REFILL_ACCURACY_OUT_OF_RANGE(AlarmPriority.MEDIUM),
    DOSE_INCREASE_LARGE(AlarmPriority.MEDIUM),
    DAILY_DOSE_ABOVE_LIMIT(AlarmPriority.HIGH),
    PUMP_CLOCK_DRIFT(AlarmPriority.LOW);

    /** The first code after the u16 wire range (pumplink.v1.AlarmCode numbers them the same way). */
    private static final int FIRST_CODE = 0x10001;

    private final AlarmPriority defaultPriority;

    AlertKind(AlarmPriority defaultPriority) {
        this.defaultPriority = defaultPriority;
    }

    public AlarmPriority defaultPriority() {
        return defaultPriority;
    }

    public int code() {
        return FIRST_CODE + ordinal();
    }
}
