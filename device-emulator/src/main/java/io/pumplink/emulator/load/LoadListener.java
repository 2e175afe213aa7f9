package io.pumplink.emulator.load;

import io.pumplink.protocol.message.Packet;

/**
 * What a {@link LoadProgrammer} saw, reported on its event loop as it happens: implementations must be quick and
 * thread-safe (one listener may serve many programmers, each on its own event loop).
 */
public interface LoadListener {
    /**
     * {@code packet} was written. {@code dueNanos} is when the rate schedule wanted it out (its write time when
     * there is no schedule): latencies measured from it include the wait for the window, as the pump's would.
     */
    default void written(Packet packet, long dueNanos, long writtenNanos) {
    }

    /** The gateway ACKed a reliable frame {@code latencyNanos} after it was written. */
    default void acknowledged(Packet packet, long writtenNanos, long latencyNanos) {
    }

    /** The gateway answered a reliable frame with NAK: it will never store it. */
    default void refused(Packet packet, int reasonCode) {
    }
}
