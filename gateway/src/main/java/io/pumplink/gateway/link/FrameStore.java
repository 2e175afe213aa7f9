package io.pumplink.gateway.link;

import java.util.concurrent.CompletableFuture;

/** Where a link hands its frames: the durable journal, seen from the link. */
public interface FrameStore {
    /** How a reliable frame was taken. */
    enum Stored { NEW, DUPLICATE }

    /**
     * Stores a received data frame. For a reliable frame the future completes only once the frame is durable
     * (a duplicate: once its original is), and fails when the store cannot take it (full): the link then
     * withholds the ACK, and the programmer keeps the frame.
     */
    CompletableFuture<Stored> store(ReceivedFrame frame);
}
