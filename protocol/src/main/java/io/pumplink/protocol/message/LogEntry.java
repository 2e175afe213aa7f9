package io.pumplink.protocol.message;

import java.util.Optional;

/** LOG_ENTRY (reliable): one pump event; the meaning of a, b and c depends on the event (ICD section 4). */
public record LogEntry(long tsMs, String pumpSerial, long sessionId, int index, int eventCode, int a, int b, int c)
        implements PumpMessage {
    static final PayloadCodec<LogEntry> CODEC = PayloadCodec.of(
            in -> new LogEntry(in.u64(), in.ascii16("pump_serial"), in.u32(), in.u16(), in.u8(), in.i32(), in.i32(),
                    in.i32()),
            (m, out) -> out.u64(m.tsMs).ascii16(m.pumpSerial).u32(m.sessionId).u16(m.index).u8(m.eventCode)
                    .i32(m.a).i32(m.b).i32(m.c));

    public LogEntry {
        Ascii16.require("pump_serial", pumpSerial);
        Fields.u32("session_id", sessionId);
        Fields.u16("index", index);
        Fields.u8("event", eventCode);
    }

    public Optional<LogEvent> event() {
        return LogEvent.of(eventCode);
    }

    @Override
    public MessageType type() {
        return MessageType.LOG_ENTRY;
    }
}
