package io.pumplink.gateway.mqtt;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The broker connection's TLS and authentication failures, for metrics and health: counts by cause, the
 * failure standing now (cleared by a successful connect), and whether the publisher gave up. Written on the
 * publisher's loop thread, read anywhere.
 */
public final class AuthFailures {
    private final AtomicLongArray counts = new AtomicLongArray(AuthFailure.values().length);
    private final CompletableFuture<AuthFailure> gaveUp = new CompletableFuture<>();
    private volatile Optional<AuthFailure> standing = Optional.empty();

    void failed(AuthFailure cause) {
        counts.incrementAndGet(cause.ordinal());
        standing = Optional.of(cause);
    }

    void connected() {
        standing = Optional.empty();
    }

    void giveUp(AuthFailure cause) {
        gaveUp.complete(cause);
    }

    public long count(AuthFailure cause) {
        return counts.get(cause.ordinal());
    }

    /** The last connect attempt's failure, while no connection succeeded since. */
    public Optional<AuthFailure> standing() {
        return standing;
    }

    /** Completes when the publisher stopped connecting because of a failure retrying cannot fix. */
    public CompletableFuture<AuthFailure> gaveUp() {
        return gaveUp;
    }
}
