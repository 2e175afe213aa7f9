package io.pumplink.protocol.message;

/** REQUEST_INTERROGATION (G→P, reliable): read-only request for a full interrogation session. */
public record RequestInterrogation(long requestId) implements Request {
    static final PayloadCodec<RequestInterrogation> CODEC = PayloadCodec.of(
            in -> new RequestInterrogation(in.u32()),
            (m, out) -> out.u32(m.requestId));

    public RequestInterrogation {
        Fields.u32("request_id", requestId);
    }

    @Override
    public MessageType type() {
        return MessageType.REQUEST_INTERROGATION;
    }
}
