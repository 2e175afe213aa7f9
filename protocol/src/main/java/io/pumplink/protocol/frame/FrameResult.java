package io.pumplink.protocol.frame;

/** What the frame layer makes of one delimited run: a valid {@link Frame} or an {@link InvalidFrame}. */
public sealed interface FrameResult permits Frame, InvalidFrame {
}
