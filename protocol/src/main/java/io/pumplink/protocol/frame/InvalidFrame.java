package io.pumplink.protocol.frame;

/** A dropped run of bytes: its reason and size only, never its content. */
public record InvalidFrame(InvalidReason reason, int encodedLength) implements FrameResult {
}
