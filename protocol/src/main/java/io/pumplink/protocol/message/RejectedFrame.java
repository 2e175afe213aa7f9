package io.pumplink.protocol.message;

import io.pumplink.protocol.frame.Frame;

/**
 * A valid frame whose message cannot be used: unknown type, payload too short, or a forbidden field value.
 * A receiver answers it with NAK {@link #nakReason()} when it was RELIABLE, and otherwise counts and drops it.
 *
 * @param detail what was wrong, naming the field; never the payload bytes
 */
public record RejectedFrame(int type, int seq, int flags, NakReason nakReason, String detail) implements Inbound {
    public boolean reliable() {
        return (flags & Frame.RELIABLE) != 0;
    }
}
