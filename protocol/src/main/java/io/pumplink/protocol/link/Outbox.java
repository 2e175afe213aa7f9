package io.pumplink.protocol.link;

import io.pumplink.protocol.message.Message;
import io.pumplink.protocol.message.Packet;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One side's outgoing frames, in order, kept across link loss: a reliable frame stays until the peer ACKs it
 * (ICD section 3), never discarded. At most {@code window} reliable frames are in flight; a frame waits behind
 * an earlier one so the peer sees them in order (an interrogation's frames stay together).
 * Not thread-safe: owned by one thread (the programmer's executor, or the gateway link's event loop).
 */
public final class Outbox {
    /** ICD section 3: up to 8 unacknowledged reliable frames in flight. */
    public static final int ICD_WINDOW = 8;
    /** ICD section 3: retransmit after 500 ms without ACK. */
    public static final long ICD_RETRANSMIT_NANOS = 500_000_000L;

    private final int window;
    private final long retransmitNanos;
    private final Deque<Message> queued = new ArrayDeque<>();
    private final Map<Integer, InFlight> inFlight = new LinkedHashMap<>();

    private record InFlight(Packet packet, long sentNanos) {
    }

    public Outbox(int window, long retransmitNanos) {
        if (window < 1) {
            throw new IllegalArgumentException("window must be >= 1: " + window);
        }
        if (retransmitNanos <= 0) {
            throw new IllegalArgumentException("retransmitNanos must be > 0: " + retransmitNanos);
        }
        this.window = window;
        this.retransmitNanos = retransmitNanos;
    }

    public void enqueue(Message message) {
        queued.addLast(message);
    }

    /**
     * Takes the queued frames that may go now, numbering each with the next seq. Stops at the first reliable
     * frame that finds the window full.
     */
    public List<Packet> take(SeqCounter seq, long nowNanos) {
        List<Packet> out = new ArrayList<>();
        while (!queued.isEmpty()) {
            Message next = queued.peekFirst();
            if (next.type().reliable() && inFlight.size() >= window) {
                break;
            }
            queued.removeFirst();
            Packet packet = Packet.of(seq.next(), next);
            if (packet.reliable()) {
                inFlight.put(packet.seq(), new InFlight(packet, nowNanos));
            }
            out.add(packet);
        }
        return out;
    }

    /** @return whether {@code seq} was in flight */
    public boolean ack(int seq) {
        return inFlight.remove(seq) != null;
    }

    /** Gives up on a frame the gateway refused (NAK 1-3): sending it again cannot succeed. */
    public Packet refuse(int seq) {
        InFlight refused = inFlight.remove(seq);
        return refused == null ? null : refused.packet();
    }

    /**
     * Takes back a frame whose sender gave up on it (a request its requester was told had failed): a queued one is
     * never sent, an in-flight one is no longer retransmitted. Data frames are never withdrawn.
     */
    public void withdraw(Message message) {
        queued.remove(message);
        inFlight.values().removeIf(entry -> entry.packet().message().equals(message));
    }

    /** In-flight frames unacknowledged for the retransmit time, marked RETRANSMIT and re-timed. */
    public List<Packet> dueForRetransmit(long nowNanos) {
        return resend(entry -> nowNanos - entry.sentNanos >= retransmitNanos, nowNanos);
    }

    /** Every in-flight frame, marked RETRANSMIT: after the gateway (re)acknowledged our HELLO. */
    public List<Packet> retransmitAll(long nowNanos) {
        return resend(entry -> true, nowNanos);
    }

    private List<Packet> resend(java.util.function.Predicate<InFlight> due, long nowNanos) {
        List<Packet> out = new ArrayList<>();
        for (Map.Entry<Integer, InFlight> entry : inFlight.entrySet()) {
            if (due.test(entry.getValue())) {
                Packet again = entry.getValue().packet().asRetransmit();
                entry.setValue(new InFlight(again, nowNanos));
                out.add(again);
            }
        }
        return out;
    }

    public int inFlightCount() {
        return inFlight.size();
    }

    public int queuedCount() {
        return queued.size();
    }
}
