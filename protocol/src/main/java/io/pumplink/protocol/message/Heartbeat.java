package io.pumplink.protocol.message;

/** HEARTBEAT (both directions): sent after a heartbeat interval without sending anything else. */
public record Heartbeat(long uptimeMs) implements Message {
    static final PayloadCodec<Heartbeat> CODEC = PayloadCodec.of(
            in -> new Heartbeat(in.u32()),
            (m, out) -> out.u32(m.uptimeMs));

    public Heartbeat {
        Fields.u32("uptime_ms", uptimeMs);
    }

    @Override
    public MessageType type() {
        return MessageType.HEARTBEAT;
    }
}
