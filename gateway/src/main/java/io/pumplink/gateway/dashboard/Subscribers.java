package io.pumplink.gateway.dashboard;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The feed's clients, each with a bounded queue of event frames. Every frame goes to every client in the order
 * offered; a client whose queue is full (a slow or stalled browser) is dropped rather than waited for. No client
 * code runs in here: {@link #offer} hands back the callbacks due as a {@link Delivery}, to be run once the caller
 * has let go of its own lock. Thread-safe.
 */
final class Subscribers {
    private static final Logger LOG = LoggerFactory.getLogger(Subscribers.class);

    private final int queueSize;
    private final List<Subscription> all = new ArrayList<>();
    private long dropped;

    /** @param queueSize events a client may have waiting before it is dropped */
    Subscribers(int queueSize) {
        if (queueSize < 2) {
            throw new IllegalArgumentException("clientQueue must be at least 2: " + queueSize);
        }
        this.queueSize = queueSize;
    }

    /** A new client whose queue starts with {@code first}; signal it once the caller's lock is released. */
    synchronized Subscription add(String first, Executor executor, Runnable wake, Runnable droppedCallback) {
        Subscription subscription = new Subscription(this, queueSize, executor, wake, droppedCallback);
        subscription.offer(first);
        all.add(subscription);
        return subscription;
    }

    /** Queues the frame (made only if someone listens) for every client, dropping those with a full queue. */
    synchronized Delivery offer(Supplier<String> frame) {
        if (all.isEmpty()) {
            return Delivery.NONE;
        }
        String text = frame.get();
        List<Subscription> woken = new ArrayList<>(all.size());
        List<Subscription> slow = new ArrayList<>();
        for (Subscription subscription : all) {
            (subscription.offer(text) ? woken : slow).add(subscription);
        }
        for (Subscription subscription : slow) {
            drop(subscription);
            LOG.warn("dashboard client dropped: {} events behind", queueSize);
        }
        return new Delivery(woken, slow);
    }

    /** The client gets nothing more and counts as dropped; false when it had already gone. */
    synchronized boolean drop(Subscription subscription) {
        if (!all.remove(subscription)) {
            return false;
        }
        dropped++;
        subscription.end();
        return true;
    }

    synchronized void remove(Subscription subscription) {
        all.remove(subscription);
    }

    synchronized int size() {
        return all.size();
    }

    /** Clients dropped since start, for falling behind or for a callback that threw. */
    synchronized long dropped() {
        return dropped;
    }

    synchronized void closeAll() {
        all.forEach(Subscription::end);
        all.clear();
    }

    /** The callbacks a frame calls for: run it after releasing any lock held while offering. */
    record Delivery(List<Subscription> woken, List<Subscription> dropped) {
        static final Delivery NONE = new Delivery(List.of(), List.of());

        void run() {
            woken.forEach(Subscription::signal);
            dropped.forEach(Subscription::signalDropped);
        }
    }
}
