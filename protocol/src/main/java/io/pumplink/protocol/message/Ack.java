package io.pumplink.protocol.message;

/** ACK (both directions) of a reliable frame's seq. */
public record Ack(int ackedSeq) implements Message {
    static final PayloadCodec<Ack> CODEC = PayloadCodec.of(
            in -> new Ack(in.u16()),
            (m, out) -> out.u16(m.ackedSeq));

    public Ack {
        Fields.u16("acked_seq", ackedSeq);
    }

    @Override
    public MessageType type() {
        return MessageType.ACK;
    }
}
