package io.pumplink.protocol.message;

import java.util.Optional;

/** BATTERY_STATUS: pump battery voltage, state and days to elective replacement. */
public record BatteryStatus(long tsMs, String pumpSerial, int voltageMv, int stateCode, int daysToEri)
        implements PumpMessage {
    /** {@code days_to_eri} value meaning "unknown". */
    public static final int DAYS_TO_ERI_UNKNOWN = 0xFFFF;

    static final PayloadCodec<BatteryStatus> CODEC = PayloadCodec.of(
            in -> new BatteryStatus(in.u64(), in.ascii16("pump_serial"), in.u16(), in.u8(), in.u16()),
            (m, out) -> out.u64(m.tsMs).ascii16(m.pumpSerial).u16(m.voltageMv).u8(m.stateCode).u16(m.daysToEri));

    public BatteryStatus {
        Ascii16.require("pump_serial", pumpSerial);
        Fields.u16("voltage_mv", voltageMv);
        Fields.u8("state", stateCode);
        Fields.u16("days_to_eri", daysToEri);
    }

    public Optional<BatteryState> state() {
        return BatteryState.of(stateCode);
    }

    @Override
    public MessageType type() {
        return MessageType.BATTERY_STATUS;
    }
}
