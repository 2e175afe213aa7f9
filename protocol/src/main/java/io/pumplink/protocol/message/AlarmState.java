package io.pumplink.protocol.message;

import java.util.Optional;

/** Alarm states. */
public enum AlarmState implements WireCode {
    RAISED(1),
    CLEARED(2);

    private final int code;

    AlarmState(int code) {
        this.code = code;
    }

    @Override
    public int code() {
        return code;
    }

    public static Optional<AlarmState> of(int code) {
        return WireCode.lookup(values(), code);
    }
}
