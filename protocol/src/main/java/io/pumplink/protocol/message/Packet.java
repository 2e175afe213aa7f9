package io.pumplink.protocol.message;

import io.pumplink.protocol.frame.Frame;

/** A decoded message with the header fields of the frame that carried it. */
public record Packet(int seq, int flags, Message message) implements Inbound {
    public Packet {
        new Frame(message.type().code(), flags, seq, new byte[0]); // same header rules as a frame
    }

    /** A new frame, flagged RELIABLE exactly when the ICD says its type is sent reliably. */
    public static Packet of(int seq, Message message) {
        return new Packet(seq, message.type().reliable() ? Frame.RELIABLE : 0, message);
    }

    public MessageType type() {
        return message.type();
    }

    public boolean reliable() {
        return (flags & Frame.RELIABLE) != 0;
    }

    public boolean retransmit() {
        return (flags & Frame.RETRANSMIT) != 0;
    }

    /** The same frame sent again: same seq, RETRANSMIT set. */
    public Packet asRetransmit() {
        return new Packet(seq, flags | Frame.RETRANSMIT, message);
    }
}
