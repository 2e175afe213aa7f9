package io.pumplink.emulator.pump;

import io.pumplink.protocol.message.FlowMode;

/**
 * A bolus delivered evenly over its duration on top of the basal rate. Its progress counts only time the motor
 * runs, so a stall pauses it; what it has delivered is a function of that time alone, so it does not depend on
 * how the time was split.
 */
final class Bolus {
    private final long volumeNl;
    private final long durationMs;
    private final FlowMode kind;
    private long runMs;

    Bolus(long volumeNl, long durationMs, FlowMode kind) {
        this.volumeNl = volumeNl;
        this.durationMs = durationMs;
        this.kind = kind;
    }

    FlowMode kind() {
        return kind;
    }

    boolean running() {
        return runMs < durationMs;
    }

    /** Nanolitres this bolus adds if the motor runs {@code moreMs} longer. */
    long additionalNl(long moreMs) {
        return deliveredNlAt(runMs + moreMs) - deliveredNlAt(runMs);
    }

    void run(long ms) {
        runMs = Math.min(durationMs, runMs + ms);
    }

    long remainingUl() {
        return Units.ceilDiv(volumeNl - deliveredNlAt(runMs), Units.NL_PER_UL);
    }

    private long deliveredNlAt(long ms) {
        return volumeNl * Math.min(ms, durationMs) / durationMs;
    }
}
