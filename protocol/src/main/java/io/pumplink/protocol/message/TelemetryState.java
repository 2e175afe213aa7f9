package io.pumplink.protocol.message;

import java.util.Optional;

/** Programmer to pump telemetry states. */
public enum TelemetryState implements WireCode {
    NO_PUMP_IN_RANGE(0),
    PUMP_IN_RANGE(1),
    SESSION_ACTIVE(2);

    private final int code;

    TelemetryState(int code) {
        this.code = code;
    }

    @Override
    public int code() {
        return code;
    }

    public static Optional<TelemetryState> of(int code) {
        return WireCode.lookup(values(), code);
    }
}
