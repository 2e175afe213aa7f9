package io.pumplink.gateway.retry;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Capped exponential backoff: initial, ×2 per call, up to max. Each delay is drawn from its upper half so that
 * many gateways cut off by one broker restart do not all come back in the same instant.
 */
public final class Backoff {
    private final long initialNanos;
    private final long maxNanos;
    private final DoubleSupplier random;
    private long nextNanos;

    /** {@code random} yields values in [0, 1). */
    public Backoff(Duration initial, Duration max, DoubleSupplier random) {
        this.initialNanos = initial.toNanos();
        this.maxNanos = max.toNanos();
        this.random = random;
        this.nextNanos = initialNanos;
    }

    public Duration next() {
        long base = nextNanos;
        nextNanos = base > maxNanos / 2 ? maxNanos : base * 2;
        long half = base / 2;
        return Duration.ofNanos(base - half + (long) (random.getAsDouble() * half));
    }

    public void reset() {
        nextNanos = initialNanos;
    }
}
