package io.pumplink.protocol.message;

/**
 * HELLO_ACK (G→P): answers the latest HELLO and gives the gateway's clock. {@code acceptedCode} keeps the
 * wire byte: 1 accepted, 0 protocol version unsupported.
 */
public record HelloAck(long gatewayTimeMs, int acceptedCode, int maxPayload) implements Message {
    public static final int ACCEPTED = 1;
    public static final int VERSION_UNSUPPORTED = 0;

    static final PayloadCodec<HelloAck> CODEC = PayloadCodec.of(
            in -> new HelloAck(in.u64(), in.u8(), in.u16()),
            (m, out) -> out.u64(m.gatewayTimeMs).u8(m.acceptedCode).u16(m.maxPayload));

    public HelloAck {
        Fields.u8("accepted", acceptedCode);
        Fields.u16("max_payload", maxPayload);
    }

    public boolean accepted() {
        return acceptedCode == ACCEPTED;
    }

    @Override
    public MessageType type() {
        return MessageType.HELLO_ACK;
    }
}
