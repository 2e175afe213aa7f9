package io.pumplink.gateway.model;

import io.pumplink.protocol.message.Alarm;
import io.pumplink.protocol.message.BatteryStatus;
import io.pumplink.protocol.message.FlowStatus;
import io.pumplink.protocol.message.LogEntry;
import io.pumplink.protocol.message.Message;
import io.pumplink.protocol.message.Packet;
import io.pumplink.protocol.message.PumpIdentity;
import io.pumplink.protocol.message.PumpMessage;
import io.pumplink.protocol.message.ReservoirStatus;
import io.pumplink.protocol.message.SessionBegin;
import io.pumplink.protocol.message.SessionEnd;
import io.pumplink.protocol.message.TherapySummary;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Gathers the frames of interrogation sessions (ICD section 4: SESSION_BEGIN, identity, reservoir, flow,
 * [section 6: therapy summary,] battery, LOG_ENTRY × n, SESSION_END), requested or started at the programmer, into
 * {@link Interrogation}s, one open session per pump. A session the programmer never ends is closed by {@link #closeIdle}. Each accepted frame comes with the caller's token (the
 * journal sequence), and a closed session hands back the tokens of every frame it held, so the caller can
 * release them once the record is delivered. Not thread-safe.
 */
public final class SessionAssembler {
    /** What accepting an observation did: whether it belongs to a session, and a session it completed. */
    public record Outcome(boolean inSession, Optional<Interrogation> closed) {
        static final Outcome OUTSIDE = new Outcome(false, Optional.empty());
        static final Outcome HELD = new Outcome(true, Optional.empty());
    }

    private final Map<String, Open> openByPump = new LinkedHashMap<>();
    /** Sessions displaced by a later session's entries, handed out by the next {@link #closeIdle}. */
    private final List<Interrogation> displaced = new ArrayList<>();

    private static final class Open {
        final Origin origin;
        final String pumpSerial;
        final long sessionId;
        final long openedAtMs;
        long lastSeenMs;
        Optional<SessionBegin> begin = Optional.empty();
        Optional<Observation> identity = Optional.empty();
        Optional<Observation> reservoir = Optional.empty();
        Optional<Observation> flow = Optional.empty();
        Optional<Observation> therapy = Optional.empty();
        Optional<Observation> battery = Optional.empty();
        final TreeMap<Integer, Observation> entries = new TreeMap<>();
        final List<Alarm> alarms = new ArrayList<>();
        final List<Long> tokens = new ArrayList<>();

        Open(Origin origin, String pumpSerial, long sessionId, long nowMs) {
            this.origin = origin;
            this.pumpSerial = pumpSerial;
            this.sessionId = sessionId;
            this.openedAtMs = nowMs;
            this.lastSeenMs = nowMs;
        }

        Interrogation close(Optional<SessionEnd> end, String reason) {
            List<Integer> missing = new ArrayList<>();
            int expected = end.map(SessionEnd::entryCount).orElse(entries.isEmpty() ? 0 : entries.lastKey() + 1);
            for (int i = 0; i < expected; i++) {
                if (!entries.containsKey(i)) {
                    missing.add(i);
                }
            }
            return new Interrogation(origin, pumpSerial, sessionId, begin, end, identity, reservoir, flow, therapy,
                    battery, new ArrayList<>(entries.values()), alarms, missing, reason, tokens);
        }
    }

    /** @param nowMs the gateway clock (or the frame's receive time on replay), for idle detection */
    public Outcome accept(Observation observation, long token, long nowMs) {
        if (!(observation.inbound() instanceof Packet packet)) {
            return Outcome.OUTSIDE;
        }
        Message message = packet.message();
        if (message instanceof SessionBegin begin) {
            Open current = openByPump.get(begin.pumpSerial());
            if (current != null && current.sessionId == begin.sessionId()) {
                // a retransmitted SESSION_BEGIN overtaken by its own entries (or a repeat): the same session
                current.begin = Optional.of(begin);
                current.tokens.add(token);
                current.lastSeenMs = nowMs;
                return Outcome.HELD;
            }
            Optional<Interrogation> superseded = Optional.ofNullable(openByPump.remove(begin.pumpSerial()))
                    .map(open -> open.close(Optional.empty(), "superseded by session " + begin.sessionId()));
            Open open = new Open(observation.origin(), begin.pumpSerial(), begin.sessionId(), nowMs);
            open.begin = Optional.of(begin);
            open.tokens.add(token);
            openByPump.put(begin.pumpSerial(), open);
            return new Outcome(true, superseded);
        }
        if (message instanceof LogEntry entry) {
            Open open = openFor(observation, entry.pumpSerial(), entry.sessionId(), nowMs);
            open.entries.putIfAbsent(entry.index(), observation);
            open.tokens.add(token);
            return Outcome.HELD;
        }
        if (message instanceof SessionEnd end) {
            Open open = openFor(observation, end.pumpSerial(), end.sessionId(), nowMs);
            open.tokens.add(token);
            openByPump.remove(end.pumpSerial());
            return new Outcome(true, Optional.of(open.close(Optional.of(end), "session end")));
        }
        return snapshot(observation, message, token, nowMs);
    }

    /** Snapshot frames and alarms of a pump with an open session join it; otherwise they stand alone. */
    private Outcome snapshot(Observation observation, Message message, long token, long nowMs) {
        String pumpSerial = message instanceof PumpMessage pump ? pump.pumpSerial() : "";
        Open open = openByPump.get(pumpSerial);
        if (open == null) {
            return Outcome.OUTSIDE;
        }
        open.lastSeenMs = nowMs;
        if (message instanceof PumpIdentity) {
            open.identity = Optional.of(observation);
        } else if (message instanceof ReservoirStatus) {
            open.reservoir = Optional.of(observation);
        } else if (message instanceof FlowStatus) {
            open.flow = Optional.of(observation);
        } else if (message instanceof TherapySummary) {
            open.therapy = Optional.of(observation);
        } else if (message instanceof BatteryStatus) {
            open.battery = Optional.of(observation);
        } else if (message instanceof Alarm alarm) {
            open.alarms.add(alarm);
            return Outcome.OUTSIDE; // an alarm is published on its own at once; the record only mentions it
        } else {
            return Outcome.OUTSIDE;
        }
        open.tokens.add(token);
        return Outcome.HELD;
    }

    /**
     * The pump's open session, or a new one for entries whose SESSION_BEGIN never came. An open session of
     * another id is closed, never dropped: its held frames must be released with a record.
     */
    private Open openFor(Observation observation, String pumpSerial, long sessionId, long nowMs) {
        Open open = openByPump.get(pumpSerial);
        if (open == null || open.sessionId != sessionId) {
            if (open != null) {
                displaced.add(open.close(Optional.empty(), "superseded by session " + sessionId));
            }
            open = new Open(observation.origin(), pumpSerial, sessionId, nowMs);
            openByPump.put(pumpSerial, open);
        }
        open.lastSeenMs = nowMs;
        return open;
    }

    /**
     * Closes sessions that saw nothing for {@code idleMs} (the programmer went away mid-session), and hands out
     * sessions displaced by another session's entries since the last call.
     */
    public List<Interrogation> closeIdle(long nowMs, long idleMs) {
        List<Interrogation> closed = new ArrayList<>(displaced);
        displaced.clear();
        openByPump.values().removeIf(open -> {
            if (nowMs - open.lastSeenMs >= idleMs) {
                closed.add(open.close(Optional.empty(), "no SESSION_END within " + idleMs / 1000 + " s"));
                return true;
            }
            return false;
        });
        return closed;
    }

    public int openSessions() {
        return openByPump.size();
    }
}
