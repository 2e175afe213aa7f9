package io.pumplink.gateway.mqtt;

import java.util.concurrent.CompletableFuture;

/** A publication on its way: its caller's future and the attempt that currently carries it. */
final class Pending {
    private final Publication publication;
    private final long sequence;
    private final boolean connectionScoped;
    private final boolean latestWins;
    private final CompletableFuture<Void> future = new CompletableFuture<>();
    private int attempt;
    private long sentAtNanos;

    /**
     * @param sequence         acceptance order; a resend after a drop keeps its place by it
     * @param connectionScoped belongs to one connection only (the "online" status each connection publishes
     *                         anew), so it is dropped instead of resent when that connection is lost
     * @param latestWins       latest state of its topic: replaced by a newer publication to the same topic while
     *                         it waits (see {@link Outbox})
     */
    Pending(Publication publication, long sequence, boolean connectionScoped, boolean latestWins) {
        this.publication = publication;
        this.sequence = sequence;
        this.connectionScoped = connectionScoped;
        this.latestWins = latestWins;
    }

    Pending(Publication publication, long sequence, boolean connectionScoped) {
        this(publication, sequence, connectionScoped, false);
    }

    Publication publication() {
        return publication;
    }

    long sequence() {
        return sequence;
    }

    boolean connectionScoped() {
        return connectionScoped;
    }

    boolean latestWins() {
        return latestWins;
    }

    CompletableFuture<Void> future() {
        return future;
    }

    /** Starts a new attempt and returns its number; acknowledgements of older attempts are stale. */
    int markSent() {
        sentAtNanos = System.nanoTime();
        return ++attempt;
    }

    boolean isAttempt(int number) {
        return attempt == number;
    }

    long sentAtNanos() {
        return sentAtNanos;
    }
}
