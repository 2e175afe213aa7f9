package io.pumplink.protocol.message;

/** What the message layer makes of a valid frame: a {@link Packet} or a {@link RejectedFrame}. */
public sealed interface Inbound permits Packet, RejectedFrame {
    int seq();

    int flags();
}
