package io.pumplink.protocol.message;

import java.util.Optional;

/** Alarm priorities, the IEC 60601-1-8 levels. */
public enum AlarmPriority implements WireCode {
    INFO(0),
    LOW(1),
    MEDIUM(2),
    HIGH(3);

    private final int code;

    AlarmPriority(int code) {
        this.code = code;
    }

    @Override
    public int code() {
        return code;
    }

    public static Optional<AlarmPriority> of(int code) {
        return WireCode.lookup(values(), code);
    }
}
