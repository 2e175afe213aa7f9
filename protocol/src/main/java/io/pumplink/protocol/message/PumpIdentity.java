package io.pumplink.protocol.message;

/** PUMP_IDENTITY: model, capacity, firmware, implant date and catheter volume of one pump. */
public record PumpIdentity(long tsMs, String pumpSerial, int modelCode, long reservoirCapacityUl, int pumpFw,
                           long implantDateDays, int catheterVolumeUl) implements PumpMessage {
    static final PayloadCodec<PumpIdentity> CODEC = PayloadCodec.of(
            in -> new PumpIdentity(in.u64(), in.ascii16("pump_serial"), in.u16(), in.u32(), in.u16(), in.u32(),
                    in.u16()),
            (m, out) -> out.u64(m.tsMs).ascii16(m.pumpSerial).u16(m.modelCode).u32(m.reservoirCapacityUl)
                    .u16(m.pumpFw).u32(m.implantDateDays).u16(m.catheterVolumeUl));

    public PumpIdentity {
        Ascii16.require("pump_serial", pumpSerial);
        Fields.u16("model_code", modelCode);
        Fields.u32("reservoir_capacity_ul", reservoirCapacityUl);
        Fields.u16("pump_fw", pumpFw);
        Fields.u32("implant_date_days", implantDateDays);
        Fields.u16("catheter_volume_ul", catheterVolumeUl);
    }

    @Override
    public MessageType type() {
        return MessageType.PUMP_IDENTITY;
    }
}
