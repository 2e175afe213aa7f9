package io.pumplink.protocol.message;

import io.pumplink.protocol.frame.Frame;
import java.util.Optional;

/** The thin dispatcher between frames and messages: looks up the type and hands the payload to its codec. */
public final class MessageCodec {
    private MessageCodec() {
    }

    public static Inbound decode(Frame frame) {
        Optional<MessageType> known = MessageType.of(frame.type());
        if (known.isEmpty()) {
            return reject(frame, NakReason.UNKNOWN_TYPE, "unknown type 0x%02x".formatted(frame.type()));
        }
        MessageType type = known.get();
        if (frame.payloadLength() < type.minPayloadLength()) {
            return reject(frame, NakReason.PAYLOAD_TOO_SHORT, "%s needs %d payload bytes, got %d"
                    .formatted(type, type.minPayloadLength(), frame.payloadLength()));
        }
        try {
            return new Packet(frame.seq(), frame.flags(), type.codec().read(frame.payload()));
        } catch (InvalidFieldException e) {
            return reject(frame, NakReason.INVALID_FIELD, type + " " + e.getMessage());
        }
    }

    public static Frame encode(Packet packet) {
        MessageType type = packet.type();
        byte[] payload = encodePayload(type.codec(), packet.message(), type.minPayloadLength());
        return new Frame(type.code(), packet.flags(), packet.seq(), payload);
    }

    @SuppressWarnings("unchecked")
    private static <M extends Message> byte[] encodePayload(PayloadCodec<M> codec, Message message, int length) {
        return codec.write((M) message, length);
    }

    private static RejectedFrame reject(Frame frame, NakReason reason, String detail) {
        return new RejectedFrame(frame.type(), frame.seq(), frame.flags(), reason, detail);
    }
}
