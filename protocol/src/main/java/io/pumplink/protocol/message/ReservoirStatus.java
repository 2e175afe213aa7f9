package io.pumplink.protocol.message;

import java.util.Optional;

/** RESERVOIR_STATUS: volume, low-alarm threshold, drug and concentration, last refill. */
public record ReservoirStatus(long tsMs, String pumpSerial, long volumeUl, long lowAlarmThresholdUl, int drugCode,
                              long concentrationUgPerMl, long lastRefillTsMs) implements PumpMessage {
    static final PayloadCodec<ReservoirStatus> CODEC = PayloadCodec.of(
            in -> new ReservoirStatus(in.u64(), in.ascii16("pump_serial"), in.u32(), in.u32(), in.u8(), in.u32(),
                    in.u64()),
            (m, out) -> out.u64(m.tsMs).ascii16(m.pumpSerial).u32(m.volumeUl).u32(m.lowAlarmThresholdUl)
                    .u8(m.drugCode).u32(m.concentrationUgPerMl).u64(m.lastRefillTsMs));

    public ReservoirStatus {
        Ascii16.require("pump_serial", pumpSerial);
        Fields.u32("volume_ul", volumeUl);
        Fields.u32("low_alarm_threshold_ul", lowAlarmThresholdUl);
        Fields.u8("drug_code", drugCode);
        Fields.u32("concentration_ug_per_ml", concentrationUgPerMl);
    }

    public Optional<Drug> drug() {
        return Drug.of(drugCode);
    }

    @Override
    public MessageType type() {
        return MessageType.RESERVOIR_STATUS;
    }
}
