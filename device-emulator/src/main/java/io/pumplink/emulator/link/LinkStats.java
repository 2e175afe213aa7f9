package io.pumplink.emulator.link;

import java.util.concurrent.atomic.LongAdder;

/** Counters of one emulated programmer's link, readable from any thread. */
public final class LinkStats {
    final LongAdder sent = new LongAdder();
    final LongAdder acked = new LongAdder();
    final LongAdder retransmitted = new LongAdder();
    final LongAdder naksReceived = new LongAdder();
    final LongAdder rejected = new LongAdder();
    final LongAdder duplicateRequests = new LongAdder();
    final LongAdder linksOpened = new LongAdder();
    final LongAdder linkLosses = new LongAdder();

    public long sent() {
        return sent.sum();
    }

    public long acked() {
        return acked.sum();
    }

    public long retransmitted() {
        return retransmitted.sum();
    }

    public long naksReceived() {
        return naksReceived.sum();
    }

    public long rejected() {
        return rejected.sum();
    }

    public long duplicateRequests() {
        return duplicateRequests.sum();
    }

    public long linksOpened() {
        return linksOpened.sum();
    }

    public long linkLosses() {
        return linkLosses.sum();
    }
}
