package io.pumplink.emulator.device;

import java.util.function.LongSupplier;

/**
 * Simulated time: starts at a scenario's start instant and runs {@code speed} times faster than real time.
 * Only the pump's world runs on it; link timing (heartbeats, retransmits) stays in real time, as on a real link.
 */
public final class SimClock {
    private final long startMs;
    private final double speed;
    private final LongSupplier nanoTime;
    private final long startNanos;

    public SimClock(long startMs, double speed, LongSupplier nanoTime) {
        if (!(speed > 0)) {
            throw new IllegalArgumentException("speed must be > 0: " + speed);
        }
        this.startMs = startMs;
        this.speed = speed;
        this.nanoTime = nanoTime;
        this.startNanos = nanoTime.getAsLong();
    }

    public long nowMs() {
        return startMs + (long) ((nanoTime.getAsLong() - startNanos) * speed / 1_000_000.0);
    }

    /** Simulated milliseconds since the start. */
    public long elapsedMs() {
        return nowMs() - startMs;
    }

    /** Real nanoseconds until simulated time reaches {@code simMs} (0 if passed). */
    public long realNanosUntil(long simMs) {
        return Math.max(0, (long) ((simMs - nowMs()) * 1_000_000.0 / speed));
    }

    public double speed() {
        return speed;
    }
}
