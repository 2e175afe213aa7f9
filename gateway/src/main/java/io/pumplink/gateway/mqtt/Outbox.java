package io.pumplink.gateway.mqtt;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Publications waiting to be sent and those sent but not yet acknowledged, never more of the latter than the
 * bound of the current connection (zero while there is none). Confined to the publisher's loop thread.
 *
 * <p>Two lanes wait: <b>events</b> (alarms, active sets, records, statuses of the gateway; never merged, first in
 * first out) are always sent before <b>latest</b> state (a pump's reservoir, flow, ...). While more than
 * {@code mergeAbove} publications wait in the latest lane (a backlog: the broker is slower than the programmers, not
 * just a burst), a newer publication to a topic replaces the one waiting for it (latest wins,
 * {@link #coalesced() counted}): a slow broker then gets the current state of every topic, not a backlog of old
 * ones. A replaced publication keeps its place in the lane, and its future completes with its replacement's.
 */
final class Outbox {
    private final int mergeAbove;
    private final Deque<Pending> events = new ArrayDeque<>();
    /** Keyed by topic when the publication may be replaced, by itself when it was added below the threshold. */
    private LinkedHashMap<Object, Pending> latest = new LinkedHashMap<>();
    private final Set<Pending> inFlight = new LinkedHashSet<>();
    private int bound;
    private int peakInFlight;
    private long coalesced;

    /** @param mergeAbove publications waiting in the latest lane beyond which newer ones replace older ones */
    Outbox(int mergeAbove) {
        if (mergeAbove < 0) {
            throw new IllegalArgumentException("mergeAbove must be >= 0: " + mergeAbove);
        }
        this.mergeAbove = mergeAbove;
    }

    /** A connection is up and allows {@code bound} unacknowledged publishes. */
    void open(int bound) {
        this.bound = bound;
    }

    void add(Pending pending) {
        if (pending.latestWins()) {
            Object key = latest.size() >= mergeAbove ? pending.publication().topic() : pending;
            Pending older = latest.put(key, pending);
            if (older != null) {
                supersede(older, pending);
            }
        } else {
            events.addLast(pending);
        }
    }

    /** Jumps the queue: the first thing a new connection sends. */
    void addFirst(Pending pending) {
        events.addFirst(pending);
    }

    /** The next publication to send, now counted in flight, or null when none waits or the bound is reached. */
    Pending nextToSend() {
        if (inFlight.size() >= bound) {
            return null;
        }
        Pending next = events.pollFirst();
        if (next == null && !latest.isEmpty()) {
            Iterator<Pending> oldest = latest.values().iterator();
            next = oldest.next();
            oldest.remove();
        }
        if (next != null) {
            inFlight.add(next);
            peakInFlight = Math.max(peakInFlight, inFlight.size());
        }
        return next;
    }

    /** Undoes {@link #nextToSend()} for a publication that could not be handed to the connection. */
    void putBack(Pending pending) {
        inFlight.remove(pending);
        returnToHead(List.of(pending));
    }

    /** Frees the slot of an acknowledged (or finally failed) publication; false if it was not in flight. */
    boolean complete(Pending pending) {
        return inFlight.remove(pending);
    }

    /**
     * The connection is gone and with it any chance of an acknowledgement: what was in flight goes back to
     * the head of its lane in its original order, to be resent after the reconnect (or replaced, in the latest
     * lane, by a newer publication already waiting for its topic).
     *
     * @return how many publications will be resent or replaced
     */
    int connectionLost() {
        bound = 0;
        events.removeIf(Pending::connectionScoped);
        List<Pending> resend = inFlight.stream()
                .filter(pending -> !pending.connectionScoped())
                .sorted(Comparator.comparingLong(Pending::sequence))
                .toList();
        inFlight.clear();
        returnToHead(resend);
        return resend.size();
    }

    /** Puts publications, in their order, ahead of those waiting in their lanes. */
    private void returnToHead(List<Pending> ordered) {
        LinkedHashMap<Object, Pending> head = new LinkedHashMap<>();
        for (int i = ordered.size() - 1; i >= 0; i--) {
            Pending pending = ordered.get(i);
            if (!pending.latestWins()) {
                events.addFirst(pending);
            }
        }
        for (Pending pending : ordered) {
            if (pending.latestWins()) {
                Pending newer = latest.get(pending.publication().topic());
                if (newer != null) {
                    supersede(pending, newer);
                } else {
                    head.put(pending, pending);
                }
            }
        }
        if (!head.isEmpty()) {
            head.putAll(latest);
            latest = head;
        }
    }

    /** {@code older} will not be sent: it is done when {@code newer} is. */
    private void supersede(Pending older, Pending newer) {
        coalesced++;
        newer.replace(older);
    }

    /** Empties the outbox for good, returning everything that was in it. */
    List<Pending> clear() {
        List<Pending> all = new ArrayList<>(inFlight);
        all.addAll(events);
        all.addAll(latest.values());
        inFlight.clear();
        events.clear();
        latest.clear();
        bound = 0;
        return all;
    }

    int waiting() {
        return events.size() + latest.size();
    }

    /** Events waiting and in flight: what a producer bounds before it adds more. */
    int eventsQueued() {
        return events.size() + inFlight.size();
    }

    /** Topics with a latest-state publication waiting. */
    int latestWaiting() {
        return latest.size();
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

    /** Latest-state publications replaced by a newer one before they were sent. */
    long coalesced() {
        return coalesced;
    }
}
