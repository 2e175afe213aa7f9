package io.pumplink.emulator.pump;

import java.util.OptionalLong;

/**
 * The drug reservoir as the pump counts it and as it physically is, in nanolitres.
 *
 * <p>The pump knows the volume its last refill filled and what it has counted as delivered since; their
 * difference is its estimate of the volume, which RESERVOIR_STATUS, REFILL's expected residual and the LOW and
 * EMPTY alarms use, and delivery stops when it reaches zero. Physically the reservoir loses the count × (1 +
 * deliveryErrorPct / 100), so what a clinician aspirates at a refill differs from the estimate by the delivery
 * error alone. With no error the two are the same.
 */
final class Reservoir {
    private final long lowThresholdNl;
    private final double deliveryErrorPct;
    private long volumeAfterRefillNl;
    private long countedSinceRefillNl;
    private long lastRefillTsMs;
    private long nextRefillDueTsMs;

    private Reservoir(PumpConfig config, long volumeAfterRefillNl, long countedSinceRefillNl) {
        this.lowThresholdNl = config.lowAlarmThresholdUl() * Units.NL_PER_UL;
        this.deliveryErrorPct = config.deliveryErrorPct();
        this.volumeAfterRefillNl = volumeAfterRefillNl;
        this.countedSinceRefillNl = countedSinceRefillNl;
        this.lastRefillTsMs = config.lastRefill().tsMs();
        this.nextRefillDueTsMs = config.lastRefill().nextRefillDueTsMs();
    }

    /**
     * The reservoir at the model's start, consistent with its last refill: the volume that refill filled is the
     * start volume plus what the pump counted as delivered since. When the config does not give that volume, it is
     * what the start therapy, running unchanged since the last refill (no boluses, stalls or stops), delivered on
     * top of the start volume, to the nearest microlitre; if that would not fit in the reservoir, the refill is
     * taken to have filled it to capacity and the count is capacity less start volume.
     */
    static Reservoir atStart(PumpConfig config, Therapy therapy, long startMs) {
        long initialUl = config.initialVolumeUl();
        long volumeAfterUl = config.lastRefill().volumeAfterUl().orElseGet(() -> {
            long roomNl = (config.reservoirCapacityUl() - initialUl) * Units.NL_PER_UL;
            long deliveredNl = therapy.deliveredNl(config.lastRefill().tsMs(), startMs, roomNl);
            return initialUl + (deliveredNl + Units.NL_PER_UL / 2) / Units.NL_PER_UL;
        });
        return new Reservoir(config, volumeAfterUl * Units.NL_PER_UL, (volumeAfterUl - initialUl) * Units.NL_PER_UL);
    }

    /** Takes up to {@code requestedNl}; what the pump believes the reservoir no longer holds is not delivered. */
    void take(long requestedNl) {
        countedSinceRefillNl += Math.min(requestedNl, volumeNl());
    }

    /**
     * Fills to {@code newVolumeNl} at {@code pumpMs}. The next refill is due {@code nextRefillDueInMs} later when
     * the clinician gives it; otherwise after the same interval the clinician chose at the previous refill, and
     * unknown (0) when that was unknown too.
     */
    void refill(long newVolumeNl, long pumpMs, OptionalLong nextRefillDueInMs) {
        OptionalLong previousIntervalMs = nextRefillDueTsMs == 0 ? OptionalLong.empty()
                : OptionalLong.of(Math.max(0, nextRefillDueTsMs - lastRefillTsMs));
        OptionalLong dueInMs = nextRefillDueInMs.isPresent() ? nextRefillDueInMs : previousIntervalMs;
        nextRefillDueTsMs = dueInMs.isPresent() ? pumpMs + dueInMs.getAsLong() : 0;
        volumeAfterRefillNl = newVolumeNl;
        countedSinceRefillNl = 0;
        lastRefillTsMs = pumpMs;
    }

    /** The pump's estimate; {@link #take} never counts more than it. */
    long volumeNl() {
        return volumeAfterRefillNl - countedSinceRefillNl;
    }

    long volumeUl() {
        return volumeNl() / Units.NL_PER_UL;
    }

    /** What is physically left: what a clinician aspirates. */
    long physicalVolumeUl() {
        long drainedNl = Math.round(countedSinceRefillNl * (1 + deliveryErrorPct / 100));
        return Math.max(0, volumeAfterRefillNl - drainedNl) / Units.NL_PER_UL;
    }

    long countedSinceRefillUl() {
        return countedSinceRefillNl / Units.NL_PER_UL;
    }

    long volumeAfterRefillUl() {
        return volumeAfterRefillNl / Units.NL_PER_UL;
    }

    long lastRefillTsMs() {
        return lastRefillTsMs;
    }

    long nextRefillDueTsMs() {
        return nextRefillDueTsMs;
    }

    boolean low() {
        return volumeNl() <= lowThresholdNl;
    }

    boolean empty() {
        return volumeNl() == 0;
    }

    /** Nanolitres still to deliver before the volume reaches the low threshold (0 when it has). */
    long aboveLowNl() {
        return Math.max(0, volumeNl() - lowThresholdNl);
    }
}
