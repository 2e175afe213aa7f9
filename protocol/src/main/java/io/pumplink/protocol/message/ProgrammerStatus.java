package io.pumplink.protocol.message;

import java.util.Optional;

/** PROGRAMMER_STATUS: the programmer's own battery and its telemetry to the pump. */
public record ProgrammerStatus(long tsMs, int batteryPct, int telemetryStateCode, int rssiDbm) implements Message {
    static final PayloadCodec<ProgrammerStatus> CODEC = PayloadCodec.of(
            in -> new ProgrammerStatus(in.u64(), in.u8(), in.u8(), in.i8()),
            (m, out) -> out.u64(m.tsMs).u8(m.batteryPct).u8(m.telemetryStateCode).u8(m.rssiDbm));

    public ProgrammerStatus {
        Fields.u8("battery_pct", batteryPct);
        Fields.u8("telemetry_state", telemetryStateCode);
        Fields.i8("rssi_dbm", rssiDbm);
    }

    public Optional<TelemetryState> telemetryState() {
        return TelemetryState.of(telemetryStateCode);
    }

    @Override
    public MessageType type() {
        return MessageType.PROGRAMMER_STATUS;
    }
}
