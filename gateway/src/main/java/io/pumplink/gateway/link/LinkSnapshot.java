package io.pumplink.gateway.link;

import io.pumplink.protocol.frame.FrameStats;
import io.pumplink.protocol.message.Hello;
import io.pumplink.protocol.message.MessageStats;
import java.util.Optional;

/**
 * A link as status and metrics see it.
 *
 * @param bluetooth     a serial link on {@code /dev/rfcommN}
 * @param stateSinceMs  gateway clock
 */
public record LinkSnapshot(String linkId, String endpoint, boolean serial, boolean bluetooth, LinkState state,
                           String reason, long stateSinceMs, Optional<Hello> hello, FrameStats frames,
                           MessageStats messages, LinkCounters counters) {
}
