package io.pumplink.emulator.pump;

import java.util.OptionalLong;

/**
 * The refill before the model's start, as the pump remembers it.
 *
 * @param tsMs              pump clock of that refill, at or before the model's start
 * @param volumeAfterUl     what the refill filled the reservoir to; empty: derived from the start therapy (see
 *                          {@link Reservoir#atStart})
 * @param nextRefillDueTsMs the refill date the clinician set at that refill (the programmer's alarm date); 0 unknown
 */
public record LastRefill(long tsMs, OptionalLong volumeAfterUl, long nextRefillDueTsMs) {
    public LastRefill {
        Require.nonNegative("lastRefill.tsMs", tsMs);
        Require.nonNegative("lastRefill.nextRefillDueTsMs", nextRefillDueTsMs);
    }

    /** Refilled at {@code tsMs} to a volume derived from the therapy, next refill date unknown. */
    public static LastRefill at(long tsMs) {
        return new LastRefill(tsMs, OptionalLong.empty(), 0);
    }
}
