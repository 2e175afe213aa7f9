package io.pumplink.protocol.message;

import java.util.Optional;

/** NAK (both directions): a reliable frame was refused; {@code reasonCode} keeps unknown reasons. */
public record Nak(int nakSeq, int reasonCode) implements Message {
    static final PayloadCodec<Nak> CODEC = PayloadCodec.of(
            in -> new Nak(in.u16(), in.u8()),
            (m, out) -> out.u16(m.nakSeq).u8(m.reasonCode));

    public Nak {
        Fields.u16("nak_seq", nakSeq);
        Fields.u8("reason", reasonCode);
    }

    public Nak(int nakSeq, NakReason reason) {
        this(nakSeq, reason.code());
    }

    public Optional<NakReason> reason() {
        return NakReason.of(reasonCode);
    }

    @Override
    public MessageType type() {
        return MessageType.NAK;
    }
}
