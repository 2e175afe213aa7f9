package io.pumplink.gateway.link;

import java.util.OptionalLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Link-rule counters of one link (ICD section 3), cumulative over reconnects, and when the link last heard its
 * programmer; written on the link's event loop, read by metrics and status.
 */
public final class LinkCounters {
    final LongAdder hellos = new LongAdder();
    final LongAdder seqGaps = new LongAdder();
    final LongAdder framesMissed = new LongAdder();
    final LongAdder retransmitsSeen = new LongAdder();
    final LongAdder duplicates = new LongAdder();
    final LongAdder acksSent = new LongAdder();
    final LongAdder naksSent = new LongAdder();
    final LongAdder naksReceived = new LongAdder();
    final LongAdder rejectedBeforeHello = new LongAdder();
    final LongAdder acksWithheld = new LongAdder();
    final LongAdder requestsRetransmitted = new LongAdder();
    final LongAdder linkLosses = new LongAdder();
    final LongAdder faults = new LongAdder();
    private volatile OptionalLong lastFrameReceivedMs = OptionalLong.empty();
    private volatile OptionalLong clockOffsetMs = OptionalLong.empty();

    void frameReceived(long nowMs) {
        lastFrameReceivedMs = OptionalLong.of(nowMs);
    }

    void clockOffset(long deviceMinusGatewayMs) {
        clockOffsetMs = OptionalLong.of(deviceMinusGatewayMs);
    }

    /** Gateway clock of the last valid frame (CRC intact, also one refused by the message layer). */
    public OptionalLong lastFrameReceivedMs() {
        return lastFrameReceivedMs;
    }

    /** Device clock minus gateway clock, from the latest frame whose ts is the device's "now". */
    public OptionalLong clockOffsetMs() {
        return clockOffsetMs;
    }

    public long hellos() {
        return hellos.sum();
    }

    /** Jumps in the programmer's sequence among frames without RETRANSMIT. */
    public long seqGaps() {
        return seqGaps.sum();
    }

    /** Frames those jumps skipped. */
    public long framesMissed() {
        return framesMissed.sum();
    }

    public long retransmitsSeen() {
        return retransmitsSeen.sum();
    }

    /** Reliable frames received again and ACKed again, not published again. */
    public long duplicates() {
        return duplicates.sum();
    }

    public long acksSent() {
        return acksSent.sum();
    }

    public long naksSent() {
        return naksSent.sum();
    }

    public long naksReceived() {
        return naksReceived.sum();
    }

    /** Frames answered with NAK 4 because no HELLO had come yet. */
    public long rejectedBeforeHello() {
        return rejectedBeforeHello.sum();
    }

    /** Reliable frames left unACKed because the journal could not store them (full): the programmer keeps them. */
    public long acksWithheld() {
        return acksWithheld.sum();
    }

    public long requestsRetransmitted() {
        return requestsRetransmitted.sum();
    }

    public long linkLosses() {
        return linkLosses.sum();
    }

    /** Connections closed because something failed unexpectedly: an exception in the pipeline, a broken journal. */
    public long faults() {
        return faults.sum();
    }

    /** The counters' values now. */
    public LinkCounts snapshot() {
        return new LinkCounts(hellos(), seqGaps(), framesMissed(), retransmitsSeen(), duplicates(), acksSent(),
                naksSent(), naksReceived(), rejectedBeforeHello(), acksWithheld(), requestsRetransmitted(),
                linkLosses(), faults(), lastFrameReceivedMs, clockOffsetMs);
    }
}
