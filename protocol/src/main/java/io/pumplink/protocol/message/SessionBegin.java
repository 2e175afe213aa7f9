package io.pumplink.protocol.message;

/** SESSION_BEGIN (reliable): an interrogation session starts; carries the clinic's opaque patient reference. */
public record SessionBegin(long tsMs, String pumpSerial, long sessionId, String patientRef) implements PumpMessage {
    static final PayloadCodec<SessionBegin> CODEC = PayloadCodec.of(
            in -> new SessionBegin(in.u64(), in.ascii16("pump_serial"), in.u32(), in.ascii16("patient_ref")),
            (m, out) -> out.u64(m.tsMs).ascii16(m.pumpSerial).u32(m.sessionId).ascii16(m.patientRef));

    public SessionBegin {
        Ascii16.require("pump_serial", pumpSerial);
        Fields.u32("session_id", sessionId);
        Ascii16.require("patient_ref", patientRef);
    }

    @Override
    public MessageType type() {
        return MessageType.SESSION_BEGIN;
    }

    /** Never shows the patient reference, only whether there is one. */
    @Override
    public String toString() {
        return "SessionBegin[tsMs=%d, pumpSerial=%s, sessionId=%d, patientRef=%s]"
                .formatted(tsMs, pumpSerial, sessionId, patientRef.isEmpty() ? "<empty>" : "<redacted>");
    }
}
