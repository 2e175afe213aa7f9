package io.pumplink.protocol.message;

/** REQUEST_STATUS (G→P, reliable): read-only request for fresh status frames. */
public record RequestStatus(long requestId) implements Request {
    static final PayloadCodec<RequestStatus> CODEC = PayloadCodec.of(
            in -> new RequestStatus(in.u32()),
            (m, out) -> out.u32(m.requestId));

    public RequestStatus {
        Fields.u32("request_id", requestId);
    }

    @Override
    public MessageType type() {
        return MessageType.REQUEST_STATUS;
    }
}
