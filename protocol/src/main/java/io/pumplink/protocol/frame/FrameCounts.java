package io.pumplink.protocol.frame;

import java.util.Map;

/** The frame layer's counters of one link at one moment: a value, unlike the live {@link FrameStats}. */
public record FrameCounts(long valid, long resyncs, Map<InvalidReason, Long> invalid) {
    public FrameCounts {
        invalid = Map.copyOf(invalid);
    }

    public long invalid(InvalidReason reason) {
        return invalid.getOrDefault(reason, 0L);
    }

    public long invalidTotal() {
        return invalid.values().stream().mapToLong(Long::longValue).sum();
    }
}
