package io.pumplink.protocol.message;

import java.util.Optional;

/** SESSION_END (reliable): the session is complete or aborted, after {@code entryCount} log entries. */
public record SessionEnd(long tsMs, String pumpSerial, long sessionId, int entryCount, int outcomeCode)
        implements PumpMessage {
    static final PayloadCodec<SessionEnd> CODEC = PayloadCodec.of(
            in -> new SessionEnd(in.u64(), in.ascii16("pump_serial"), in.u32(), in.u16(), in.u8()),
            (m, out) -> out.u64(m.tsMs).ascii16(m.pumpSerial).u32(m.sessionId).u16(m.entryCount).u8(m.outcomeCode));

    public SessionEnd {
        Ascii16.require("pump_serial", pumpSerial);
        Fields.u32("session_id", sessionId);
        Fields.u16("entry_count", entryCount);
        Fields.u8("outcome", outcomeCode);
    }

    public Optional<SessionOutcome> outcome() {
        return SessionOutcome.of(outcomeCode);
    }

    @Override
    public MessageType type() {
        return MessageType.SESSION_END;
    }
}
