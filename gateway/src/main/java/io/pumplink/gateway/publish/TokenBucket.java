package io.pumplink.gateway.publish;

import java.util.function.LongSupplier;

/**
 * At most {@code perMinute} takes per minute, in a burst of up to {@code perMinute}: tokens refill continuously.
 * Not thread-safe: its owner ({@link ProgrammerRequests}) holds the lock.
 */
final class TokenBucket {
    private static final long MINUTE_NANOS = 60_000_000_000L;

    private final int perMinute;
    private final LongSupplier nanoTime;
    /** Tokens in units of 1/MINUTE_NANOS of a token per nanosecond: one token is MINUTE_NANOS units. */
    private long units;
    private long lastNanos;

    TokenBucket(int perMinute, LongSupplier nanoTime) {
        this.perMinute = perMinute;
        this.nanoTime = nanoTime;
        this.lastNanos = nanoTime.getAsLong();
        this.units = capacity();
    }

    boolean tryTake() {
        long now = nanoTime.getAsLong();
        long elapsed = now - lastNanos;
        lastNanos = now;
        // perMinute tokens per MINUTE_NANOS: each elapsed nanosecond adds perMinute units; saturate at capacity
        units = elapsed >= capacity() / perMinute ? capacity() : Math.min(capacity(), units + elapsed * perMinute);
        if (units < MINUTE_NANOS) {
            return false;
        }
        units -= MINUTE_NANOS;
        return true;
    }

    private long capacity() {
        return perMinute * MINUTE_NANOS;
    }
}
