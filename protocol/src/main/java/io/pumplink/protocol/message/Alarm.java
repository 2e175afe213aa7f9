package io.pumplink.protocol.message;

import java.util.Optional;

/** ALARM (reliable): an alarm raised or cleared; identity is (pump serial, alarm id, state). */
public record Alarm(long tsMs, String pumpSerial, long alarmId, int alarmCode, int priorityCode, int stateCode,
                    int detail) implements PumpMessage {
    static final PayloadCodec<Alarm> CODEC = PayloadCodec.of(
            in -> new Alarm(in.u64(), in.ascii16("pump_serial"), in.u32(), in.u16(), in.u8(), knownState(in.u8()),
                    in.i32()),
            (m, out) -> out.u64(m.tsMs).ascii16(m.pumpSerial).u32(m.alarmId).u16(m.alarmCode).u8(m.priorityCode)
                    .u8(m.stateCode).i32(m.detail));

    public Alarm {
        Ascii16.require("pump_serial", pumpSerial);
        Fields.u32("alarm_id", alarmId);
        Fields.u16("code", alarmCode);
        Fields.u8("priority", priorityCode);
        Fields.u8("state", stateCode);
    }

    /** ICD section 4, ALARM: 1 RAISED and 2 CLEARED are the only states; any other is NAK 3. */
    private static int knownState(int stateCode) throws InvalidFieldException {
        if (AlarmState.of(stateCode).isEmpty()) {
            throw new InvalidFieldException("state", "not 1 RAISED or 2 CLEARED: " + stateCode);
        }
        return stateCode;
    }

    public Optional<AlarmCode> code() {
        return AlarmCode.of(alarmCode);
    }

    public Optional<AlarmPriority> priority() {
        return AlarmPriority.of(priorityCode);
    }

    public Optional<AlarmState> state() {
        return AlarmState.of(stateCode);
    }

    @Override
    public MessageType type() {
        return MessageType.ALARM;
    }
}
