package io.pumplink.gateway.mqtt;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Publications waiting to be sent and those sent but not yet acknowledged, never more of the latter than the
 * bound of the current connection (zero while there is none). Confined to the publisher's loop thread.
 */
final class Outbox {
    private final Deque<Pending> waiting = new ArrayDeque<>();
    private final Set<Pending> inFlight = new LinkedHashSet<>();
    private int bound;
    private int peakInFlight;

    /** A connection is up and allows {@code bound} unacknowledged publishes. */
    void open(int bound) {
        this.bound = bound;
    }

    void add(Pending pending) {
        waiting.addLast(pending);
    }

    /** Jumps the queue: the first thing a new connection sends. */
    void addFirst(Pending pending) {
        waiting.addFirst(pending);
    }

    /** The next publication to send, now counted in flight, or null when none waits or the bound is reached. */
    Pending nextToSend() {
        if (inFlight.size() >= bound || waiting.isEmpty()) {
            return null;
        }
        Pending next = waiting.removeFirst();
        inFlight.add(next);
        peakInFlight = Math.max(peakInFlight, inFlight.size());
        return next;
    }

    /** Undoes {@link #nextToSend()} for a publication that could not be handed to the connection. */
    void putBack(Pending pending) {
        inFlight.remove(pending);
        waiting.addFirst(pending);
    }

    /** Frees the slot of an acknowledged (or finally failed) publication; false if it was not in flight. */
    boolean complete(Pending pending) {
        return inFlight.remove(pending);
    }

    /**
     * The connection is gone and with it any chance of an acknowledgement: what was in flight goes back to
     * the head of the queue in its original order, to be resent after the reconnect.
     *
     * @return how many publications will be resent
     */
    int connectionLost() {
        bound = 0;
        waiting.removeIf(Pending::connectionScoped);
        List<Pending> resend = inFlight.stream()
                .filter(pending -> !pending.connectionScoped())
                .sorted(Comparator.comparingLong(Pending::sequence))
                .toList();
        inFlight.clear();
        for (int i = resend.size() - 1; i >= 0; i--) {
            waiting.addFirst(resend.get(i));
        }
        return resend.size();
    }

    /** Empties the outbox for good, returning everything that was in it. */
    List<Pending> clear() {
        List<Pending> all = new ArrayList<>(inFlight);
        all.addAll(waiting);
        inFlight.clear();
        waiting.clear();
        bound = 0;
        return all;
    }

    int waiting() {
        return waiting.size();
    }

    int inFlight() {
        return inFlight.size();
    }

    int bound() {
        return bound;
    }

    int peakInFlight() {
        return peakInFlight;
    }
}
