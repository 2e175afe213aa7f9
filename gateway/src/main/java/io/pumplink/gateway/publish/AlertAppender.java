package io.pumplink.gateway.publish;

import io.pumplink.gateway.journal.Journal;
import io.pumplink.gateway.model.GatewayAlert;
import io.pumplink.gateway.store.JournalRecords;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Journals the gateway's alerts in the order they were concluded. An alert the journal refuses (full) is never
 * dropped: it goes back in line and is offered again by {@link #retry}, while the entry it came from stays
 * unreleased. Alerts are offered only when none is unresolved, all waiting ones at once in arrival order, so a
 * refusal cannot let a later alert overtake an earlier one (unless room appears in the middle of one batch; the
 * active-alarm book's id rule keeps the active set right even then). Called from the publish loop's thread; a
 * refusal comes back on the journal's writer thread, hence the concurrent queue.
 */
final class AlertAppender {
    private static final Logger LOG = LoggerFactory.getLogger(AlertAppender.class);

    private record Waiting(long arrival, GatewayAlert alert, CompletableFuture<Void> durable) {
    }

    private final Journal journal;
    private final PriorityBlockingQueue<Waiting> line = new PriorityBlockingQueue<>(16,
            Comparator.comparingLong(Waiting::arrival));
    private final AtomicInteger unresolved = new AtomicInteger();
    /** One log line per streak of refusals, not one per retry. */
    private final AtomicBoolean refusing = new AtomicBoolean();
    private long arrivals;

    AlertAppender(Journal journal) {
        this.journal = journal;
    }

    /** Completes once the alert is durable in the journal. */
    CompletableFuture<Void> append(GatewayAlert alert) {
        Waiting waiting = new Waiting(arrivals++, alert, new CompletableFuture<>());
        line.add(waiting);
        retry();
        return waiting.durable();
    }

    /** Offers every waiting alert, oldest first, unless an earlier offer is still unresolved. */
    void retry() {
        if (unresolved.get() > 0) {
            return;
        }
        List<Waiting> batch = new ArrayList<>();
        line.drainTo(batch);
        batch.sort(Comparator.comparingLong(Waiting::arrival));
        unresolved.addAndGet(batch.size());
        batch.forEach(this::offer);
    }

    /** Alerts not yet durable. */
    int waiting() {
        return line.size() + unresolved.get();
    }

    private void offer(Waiting waiting) {
        CompletableFuture<?> appended;
        try {
            appended = journal.append(JournalRecords.encode(waiting.alert()), Optional.empty());
        } catch (RuntimeException e) {
            appended = CompletableFuture.failedFuture(e);
        }
        appended.whenComplete((entry, failure) -> {
            if (failure == null) {
                refusing.set(false);
                unresolved.decrementAndGet();
                waiting.durable().complete(null);
                return;
            }
            if (refusing.compareAndSet(false, true)) {
                LOG.error("gateway alert {} for pump {} cannot be journaled yet ({}); it waits and is retried, the"
                        + " entry it came from stays unreleased", waiting.alert().kind(), waiting.alert().pumpSerial(),
                        failure.getMessage());
            }
            line.add(waiting);
            unresolved.decrementAndGet();
        });
    }
}
