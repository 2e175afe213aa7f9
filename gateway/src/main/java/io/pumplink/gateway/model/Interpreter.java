package io.pumplink.gateway.model;

import io.pumplink.protocol.message.Alarm;
import io.pumplink.protocol.message.FlowStatus;
import io.pumplink.protocol.message.Inbound;
import io.pumplink.protocol.message.LogEntry;
import io.pumplink.protocol.message.LogEvent;
import io.pumplink.protocol.message.Message;
import io.pumplink.protocol.message.Packet;
import io.pumplink.protocol.message.PumpMessage;
import io.pumplink.protocol.message.ReservoirStatus;
import io.pumplink.protocol.message.TherapySummary;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.function.Predicate;

/**
 * Turns received frames into {@link Observation}s with their derived values, in arrival order. A pump's
 * RESERVOIR_STATUS, FLOW_STATUS and (PTL 1.1) THERAPY_SUMMARY form one round (ICD section 6: projections use the
 * three of one session or streaming round), so they are held until the round is complete (FLOW_STATUS from a 1.0
 * programmer, THERAPY_SUMMARY from a 1.1 one), until another frame of that pump ends it, or until
 * {@link #flushRounds} finds it waited too long; then all three are handed out together, still in arrival order.
 * Alarms are never held. Remembers per pump the low-threshold crossing of the current fill and the last REFILL
 * entry (for REFILL_ACCOUNTING). Not thread-safe: one instance per consumer thread.
 */
public final class Interpreter {
    /**
     * An observation and the caller's token (the journal sequence) of the frame it came from; the last item of a
     * round also carries what the round says about the pump's therapy.
     */
    public record Item(Observation observation, long token, Optional<RoundSummary> roundEnd) {
        Item(Observation observation, long token) {
            this(observation, token, Optional.empty());
        }
    }

    private final Clinical clinical;
    private final Map<String, OpenRound> roundsByPump = new LinkedHashMap<>();
    private final Map<String, ThresholdCrossing> crossingByPump = new HashMap<>();
    private final Map<String, LogEntry> lastRefillByPump = new HashMap<>();

    public Interpreter(ClinicalSettings settings) {
        this.clinical = new Clinical(settings);
    }

    private record Held(Origin origin, Packet packet, long token) {
    }

    /** RESERVOIR_STATUS, then FLOW_STATUS, then THERAPY_SUMMARY: a type at or before the last one starts a new round. */
    private static final class OpenRound {
        final List<Held> frames = new ArrayList<>();
        final long openedAtMs;
        int lastRank = -1;

        OpenRound(long openedAtMs) {
            this.openedAtMs = openedAtMs;
        }

        StatusRound round() {
            return new StatusRound(find(ReservoirStatus.class), find(FlowStatus.class), find(TherapySummary.class));
        }

        private <M extends Message> Optional<M> find(Class<M> type) {
            return frames.stream().map(held -> held.packet().message()).filter(type::isInstance).map(type::cast)
                    .findFirst();
        }
    }

    /** @param nowMs the gateway clock (or the frame's receive time on replay), for {@link #flushRounds} */
    public List<Item> accept(Origin origin, Inbound inbound, long token, long nowMs) {
        List<Item> out = new ArrayList<>();
        if (!(inbound instanceof Packet packet) || !(packet.message() instanceof PumpMessage pump)) {
            out.add(new Item(new Observation(origin, inbound, Derived.NONE), token));
            return out;
        }
        int rank = roundRank(pump);
        String serial = pump.pumpSerial();
        OpenRound open = roundsByPump.get(serial);
        if (open != null && !(pump instanceof Alarm) && (rank < 0 || rank <= open.lastRank)) {
            close(serial, out);
            open = null;
        }
        if (rank < 0) {
            out.add(new Item(new Observation(origin, packet, derive(pump)), token));
            return out;
        }
        if (open == null) {
            open = new OpenRound(nowMs);
            roundsByPump.put(serial, open);
        }
        open.frames.add(new Held(origin, packet, token));
        open.lastRank = rank;
        if (pump instanceof TherapySummary || pump instanceof FlowStatus && !origin.sendsTherapySummary()) {
            close(serial, out);
        }
        return out;
    }

    /** Hands out rounds that waited at least {@code waitMs} for their last frame (it was lost, or never comes). */
    public List<Item> flushRounds(long nowMs, long waitMs) {
        return flush(round -> nowMs - round.openedAtMs >= waitMs);
    }

    /** Hands out every held round (end of input). */
    public List<Item> flushAll() {
        return flush(round -> true);
    }

    private List<Item> flush(Predicate<OpenRound> due) {
        List<Item> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, OpenRound>> it = roundsByPump.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, OpenRound> round = it.next();
            if (due.test(round.getValue())) {
                it.remove();
                emit(round.getKey(), round.getValue(), out);
            }
        }
        return out;
    }

    public int heldRounds() {
        return roundsByPump.size();
    }

    /** The remembered threshold crossings, to persist across restarts. */
    public Map<String, ThresholdCrossing> crossings() {
        return Map.copyOf(crossingByPump);
    }

    public void restore(Map<String, ThresholdCrossing> crossings) {
        crossingByPump.putAll(crossings);
    }

    private static int roundRank(PumpMessage message) {
        return message instanceof ReservoirStatus ? 0 : message instanceof FlowStatus ? 1
                : message instanceof TherapySummary ? 2 : -1;
    }

    private void close(String serial, List<Item> out) {
        emit(serial, roundsByPump.remove(serial), out);
    }

    private void emit(String serial, OpenRound open, List<Item> out) {
        StatusRound round = open.round();
        Optional<Derived.Reservoir> projection = Optional.empty();
        Optional<Derived.Flow> dose = Optional.empty();
        for (Held held : open.frames) {
            Message message = held.packet().message();
            Derived derived;
            if (message instanceof ReservoirStatus reservoir) {
                Clinical.Projection projected = clinical.reservoir(reservoir, round,
                        Optional.ofNullable(crossingByPump.get(serial)));
                projected.crossing().ifPresentOrElse(c -> crossingByPump.put(serial, c),
                        () -> crossingByPump.remove(serial));
                projection = Optional.of(projected.derived());
                derived = projected.derived();
            } else if (message instanceof FlowStatus flow) {
                dose = Optional.of(clinical.flow(flow, round));
                derived = dose.get();
            } else {
                derived = clinical.therapy((TherapySummary) message, round);
            }
            out.add(new Item(new Observation(held.origin(), held.packet(), derived), held.token()));
        }
        Held first = open.frames.get(0);
        Held last = open.frames.get(open.frames.size() - 1);
        RoundSummary summary = summary(serial, round, ((PumpMessage) first.packet().message()).tsMs(),
                last.origin().receiveTimeMs().orElse(0), projection, dose);
        Item end = out.remove(out.size() - 1);
        out.add(new Item(end.observation(), end.token(), Optional.of(summary)));
    }

    private static RoundSummary summary(String serial, StatusRound round, long deviceTsMs, long receiveTimeMs,
                                        Optional<Derived.Reservoir> projection, Optional<Derived.Flow> dose) {
        Clinical.DailyVolume volume = Clinical.dailyVolume(round);
        int drug = round.therapy().map(TherapySummary::drugCode).filter(code -> code != 0)
                .or(() -> round.reservoir().map(ReservoirStatus::drugCode)).orElse(0);
        OptionalDouble dailyDose = dose.map(Derived.Flow::dailyDoseUgPerDay).orElseGet(() ->
                Clinical.dailyDoseUgPerDay(round, volume, Clinical.concentrationUgPerMl(round)));
        long due = round.therapy().map(TherapySummary::nextRefillDueTsMs).orElse(0L);
        return new RoundSummary(serial, deviceTsMs, receiveTimeMs,
                round.flow().map(flow -> OptionalInt.of(flow.modeCode())).orElse(OptionalInt.empty()),
                volume.nl(), drug == 0 ? OptionalInt.empty() : OptionalInt.of(drug), dailyDose,
                projection.map(Derived.Reservoir::lowThresholdDateMs).orElse(OptionalLong.empty()),
                projection.map(Derived.Reservoir::refillByDateMs).orElse(OptionalLong.empty()),
                due == 0 ? OptionalLong.empty() : OptionalLong.of(due),
                round.reservoir().map(r -> OptionalLong.of(r.lastRefillTsMs())).orElse(OptionalLong.empty()));
    }

    private Derived derive(PumpMessage message) {
        if (!(message instanceof LogEntry entry)) {
            return Derived.NONE;
        }
        if (entry.eventCode() == LogEvent.REFILL.code()) {
            lastRefillByPump.put(entry.pumpSerial(), entry);
            return Clinical.refill(entry);
        }
        if (entry.eventCode() == LogEvent.REFILL_ACCOUNTING.code()) {
            LogEntry refill = lastRefillByPump.get(entry.pumpSerial());
            // ICD section 6: written right after its REFILL, at the next index of the same session
            if (refill != null && refill.sessionId() == entry.sessionId() && refill.index() + 1 == entry.index()) {
                return clinical.refillAccuracy(refill, entry);
            }
        }
        return Derived.NONE;
    }
}
