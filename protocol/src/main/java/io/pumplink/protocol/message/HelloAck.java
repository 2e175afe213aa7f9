package io.pumplink.protocol.message;

/** HELLO_ACK (G→P): answers the latest HELLO and gives the gateway's clock. */
public record HelloAck(long gatewayTimeMs, boolean accepted, int maxPayload) implements Message {
    static final PayloadCodec<HelloAck> CODEC = PayloadCodec.of(
            in -> new HelloAck(in.u64(), in.u8() == 1, in.u16()),
            (m, out) -> out.u64(m.gatewayTimeMs).u8(m.accepted ? 1 : 0).u16(m.maxPayload));

    public HelloAck {
        Fields.u16("max_payload", maxPayload);
    }

    @Override
    public MessageType type() {
        return MessageType.HELLO_ACK;
    }
}
