package io.pumplink.protocol.message;

import java.util.Optional;

/** FLOW_STATUS: mode, programmed rate, bolus in progress and volume delivered since refill. */
public record FlowStatus(long tsMs, String pumpSerial, int modeCode, long rateNlPerHour, long bolusRemainingUl,
                         long deliveredSinceRefillUl, int stepIndex, int stepCount) implements PumpMessage {
    static final PayloadCodec<FlowStatus> CODEC = PayloadCodec.of(
            in -> new FlowStatus(in.u64(), in.ascii16("pump_serial"), in.u8(), in.u32(), in.u32(), in.u32(), in.u8(),
                    in.u8()),
            (m, out) -> out.u64(m.tsMs).ascii16(m.pumpSerial).u8(m.modeCode).u32(m.rateNlPerHour)
                    .u32(m.bolusRemainingUl).u32(m.deliveredSinceRefillUl).u8(m.stepIndex).u8(m.stepCount));

    public FlowStatus {
        Ascii16.require("pump_serial", pumpSerial);
        Fields.u8("mode", modeCode);
        Fields.u32("rate_nl_per_h", rateNlPerHour);
        Fields.u32("bolus_remaining_ul", bolusRemainingUl);
        Fields.u32("delivered_since_refill_ul", deliveredSinceRefillUl);
        Fields.u8("step_index", stepIndex);
        Fields.u8("step_count", stepCount);
    }

    public Optional<FlowMode> mode() {
        return FlowMode.of(modeCode);
    }

    @Override
    public MessageType type() {
        return MessageType.FLOW_STATUS;
    }
}
