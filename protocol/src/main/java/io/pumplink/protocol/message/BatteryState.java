package io.pumplink.protocol.message;

import java.util.Optional;

/** Pump battery states. */
public enum BatteryState implements WireCode {
    OK(0),
    ERI(1),
    EOS(2);

    private final int code;

    BatteryState(int code) {
        this.code = code;
    }

    @Override
    public int code() {
        return code;
    }

    public static Optional<BatteryState> of(int code) {
        return WireCode.lookup(values(), code);
    }
}
