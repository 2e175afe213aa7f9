package io.pumplink.protocol.message;

import java.util.Optional;

/** Flow modes (FLOW_STATUS.mode, LOG_ENTRY MODE_CHANGE values). */
public enum FlowMode implements WireCode {
    STOPPED(0),
    CONTINUOUS(1),
    FLEX_SCHEDULE(2),
    BRIDGE_BOLUS(3),
    CLINICIAN_BOLUS(4),
    PATIENT_BOLUS(5),
    MINIMUM_RATE(6);

    private final int code;

    FlowMode(int code) {
        this.code = code;
    }

    @Override
    public int code() {
        return code;
    }

    public static Optional<FlowMode> of(int code) {
        return WireCode.lookup(values(), code);
    }
}
