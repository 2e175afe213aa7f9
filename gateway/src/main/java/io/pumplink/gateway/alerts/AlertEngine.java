package io.pumplink.gateway.alerts;

import static io.pumplink.gateway.model.AlertKind.DAILY_DOSE_ABOVE_LIMIT;
import static io.pumplink.gateway.model.AlertKind.DOSE_INCREASE_LARGE;
import static io.pumplink.gateway.model.AlertKind.PUMP_CLOCK_DRIFT;
import static io.pumplink.gateway.model.AlertKind.PUMP_SILENT;
import static io.pumplink.gateway.model.AlertKind.REFILL_ACCURACY_OUT_OF_RANGE;
import static io.pumplink.gateway.model.AlertKind.REFILL_OVERDUE;
import static io.pumplink.gateway.model.AlertKind.RUNOUT_BEFORE_REFILL_DUE;
import static io.pumplink.gateway.model.AlertKind.THERAPY_INTERRUPTED;

import io.pumplink.gateway.model.AlertKind;
import io.pumplink.gateway.model.ClinicalSettings;
import io.pumplink.gateway.model.Derived;
import io.pumplink.gateway.model.GatewayAlert;
import io.pumplink.gateway.model.Interrogation;
import io.pumplink.gateway.model.Observation;
import io.pumplink.gateway.model.RoundSummary;
import io.pumplink.protocol.message.Alarm;
import io.pumplink.protocol.message.AlarmCode;
import io.pumplink.protocol.message.AlarmState;
import io.pumplink.protocol.message.Drug;
import io.pumplink.protocol.message.FlowMode;
import io.pumplink.protocol.message.LogEntry;
import io.pumplink.protocol.message.LogEvent;
import io.pumplink.protocol.message.Packet;
import io.pumplink.protocol.message.PumpMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The gateway's own clinical alerts (docs/clinical-alerts.md): raised and cleared from what the gateway sees, in
 * journal order, and from the gateway clock for the rules that depend on time passing. Each rule raises on
 * evidence and clears only on evidence: what is unknown (a state lost in a crash, a value the round did not carry)
 * never clears an alert. Returns the transitions; the caller journals and publishes them. Not thread-safe: the
 * publish loop owns it.
 */
public final class AlertEngine {
    private static final long MS_PER_DAY = 86_400_000L;
    private static final long MS_PER_SECOND = 1000;
    private static final long MS_PER_HOUR = 3_600_000L;
    /** THERAPY_INTERRUPTED detail bits, one per cause. */
    static final int CAUSE_STOPPED = 1;
    static final int CAUSE_MINIMUM_RATE = 2;
    static final int CAUSE_NO_DAILY_VOLUME = 4;
    static final int CAUSE_MOTOR_STALL = 8;
    static final int CAUSE_EMPTY_RESERVOIR = 16;

    private final ClinicalSettings settings;
    private final AlarmIds ids;
    private final Map<String, PumpWatch> pumps = new HashMap<>();

    public AlertEngine(ClinicalSettings settings, AlarmIds ids) {
        this.settings = settings;
        this.ids = ids;
    }

    /** One observation, in journal order, with what its round said when it ended a round. */
    public List<GatewayAlert> observe(Observation observation, Optional<RoundSummary> roundEnd) {
        List<GatewayAlert> out = new ArrayList<>();
        if (observation.inbound() instanceof Packet packet && packet.message() instanceof PumpMessage message
                && !message.pumpSerial().isEmpty() && observation.origin().receiveTimeMs().isPresent()) {
            long nowMs = observation.origin().receiveTimeMs().getAsLong();
            String pump = message.pumpSerial();
            PumpWatch watch = watch(pump);
            // entries read again after a restart are older than what the saved state may already know
            watch.lastHeardMs = watch.lastHeardMs == null ? nowMs : Math.max(watch.lastHeardMs, nowMs);
            clear(watch, PUMP_SILENT, nowMs, () -> "heard again: " + message.type(), out);
            if (message.statusSnapshot() && !packet.retransmit()) {
                clockDrift(pump, watch, message.tsMs() - nowMs, nowMs, out);
            }
            if (message instanceof Alarm alarm) {
                pumpAlarm(watch, alarm, nowMs);
                therapyInterrupted(pump, watch, nowMs, out);
            } else if (message instanceof LogEntry entry) {
                logEntry(pump, watch, entry, observation.derived(), nowMs, out);
            }
        }
        roundEnd.ifPresent(round -> round(round, out));
        return out;
    }

    /** An interrogation record closed: DOSE_INCREASE_LARGE is acknowledged by the next one without a further step. */
    public List<GatewayAlert> interrogation(Interrogation session, long nowMs) {
        List<GatewayAlert> out = new ArrayList<>();
        PumpWatch watch = pumps.get(session.pumpSerial());
        if (watch != null && session.complete() && watch.doseStepSessionId != null
                && watch.doseStepSessionId != session.sessionId()) {
            clear(watch, DOSE_INCREASE_LARGE, nowMs, () -> "acknowledged by interrogation "
                    + session.sessionId() + " without a further dose increase", out);
            watch.doseStepSessionId = null;
        }
        return out;
    }

    /** The rules that fire with time alone: PUMP_SILENT, REFILL_OVERDUE, a MOTOR_STALL that lasts. */
    public List<GatewayAlert> tick(long nowMs) {
        List<GatewayAlert> out = new ArrayList<>();
        pumps.forEach((pump, watch) -> {
            if (watch.lastHeardMs != null && nowMs - watch.lastHeardMs >= settings.pumpSilentAfter().toMillis()) {
                raise(pump, watch, PUMP_SILENT, nowMs, (int) ((nowMs - watch.lastHeardMs) / MS_PER_DAY),
                        () -> "no frame from the pump since " + Instant.ofEpochMilli(watch.lastHeardMs), out);
            }
            if (watch.refillByMs != null && nowMs >= watch.refillByMs) {
                raise(pump, watch, REFILL_OVERDUE, nowMs, (int) ((nowMs - watch.refillByMs) / MS_PER_DAY),
                        () -> "refill-by date " + Instant.ofEpochMilli(watch.refillByMs) + " has passed", out);
            }
            if (!watch.stallSinceMs.isEmpty()) {
                therapyInterrupted(pump, watch, nowMs, out);
            }
        });
        return out;
    }

    /** An alert known to be raised or cleared (active-alarm book, journal entries not yet released). */
    public void restore(GatewayAlert alert) {
        PumpWatch watch = watch(alert.pumpSerial());
        if (alert.raised()) {
            watch.active.put(alert.kind(), alert);
        } else {
            watch.active.computeIfPresent(alert.kind(), (kind, active) ->
                    active.alarmId() == alert.alarmId() ? null : active);
        }
    }

    /**
     * The pump alarms the active-alarm book holds (durable on every change), so that a stall or an empty reservoir
     * raised before a crash still counts; when it began comes from the saved state, else the alarm's own time.
     */
    public void restorePumpAlarms(String pump, List<Alarm> active) {
        PumpWatch watch = watch(pump);
        Map<Long, Long> stalls = new HashMap<>();
        Map<Long, Long> empties = new HashMap<>();
        for (Alarm alarm : active) {
            if (alarm.alarmCode() == AlarmCode.MOTOR_STALL.code()) {
                stalls.put(alarm.alarmId(), watch.stallSinceMs.getOrDefault(alarm.alarmId(), alarm.tsMs()));
            } else if (alarm.alarmCode() == AlarmCode.EMPTY_RESERVOIR.code()) {
                empties.put(alarm.alarmId(), watch.emptySinceMs.getOrDefault(alarm.alarmId(), alarm.tsMs()));
            }
        }
        watch.stallSinceMs = stalls;
        watch.emptySinceMs = empties;
    }

    /** The state to persist (active alerts excluded: see {@link PumpWatch}). */
    Map<String, PumpWatch> watches() {
        return pumps;
    }

    void load(Map<String, PumpWatch> saved) {
        saved.forEach((pump, watch) -> {
            watch.active = watch(pump).active;
            pumps.put(pump, watch);
        });
    }

    public List<GatewayAlert> active(String pump) {
        return Optional.ofNullable(pumps.get(pump)).map(w -> List.copyOf(w.active.values())).orElse(List.of());
    }

    private PumpWatch watch(String pump) {
        return pumps.computeIfAbsent(pump, p -> new PumpWatch());
    }

    private void clockDrift(String pump, PumpWatch watch, long offsetMs, long nowMs, List<GatewayAlert> out) {
        if (Math.abs(offsetMs) > settings.clockDriftAlert().toMillis()) {
            raise(pump, watch, PUMP_CLOCK_DRIFT, nowMs, (int) (offsetMs / MS_PER_SECOND), () -> "pump clock "
                    + offset(offsetMs) + " from the gateway's, limit " + span(settings.clockDriftAlert().toMillis()),
                    out);
        } else {
            clear(watch, PUMP_CLOCK_DRIFT, nowMs, () -> "pump clock " + offset(offsetMs)
                    + " from the gateway's", out);
        }
    }

    private static void pumpAlarm(PumpWatch watch, Alarm alarm, long nowMs) {
        Map<Long, Long> since = alarm.alarmCode() == AlarmCode.MOTOR_STALL.code() ? watch.stallSinceMs
                : alarm.alarmCode() == AlarmCode.EMPTY_RESERVOIR.code() ? watch.emptySinceMs : null;
        if (since == null) {
            return;
        }
        if (alarm.stateCode() == AlarmState.RAISED.code()) {
            since.putIfAbsent(alarm.alarmId(), nowMs);
        } else if (alarm.stateCode() == AlarmState.CLEARED.code()) {
            since.remove(alarm.alarmId());
        }
    }

    private void logEntry(String pump, PumpWatch watch, LogEntry entry, Derived derived, long nowMs,
                          List<GatewayAlert> out) {
        if (entry.eventCode() == LogEvent.REFILL.code() && entry.tsMs() > watch.lastRefillEntryTsMs) {
            watch.lastRefillEntryTsMs = entry.tsMs();
            refillSeen(watch, nowMs, "REFILL on " + Instant.ofEpochMilli(entry.tsMs()), out);
        } else if (derived instanceof Derived.RefillAccuracy accuracy && entry.tsMs() > watch.lastAccountingTsMs
                && accuracy.deviationPct().isPresent()) {
            watch.lastAccountingTsMs = entry.tsMs();
            refillAccuracy(pump, watch, entry, accuracy, nowMs, out);
        } else if (entry.eventCode() == LogEvent.DOSE_CHANGE.code() && entry.tsMs() > watch.lastDoseChangeTsMs) {
            watch.lastDoseChangeTsMs = entry.tsMs();
            doseChange(pump, watch, entry, nowMs, out);
        } else if (entry.eventCode() == LogEvent.CLOCK_SET.code() && entry.tsMs() > watch.lastClockSetTsMs) {
            watch.lastClockSetTsMs = entry.tsMs();
            long driftMs = entry.a() * MS_PER_SECOND;
            if (Math.abs(driftMs) > settings.clockDriftAlert().toMillis()) {
                raise(pump, watch, PUMP_CLOCK_DRIFT, nowMs, entry.a(), () -> "CLOCK_SET on "
                        + Instant.ofEpochMilli(entry.tsMs()) + ": the clock had drifted " + offset(driftMs)
                        + ", limit " + span(settings.clockDriftAlert().toMillis()), out);
            }
        }
    }

    private void refillAccuracy(String pump, PumpWatch watch, LogEntry entry, Derived.RefillAccuracy accuracy,
                                long nowMs, List<GatewayAlert> out) {
        double deviationPct = accuracy.deviationPct().getAsDouble();
        String reason = String.format(Locale.ROOT, "refill on %s: %d µL delivered where the pump counted %d µL"
                        + " (%+.1f %%, tolerance +-%.1f %%)", Instant.ofEpochMilli(entry.tsMs()),
                accuracy.actualDeliveredUl(), accuracy.expectedDeliveredUl(), deviationPct, accuracy.tolerancePct());
        if (accuracy.outOfRange()) {
            raise(pump, watch, REFILL_ACCURACY_OUT_OF_RANGE, nowMs, (int) Math.round(deviationPct * 10), () -> reason,
                    out);
        } else {
            clear(watch, REFILL_ACCURACY_OUT_OF_RANGE, nowMs, () -> reason, out);
        }
    }

    /** a = old rate nL/h, b = new rate nL/h: at one concentration the dose changes by the same ratio. */
    private void doseChange(String pump, PumpWatch watch, LogEntry entry, long nowMs, List<GatewayAlert> out) {
        long oldRate = entry.a();
        long newRate = entry.b();
        if (newRate <= oldRate) {
            return;
        }
        boolean fromZero = oldRate <= 0;
        double increasePct = fromZero ? Double.POSITIVE_INFINITY : (newRate - oldRate) * 100.0 / oldRate;
        boolean active = watch.active.containsKey(DOSE_INCREASE_LARGE);
        if (increasePct > settings.doseIncreaseAlertPct() || active) {
            watch.doseStepSessionId = entry.sessionId(); // a further step postpones the acknowledgement
        }
        if (increasePct > settings.doseIncreaseAlertPct()) {
            raise(pump, watch, DOSE_INCREASE_LARGE, nowMs, fromZero ? 0 : (int) Math.round(increasePct),
                    () -> String.format(Locale.ROOT, "DOSE_CHANGE on %s raised the rate from %d to %d nL/h (%s, limit"
                                    + " %.0f %%)", Instant.ofEpochMilli(entry.tsMs()), oldRate, newRate,
                            fromZero ? "from none" : String.format(Locale.ROOT, "+%.1f %%", increasePct),
                            settings.doseIncreaseAlertPct()), out);
        }
    }

    private static void refillSeen(PumpWatch watch, long nowMs, String what, List<GatewayAlert> out) {
        watch.refillByMs = null; // it belonged to the fill that just ended
        clear(watch, REFILL_OVERDUE, nowMs, () -> "refill seen: " + what, out);
    }

    private void round(RoundSummary round, List<GatewayAlert> out) {
        String pump = round.pumpSerial();
        PumpWatch watch = watch(pump);
        long nowMs = round.receiveTimeMs();
        if (round.lastRefillTsMs().isPresent()) {
            long fill = round.lastRefillTsMs().getAsLong();
            if (watch.fillTsMs != null && watch.fillTsMs != fill) {
                refillSeen(watch, nowMs, "last refill now " + Instant.ofEpochMilli(fill), out);
            }
            watch.fillTsMs = fill;
        }
        round.flowModeCode().ifPresent(mode -> watch.flowModeCode = mode);
        round.dailyVolumeNl().ifPresent(volume -> watch.dailyVolumeNl = volume);
        therapyInterrupted(pump, watch, nowMs, out);
        refillBy(pump, watch, round, nowMs, out);
        runout(pump, watch, round, nowMs, out);
        dailyDose(pump, watch, round, nowMs, out);
    }

    /** The refill-by date moves to the gateway clock with this round's offset, for the timer in {@link #tick}. */
    private void refillBy(String pump, PumpWatch watch, RoundSummary round, long nowMs, List<GatewayAlert> out) {
        if (round.refillByDateMs().isEmpty()) {
            return;
        }
        watch.refillByMs = round.refillByDateMs().getAsLong() - round.clockOffsetMs();
        String date = Instant.ofEpochMilli(round.refillByDateMs().getAsLong()).toString();
        if (nowMs >= watch.refillByMs) {
            raise(pump, watch, REFILL_OVERDUE, nowMs, (int) ((nowMs - watch.refillByMs) / MS_PER_DAY),
                    () -> "refill-by date " + date + " has passed", out);
        } else {
            clear(watch, REFILL_OVERDUE, nowMs, () -> "refill-by date now " + date, out);
        }
    }

    private void runout(String pump, PumpWatch watch, RoundSummary round, long nowMs, List<GatewayAlert> out) {
        if (round.dailyVolumeNl().isPresent() && round.dailyVolumeNl().getAsLong() == 0) {
            clear(watch, RUNOUT_BEFORE_REFILL_DUE, nowMs, () -> "the pump delivers nothing: no run-out", out);
            return;
        }
        if (round.lowThresholdDateMs().isEmpty() || round.nextRefillDueTsMs().isEmpty()) {
            return;
        }
        long lowMs = round.lowThresholdDateMs().getAsLong();
        long dueMs = round.nextRefillDueTsMs().getAsLong();
        String dates = "low-reservoir date " + Instant.ofEpochMilli(lowMs) + ", refill due "
                + Instant.ofEpochMilli(dueMs);
        if (lowMs < dueMs) {
            raise(pump, watch, RUNOUT_BEFORE_REFILL_DUE, nowMs, (int) -Math.floorDiv(lowMs - dueMs, MS_PER_DAY),
                    () -> dates, out);
        } else {
            clear(watch, RUNOUT_BEFORE_REFILL_DUE, nowMs, () -> dates, out);
        }
    }

    private void dailyDose(String pump, PumpWatch watch, RoundSummary round, long nowMs, List<GatewayAlert> out) {
        if (round.dailyDoseUgPerDay().isEmpty() || round.drugCode().isEmpty()) {
            return;
        }
        double doseUgPerDay = round.dailyDoseUgPerDay().getAsDouble();
        Optional<Drug> drug = Drug.of(round.drugCode().getAsInt());
        Optional<Double> limit = drug.flatMap(settings::dailyDoseLimitUgPerDay);
        String drugName = drug.map(d -> d.name().toLowerCase(Locale.ROOT))
                .orElse("drug " + round.drugCode().getAsInt());
        if (limit.isPresent() && doseUgPerDay > limit.get()) {
            raise(pump, watch, DAILY_DOSE_ABOVE_LIMIT, nowMs, (int) Math.round(doseUgPerDay), () -> String.format(
                    Locale.ROOT, "%.1f µg/day of %s, limit %s µg/day", doseUgPerDay, drugName, limit.get()), out);
        } else {
            clear(watch, DAILY_DOSE_ABOVE_LIMIT, nowMs, () -> String.format(Locale.ROOT, "%.1f µg/day of %s%s",
                    doseUgPerDay, drugName, limit.map(l -> ", limit " + l + " µg/day").orElse(", no limit")), out);
        }
    }

    /**
     * Raised while any cause holds; cleared only when the flow mode is known to deliver, the daily volume is not
     * known to be 0, and no stall or empty reservoir is active. A stall younger than stallAlertAfter changes nothing.
     */
    private void therapyInterrupted(String pump, PumpWatch watch, long nowMs, List<GatewayAlert> out) {
        int causes = 0;
        List<String> why = new ArrayList<>();
        if (watch.flowModeCode != null && watch.flowModeCode == FlowMode.STOPPED.code()) {
            causes |= CAUSE_STOPPED;
            why.add("flow mode STOPPED");
        }
        if (watch.flowModeCode != null && watch.flowModeCode == FlowMode.MINIMUM_RATE.code()) {
            causes |= CAUSE_MINIMUM_RATE;
            why.add("flow mode MINIMUM_RATE");
        }
        if (watch.dailyVolumeNl != null && watch.dailyVolumeNl == 0) {
            causes |= CAUSE_NO_DAILY_VOLUME;
            why.add("daily volume 0");
        }
        long stallAfterMs = settings.stallAlertAfter().toMillis();
        Optional<Long> longestStallMs = watch.stallSinceMs.values().stream().map(since -> nowMs - since)
                .max(Long::compare);
        if (longestStallMs.isPresent() && longestStallMs.get() >= stallAfterMs) {
            causes |= CAUSE_MOTOR_STALL;
            why.add("MOTOR_STALL for " + longestStallMs.get() / MS_PER_SECOND + " s");
        }
        if (!watch.emptySinceMs.isEmpty()) {
            causes |= CAUSE_EMPTY_RESERVOIR;
            why.add("EMPTY_RESERVOIR");
        }
        if (causes != 0) {
            raise(pump, watch, THERAPY_INTERRUPTED, nowMs, causes, () -> String.join("; ", why), out);
        } else if (watch.flowModeCode != null && FlowMode.of(watch.flowModeCode).isPresent()
                && watch.stallSinceMs.isEmpty()) {
            clear(watch, THERAPY_INTERRUPTED, nowMs, () -> "therapy delivered again: flow mode "
                    + FlowMode.of(watch.flowModeCode).map(Enum::name).orElse(String.valueOf(watch.flowModeCode)),
                    out);
        }
    }

    /** The reason is built only when the alert is raised: rules run on every frame, alerts change seldom. */
    private void raise(String pump, PumpWatch watch, AlertKind kind, long nowMs, int detail, Supplier<String> reason,
                       List<GatewayAlert> out) {
        if (!watch.active.containsKey(kind)) {
            GatewayAlert alert = new GatewayAlert(pump, kind, ids.next(), settings.priority(kind), AlarmState.RAISED,
                    nowMs, detail, reason.get());
            watch.active.put(kind, alert);
            out.add(alert);
        }
    }

    private static void clear(PumpWatch watch, AlertKind kind, long nowMs, Supplier<String> reason,
                              List<GatewayAlert> out) {
        GatewayAlert active = watch.active.remove(kind);
        if (active != null) {
            out.add(active.cleared(nowMs, reason.get()));
        }
    }

    /** A clock offset as a reader wants it: "+660 s", "-2.5 h", "+335.7 days". */
    private static String offset(long ms) {
        return (ms < 0 ? "-" : "+") + span(Math.abs(ms));
    }

    private static String span(long ms) {
        if (ms >= MS_PER_DAY) {
            return String.format(Locale.ROOT, "%.1f days", ms / (double) MS_PER_DAY);
        }
        return ms >= MS_PER_HOUR ? String.format(Locale.ROOT, "%.1f h", ms / (double) MS_PER_HOUR)
                : ms / MS_PER_SECOND + " s";
    }
}
