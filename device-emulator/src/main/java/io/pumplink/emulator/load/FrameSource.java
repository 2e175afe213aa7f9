package io.pumplink.emulator.load;

import io.pumplink.protocol.message.Message;

/** The frames a {@link LoadProgrammer} sends, in order; called on the programmer's event loop only. */
@FunctionalInterface
public interface FrameSource {
    /** The next frame to send, or null when the stream has ended. */
    Message next();
}
