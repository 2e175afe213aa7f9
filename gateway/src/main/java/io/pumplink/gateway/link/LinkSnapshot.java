package io.pumplink.gateway.link;

import io.pumplink.protocol.frame.FrameCounts;
import io.pumplink.protocol.frame.FrameStats;
import io.pumplink.protocol.message.Hello;
import io.pumplink.protocol.message.MessageCounts;
import io.pumplink.protocol.message.MessageStats;
import java.util.Optional;

/**
 * A link as status sees it, at one moment: state and counter values that do not move after it was taken.
 *
 * @param bluetooth     a serial link on {@code /dev/rfcommN}
 * @param stateSinceMs  gateway clock
 */
public record LinkSnapshot(String linkId, String endpoint, boolean serial, boolean bluetooth, LinkState state,
                           String reason, long stateSinceMs, Optional<Hello> hello, FrameCounts frames,
                           MessageCounts messages, LinkCounts counters) {
    /** With the live counters' values now. */
    public LinkSnapshot(String linkId, String endpoint, boolean serial, boolean bluetooth, LinkState state,
                        String reason, long stateSinceMs, Optional<Hello> hello, FrameStats frames,
                        MessageStats messages, LinkCounters counters) {
        this(linkId, endpoint, serial, bluetooth, state, reason, stateSinceMs, hello, frames.snapshot(),
                messages.snapshot(), counters.snapshot());
    }
}
