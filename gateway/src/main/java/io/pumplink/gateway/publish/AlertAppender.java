package io.pumplink.gateway.publish;

import io.pumplink.gateway.journal.Journal;
import io.pumplink.gateway.model.GatewayAlert;
import io.pumplink.gateway.store.JournalRecords;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Journals the gateway's alerts. An alert the journal refuses (full) is never dropped: it waits, in order, and is
 * offered again on every {@link #retry}, while the entry it came from stays unreleased. Used by the publish loop's
 * thread; a refusal arrives on the journal's writer thread, hence the concurrent queue between them.
 */
final class AlertAppender {
    private static final Logger LOG = LoggerFactory.getLogger(AlertAppender.class);

    private record Waiting(GatewayAlert alert, CompletableFuture<Void> durable) {
    }

    private final Journal journal;
    private final Queue<Waiting> refused = new ConcurrentLinkedQueue<>();
    private final Queue<Waiting> waiting = new ArrayDeque<>();
    /** One log line per streak of refusals, not one per retry. */
    private final AtomicBoolean refusing = new AtomicBoolean();

    AlertAppender(Journal journal) {
        this.journal = journal;
    }

    /** Completes once the alert is durable in the journal. */
    CompletableFuture<Void> append(GatewayAlert alert) {
        Waiting next = new Waiting(alert, new CompletableFuture<>());
        if (waiting.isEmpty() && refused.isEmpty()) {
            offer(next);
        } else {
            waiting.add(next); // keep the order behind those already waiting
        }
        return next.durable();
    }

    /** Offers the refused alerts again, oldest first. */
    void retry() {
        for (Waiting again = refused.poll(); again != null; again = refused.poll()) {
            waiting.add(again);
        }
        for (int n = waiting.size(); n > 0; n--) {
            offer(waiting.remove());
        }
    }

    int waiting() {
        return waiting.size() + refused.size();
    }

    private void offer(Waiting alert) {
        CompletableFuture<?> appended;
        try {
            appended = journal.append(JournalRecords.encode(alert.alert()), Optional.empty());
        } catch (RuntimeException e) {
            appended = CompletableFuture.failedFuture(e);
        }
        appended.whenComplete((entry, failure) -> {
            if (failure == null) {
                refusing.set(false);
                alert.durable().complete(null);
                return;
            }
            if (refusing.compareAndSet(false, true)) {
                LOG.error("gateway alert {} for pump {} cannot be journaled yet ({}); it waits and is retried, the"
                        + " entry it came from stays unreleased", alert.alert().kind(), alert.alert().pumpSerial(),
                        failure.getMessage());
            }
            refused.add(alert);
        });
    }
}
