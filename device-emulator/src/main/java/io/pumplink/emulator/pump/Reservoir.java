package io.pumplink.emulator.pump;

/** Drug volume in nanolitres, so that slow rates are not rounded away; never below zero. */
final class Reservoir {
    private final long lowThresholdNl;
    private long volumeNl;
    private long deliveredSinceRefillNl;
    private long lastRefillTsMs;

    Reservoir(long volumeNl, long lowThresholdNl, long lastRefillTsMs) {
        this.volumeNl = volumeNl;
        this.lowThresholdNl = lowThresholdNl;
        this.lastRefillTsMs = lastRefillTsMs;
    }

    /** Takes up to {@code requestedNl}; what the reservoir does not hold is not delivered. */
    void take(long requestedNl) {
        long takenNl = Math.min(requestedNl, volumeNl);
        volumeNl -= takenNl;
        deliveredSinceRefillNl += takenNl;
    }

    void refill(long newVolumeNl, long pumpMs) {
        volumeNl = newVolumeNl;
        deliveredSinceRefillNl = 0;
        lastRefillTsMs = pumpMs;
    }

    long volumeNl() {
        return volumeNl;
    }

    long volumeUl() {
        return volumeNl / Units.NL_PER_UL;
    }

    long deliveredSinceRefillUl() {
        return deliveredSinceRefillNl / Units.NL_PER_UL;
    }

    long lastRefillTsMs() {
        return lastRefillTsMs;
    }

    boolean low() {
        return volumeNl <= lowThresholdNl;
    }

    boolean empty() {
        return volumeNl == 0;
    }

    /** Nanolitres still to deliver before the volume reaches the low threshold (0 when it has). */
    long aboveLowNl() {
        return Math.max(0, volumeNl - lowThresholdNl);
    }
}
