package io.pumplink.protocol.message;

import java.util.Optional;

/** Pump event log entry kinds (LOG_ENTRY.event). */
public enum LogEvent implements WireCode {
    REFILL(1),
    DOSE_CHANGE(2),
    BOLUS(3),
    ALARM(4),
    MODE_CHANGE(5),
    POWER_RESET(6),
    CLOCK_SET(7),
    /** PTL 1.1: written right after every REFILL (ICD section 6). */
    REFILL_ACCOUNTING(8);

    private final int code;

    LogEvent(int code) {
        this.code = code;
    }

    @Override
    public int code() {
        return code;
    }

    public static Optional<LogEvent> of(int code) {
        return WireCode.lookup(values(), code);
    }
}
