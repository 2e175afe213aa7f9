package io.pumplink.gateway.mqtt;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A publication on its way: its caller's future and the attempt that currently carries it. */
final class Pending {
    private final Publication publication;
    private final long sequence;
    private final boolean connectionScoped;
    private final boolean latestWins;
    private final CompletableFuture<Void> future = new CompletableFuture<>();
    /** The futures of publications this one replaced (see {@link Outbox}): done when this one is. */
    private final List<CompletableFuture<Void>> replaced = new ArrayList<>();
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
        future.whenComplete(this::completeReplaced);
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

    /**
     * {@code older} will not be sent: its future, and those it had replaced, complete with this one's. Kept in one
     * flat list, not chained: a chain of thousands of dependent futures completes by recursion, deep enough to
     * overflow the stack (and CompletableFuture swallows that error).
     */
    void replace(Pending older) {
        replaced.add(older.future);
        replaced.addAll(older.replaced);
        older.replaced.clear();
    }

    private void completeReplaced(Void ok, Throwable failure) {
        for (CompletableFuture<Void> other : replaced) {
            if (failure == null) {
                other.complete(null);
            } else {
                other.completeExceptionally(failure);
            }
        }
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
