package io.pumplink.gateway.link;

import java.util.OptionalLong;

/** A link's {@link LinkCounters} at one moment: a value, for a status message or a test to keep. */
public record LinkCounts(long hellos, long seqGaps, long framesMissed, long retransmitsSeen, long duplicates,
                         long acksSent, long naksSent, long naksReceived, long rejectedBeforeHello,
                         long acksWithheld, long requestsRetransmitted, long linkLosses, long faults,
                         OptionalLong lastFrameReceivedMs, OptionalLong clockOffsetMs) {
}
