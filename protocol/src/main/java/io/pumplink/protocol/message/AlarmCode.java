package io.pumplink.protocol.message;

import java.util.Optional;

/** Alarm codes; unknown codes are still forwarded with their number. */
public enum AlarmCode implements WireCode {
    LOW_RESERVOIR(0x0001),
    EMPTY_RESERVOIR(0x0002),
    MOTOR_STALL(0x0003),
    MOTOR_STALL_RECOVERED(0x0004),
    CRITICAL_MEMORY_ERROR(0x0005),
    BATTERY_ERI(0x0006),
    BATTERY_EOS(0x0007),
    PUMP_RESET(0x0008),
    PROGRAMMER_LOW_BATTERY(0x0100),
    PUMP_TELEMETRY_LOST(0x0101);

    private final int code;

    AlarmCode(int code) {
        this.code = code;
    }

    @Override
    public int code() {
        return code;
    }

    public static Optional<AlarmCode> of(int code) {
        return WireCode.lookup(values(), code);
    }
}
