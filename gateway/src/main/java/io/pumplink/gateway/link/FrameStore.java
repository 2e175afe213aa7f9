package io.pumplink.gateway.link;

import java.util.concurrent.CompletableFuture;

/** Where a link hands its frames: the durable journal, seen from the link. */
public interface FrameStore {
    /** What became of a frame. */
    enum Stored {
        NEW,
        /** A reliable frame whose original is stored. */
        DUPLICATE,
        /** Refused for lack of room: the link withholds the ACK, and the programmer keeps the frame. */
        FULL
    }

    /**
     * Stores a received data frame. For a reliable frame the future completes only once the frame is durable
     * (a duplicate: once its original is). It fails only when the store is broken (a write failed, it closed):
     * the link then closes, to be reconnected.
     */
    CompletableFuture<Stored> store(ReceivedFrame frame);
}
