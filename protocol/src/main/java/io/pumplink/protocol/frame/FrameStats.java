package io.pumplink.protocol.frame;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Counters of the frame layer for one link; written by the link's event loop, read by metrics. */
public final class FrameStats {
    private final LongAdder valid = new LongAdder();
    private final LongAdder resyncs = new LongAdder();
    private final Map<InvalidReason, LongAdder> invalid = new EnumMap<>(InvalidReason.class);

    public FrameStats() {
        for (InvalidReason reason : InvalidReason.values()) {
            invalid.put(reason, new LongAdder());
        }
    }

    void count(FrameResult result) {
        if (result instanceof InvalidFrame bad) {
            invalid.get(bad.reason()).increment();
        } else {
            valid.increment();
        }
    }

    void countResync() {
        resyncs.increment();
    }

    public long valid() {
        return valid.sum();
    }

    public long invalid(InvalidReason reason) {
        return invalid.get(reason).sum();
    }

    public long invalidTotal() {
        return invalid.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** Undelimited runs discarded as they arrived because they outgrew the run limit. */
    public long resyncs() {
        return resyncs.sum();
    }

    /** The counters' values now. */
    public FrameCounts snapshot() {
        Map<InvalidReason, Long> counts = new EnumMap<>(InvalidReason.class);
        invalid.forEach((reason, count) -> counts.put(reason, count.sum()));
        return new FrameCounts(valid(), resyncs(), counts);
    }
}
