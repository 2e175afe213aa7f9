package io.pumplink.emulator.pump;

import static io.pumplink.protocol.message.AlarmCode.BATTERY_EOS;
import static io.pumplink.protocol.message.AlarmCode.BATTERY_ERI;
import static io.pumplink.protocol.message.AlarmCode.CRITICAL_MEMORY_ERROR;
import static io.pumplink.protocol.message.AlarmCode.EMPTY_RESERVOIR;
import static io.pumplink.protocol.message.AlarmCode.LOW_RESERVOIR;
import static io.pumplink.protocol.message.AlarmCode.MOTOR_STALL;
import static io.pumplink.protocol.message.AlarmCode.MOTOR_STALL_RECOVERED;
import static io.pumplink.protocol.message.AlarmCode.PUMP_RESET;

import io.pumplink.emulator.pump.PumpEvent.AlarmCleared;
import io.pumplink.emulator.pump.PumpEvent.AlarmRaised;
import io.pumplink.emulator.pump.PumpEvent.LogAppended;
import io.pumplink.protocol.message.Alarm;
import io.pumplink.protocol.message.AlarmCode;
import io.pumplink.protocol.message.AlarmPriority;
import io.pumplink.protocol.message.BatteryStatus;
import io.pumplink.protocol.message.FlowMode;
import io.pumplink.protocol.message.FlowStatus;
import io.pumplink.protocol.message.LogEvent;
import io.pumplink.protocol.message.PumpIdentity;
import io.pumplink.protocol.message.ReservoirStatus;
import io.pumplink.protocol.message.TherapySummary;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * A simulated implanted intrathecal pump: reservoir, basal and bolus delivery, battery, alarms and event log.
 *
 * <p>Deterministic: the state depends only on the config and the calls made. Time is simulated epoch ms and
 * moves only through {@link #advanceTo}, which computes every event instant exactly (delivery is integer
 * nanolitres with the sub-nanolitre remainder carried), so advancing in any number of steps gives the same events
 * and state as advancing at once. The reservoir starts consistent with the config's last refill; what the pump
 * reports of it is its own count, which may differ from what is physically there (see {@link Reservoir}).
 *
 * <p>Timestamps: snapshots, alarms and log entries carry the pump clock, i.e. simulated time plus the offset
 * {@link #setClock} accumulates; the flex schedule also follows the pump clock. Battery wear, stall ends and
 * one-minute alarm clears follow simulated time. Actions apply at the model's current time (advance first) and
 * return the events they cause at that instant. Conditions already true at the start (a reservoir at or below
 * its threshold, a battery at ERI) are reported by the first {@link #advanceTo} or action. Not thread-safe: one
 * owner drives it.
 */
public final class PumpModel {
    /** MOTOR_STALL_RECOVERED clears itself after one simulated minute. */
    private static final long AUTO_CLEAR_DELAY_MS = Units.MS_PER_MINUTE;
    /** Segments of at most a day keep rate × time far below long overflow. */
    private static final long MAX_SEGMENT_MS = Units.MS_PER_DAY;
    private static final long MAX_BOLUS_DURATION_MIN = 7L * Units.MINUTES_PER_DAY;
    private static final long MAX_STALL_MS = 365L * Units.MS_PER_DAY;
    /** THERAPY_SUMMARY.daily_volume_nl is a u32: over 4.29 L/day, possible only with absurd rates, saturates. */
    private static final long U32_MAX = 0xFFFF_FFFFL;
    private static final long NL_PER_ML = 1_000_000;
    private static final Set<FlowMode> BOLUS_KINDS =
            EnumSet.of(FlowMode.BRIDGE_BOLUS, FlowMode.CLINICIAN_BOLUS, FlowMode.PATIENT_BOLUS);

    private final PumpConfig config;
    private final Reservoir reservoir;
    private final Infusion infusion = new Infusion();
    private final Battery battery;
    private final AlarmBook alarms;
    private final EventLog log;
    private Therapy therapy;
    private long nowSimMs;
    private long clockOffsetMs;
    /** The motor stall in progress, or null. */
    private Stall stall;

    private record Stall(long startSimMs, long endSimMs) {
    }

    /** @param startMs simulated time (and pump clock) at the start, at or after the config's last refill */
    public PumpModel(PumpConfig config, long startMs) {
        this.config = Objects.requireNonNull(config, "config");
        this.nowSimMs = Require.nonNegative("startMs", startMs);
        Require.that(config.lastRefill().tsMs() <= startMs, "lastRefill.tsMs %d is after startMs %d"
                .formatted(config.lastRefill().tsMs(), startMs));
        this.therapy = config.therapy();
        this.reservoir = Reservoir.atStart(config, therapy, startMs);
        this.battery = new Battery(startMs, config.batteryDaysToEri(), config.batteryDaysEriToEos());
        this.alarms = new AlarmBook(config.serial());
        this.log = new EventLog(config.logCapacity());
    }

    public PumpConfig config() {
        return config;
    }

    /** The model's current simulated time, epoch ms. */
    public long simMs() {
        return nowSimMs;
    }

    /** The pump's own clock: simulated time plus the offset set with {@link #setClock}. */
    public long pumpClockMs() {
        return nowSimMs + clockOffsetMs;
    }

    /** Integrates delivery up to {@code simMs} and returns what happened on the way, oldest first. */
    public List<PumpEvent> advanceTo(long simMs) {
        if (simMs < nowSimMs) {
            throw new IllegalArgumentException("simMs %d is before the model's time %d".formatted(simMs, nowSimMs));
        }
        List<PumpEvent> out = new ArrayList<>();
        fireDue(out);
        while (nowSimMs < simMs) {
            long stopSimMs = nextReservoirLevelSimMs(Math.min(simMs, nextBreakpointSimMs()));
            if (motorDelivers()) {
                reservoir.take(infusion.run(basalRateNlPerHour(), stopSimMs - nowSimMs));
            }
            nowSimMs = stopSimMs;
            fireDue(out);
        }
        return out;
    }

    public PumpIdentity identity() {
        return new PumpIdentity(pumpClockMs(), config.serial(), config.modelCode(), config.reservoirCapacityUl(),
                config.pumpFw(), config.implantDateDays(), config.catheterVolumeUl());
    }

    public ReservoirStatus reservoir() {
        return new ReservoirStatus(pumpClockMs(), config.serial(), reservoir.volumeUl(), config.lowAlarmThresholdUl(),
                config.drugCode(), config.concentrationUgPerMl(), reservoir.lastRefillTsMs());
    }

    /** Mode is the bolus kind while a bolus runs; the rate is the programmed basal rate, also during a stall. */
    public FlowStatus flow() {
        long pumpMs = pumpClockMs();
        Optional<Bolus> bolus = infusion.runningBolus();
        return new FlowStatus(pumpMs, config.serial(), bolus.map(Bolus::kind).orElse(therapy.mode()).code(),
                therapy.basalRateNlPerHour(pumpMs), bolus.map(Bolus::remainingUl).orElse(0L),
                reservoir.countedSinceRefillUl(), therapy.stepIndex(pumpMs), therapy.stepCount());
    }

    /**
     * What the current prescription delivers in a day (ICD section 6): boluses, stalls and an empty reservoir
     * aside; at MINIMUM_RATE what the pump now delivers. The dose is unknown when the concentration is.
     */
    public TherapySummary therapySummary() {
        long dailyVolumeNl = Math.min(therapy.dailyVolumeNl(), U32_MAX);
        long concentrationUgPerMl = config.concentrationUgPerMl();
        // nL × µg/mL / 10^6 = µg; below 2^63 as both factors fit their u32/i32 fields
        long dailyDoseUg = concentrationUgPerMl == 0 ? TherapySummary.DAILY_DOSE_UNKNOWN
                : Math.min((dailyVolumeNl * concentrationUgPerMl + NL_PER_ML / 2) / NL_PER_ML,
                        TherapySummary.DAILY_DOSE_UNKNOWN - 1);
        return new TherapySummary(pumpClockMs(), config.serial(), config.drugCode(), concentrationUgPerMl,
                dailyVolumeNl, dailyDoseUg, reservoir.nextRefillDueTsMs());
    }

    public BatteryStatus battery() {
        return new BatteryStatus(pumpClockMs(), config.serial(), battery.voltageMv(nowSimMs),
                battery.state(nowSimMs).code(), battery.daysToEri(nowSimMs));
    }

    /** Raised and not yet cleared, oldest first. */
    public List<Alarm> activeAlarms() {
        return alarms.active();
    }

    /** Log entries appended since the previous call, oldest first; at most logCapacity, the oldest dropped. */
    public List<LogRecord> takeLogSinceLastInterrogation() {
        return log.takeAll();
    }

    /**
     * Refills the reservoir to {@code newVolumeUl}: REFILL logs the pump's expected residual, the measured one
     * (what the clinician aspirated: {@code measuredResidualUl}, else what is physically left) and the new volume.
     * With {@code logsRefillAccounting}, REFILL_ACCOUNTING follows: the volume counted as delivered since the
     * previous refill, the volume that refill filled, and the whole hours since it. The next refill is due
     * {@code nextRefillDueInMs} later, else as {@link Reservoir#refill} says. Clears LOW and EMPTY (raised again if
     * still due).
     */
    public List<PumpEvent> refill(long newVolumeUl, OptionalLong measuredResidualUl, OptionalLong nextRefillDueInMs) {
        Require.range("newVolumeUl", newVolumeUl, 0, config.reservoirCapacityUl());
        nextRefillDueInMs.ifPresent(dueInMs -> Require.nonNegative("nextRefillDueInMs", dueInMs));
        long expectedResidualUl = reservoir.volumeUl();
        long measuredUl = measuredResidualUl.isPresent()
                ? Require.range("measuredResidualUl", measuredResidualUl.getAsLong(), 0, Integer.MAX_VALUE)
                : reservoir.physicalVolumeUl();
        long countedUl = reservoir.countedSinceRefillUl();
        long previousVolumeAfterUl = reservoir.volumeAfterRefillUl();
        long hoursSincePrevious = Math.max(0, pumpClockMs() - reservoir.lastRefillTsMs()) / Units.MS_PER_HOUR;
        List<PumpEvent> out = new ArrayList<>();
        reservoir.refill(newVolumeUl * Units.NL_PER_UL, pumpClockMs(), nextRefillDueInMs);
        appendLog(LogEvent.REFILL, expectedResidualUl, measuredUl, newVolumeUl, out);
        if (config.logsRefillAccounting()) {
            appendLog(LogEvent.REFILL_ACCOUNTING, countedUl, previousVolumeAfterUl, hoursSincePrevious, out);
        }
        clear(LOW_RESERVOIR, out);
        clear(EMPTY_RESERVOIR, out);
        fireDue(out);
        return out;
    }

    /** Programs continuous delivery at {@code newRateNlPerHour}; from another mode this is also a MODE_CHANGE. */
    public List<PumpEvent> changeRate(long newRateNlPerHour) {
        Therapy next = Therapy.continuous(newRateNlPerHour);
        List<PumpEvent> out = new ArrayList<>();
        long oldRateNlPerHour = basalRateNlPerHour();
        if (therapy.mode() != FlowMode.CONTINUOUS) {
            appendLog(LogEvent.MODE_CHANGE, therapy.mode().code(), FlowMode.CONTINUOUS.code(), 0, out);
        }
        appendLog(LogEvent.DOSE_CHANGE, oldRateNlPerHour, newRateNlPerHour, config.concentrationUgPerMl(), out);
        program(next, out);
        fireDue(out);
        return out;
    }

    /**
     * Switches the basal mode: 0 STOPPED (also cancels a running bolus), 1 CONTINUOUS at the last programmed
     * continuous rate, 2 FLEX_SCHEDULE with {@code steps}, 6 MINIMUM_RATE. {@code steps} is empty for all but 2.
     */
    public List<PumpEvent> changeMode(int modeCode, List<FlexStep> steps) {
        Therapy next = Therapy.of("modeCode", modeCode, therapy.continuousRateNlPerHour(), "steps",
                List.copyOf(Objects.requireNonNull(steps, "steps")));
        List<PumpEvent> out = new ArrayList<>();
        appendLog(LogEvent.MODE_CHANGE, therapy.mode().code(), next.mode().code(), 0, out);
        if (next.mode() == FlowMode.STOPPED) {
            infusion.cancelBolus();
        }
        program(next, out);
        fireDue(out);
        return out;
    }

    /**
     * Delivers {@code volumeUl} evenly over {@code durationMin} on top of the basal rate. Rejected (illegal state)
     * while another bolus runs, while STOPPED and while the reservoir is empty; a stall pauses it, emptying
     * the reservoir or a reset cancels it.
     */
    public List<PumpEvent> bolus(long volumeUl, int durationMin, int kindModeCode) {
        FlowMode kind = FlowMode.of(kindModeCode).filter(BOLUS_KINDS::contains).orElseThrow(() ->
                new IllegalArgumentException("kindModeCode " + kindModeCode
                        + " is not a bolus kind (3 BRIDGE_BOLUS, 4 CLINICIAN_BOLUS, 5 PATIENT_BOLUS)"));
        Require.range("volumeUl", volumeUl, 1, config.reservoirCapacityUl());
        Require.range("durationMin", durationMin, 1, MAX_BOLUS_DURATION_MIN);
        requireState(infusion.runningBolus().isEmpty(), "a bolus is already running");
        requireState(therapy.mode() != FlowMode.STOPPED, "the pump is stopped");
        requireState(!reservoir.empty(), "the reservoir is empty");
        infusion.startBolus(new Bolus(volumeUl * Units.NL_PER_UL, durationMin * Units.MS_PER_MINUTE, kind));
        List<PumpEvent> out = new ArrayList<>();
        appendLog(LogEvent.BOLUS, volumeUl, durationMin, kind.code(), out);
        fireDue(out);
        return out;
    }

    /**
     * Stalls the motor for {@code durationMs}: nothing is delivered meanwhile. MOTOR_STALL is raised now and
     * cleared at the end, when MOTOR_STALL_RECOVERED (detail = stall seconds) is raised for one minute. A stall
     * during a stall extends it.
     */
    public List<PumpEvent> motorStall(long durationMs) {
        Require.range("durationMs", durationMs, 1, MAX_STALL_MS);
        List<PumpEvent> out = new ArrayList<>();
        long endSimMs = nowSimMs + durationMs;
        if (stall == null) {
            stall = new Stall(nowSimMs, endSimMs);
            raise(MOTOR_STALL, AlarmPriority.HIGH, 0, out);
        } else {
            stall = new Stall(stall.startSimMs(), Math.max(stall.endSimMs(), endSimMs));
        }
        fireDue(out);
        return out;
    }

    /** Raises CRITICAL_MEMORY_ERROR (detail = errorCode); it stays until {@link #reset}. Delivery goes on. */
    public List<PumpEvent> criticalMemoryError(int errorCode) {
        List<PumpEvent> out = new ArrayList<>();
        raise(CRITICAL_MEMORY_ERROR, AlarmPriority.HIGH, errorCode, out);
        fireDue(out);
        return out;
    }

    /**
     * Power-on reset: POWER_RESET log, CRITICAL_MEMORY_ERROR cleared, a running bolus cancelled, therapy falls
     * back to MINIMUM_RATE (250 nL/h) and PUMP_RESET is raised. Both last until the pump is reprogrammed: a
     * changeRate, or a changeMode to any mode but MINIMUM_RATE, clears PUMP_RESET.
     */
    public List<PumpEvent> reset(int cause) {
        List<PumpEvent> out = new ArrayList<>();
        appendLog(LogEvent.POWER_RESET, cause, 0, 0, out);
        clear(CRITICAL_MEMORY_ERROR, out);
        infusion.cancelBolus();
        therapy = therapy.minimumRate();
        raise(PUMP_RESET, AlarmPriority.MEDIUM, cause, out);
        fireDue(out);
        return out;
    }

    /** Moves the pump clock by {@code driftS}; the CLOCK_SET entry carries the new clock. */
    public List<PumpEvent> setClock(long driftS) {
        Require.range("driftS", driftS, Integer.MIN_VALUE, Integer.MAX_VALUE);
        clockOffsetMs += driftS * Units.MS_PER_SECOND;
        List<PumpEvent> out = new ArrayList<>();
        appendLog(LogEvent.CLOCK_SET, driftS, 0, 0, out);
        fireDue(out);
        return out;
    }

    /** Serial and time only: the config's therapy is not for logs. */
    @Override
    public String toString() {
        return "PumpModel[serial=%s, simMs=%d]".formatted(config.serial(), nowSimMs);
    }

    /**
     * Fires everything due at the current instant, always in the same order, so that the events never depend on
     * how the caller split the time. Idempotent: a second call at the same instant fires nothing.
     */
    private void fireDue(List<PumpEvent> out) {
        if (reservoir.low() && !alarms.isActive(LOW_RESERVOIR)) {
            raise(LOW_RESERVOIR, AlarmPriority.MEDIUM, Math.toIntExact(reservoir.volumeUl()), out);
        }
        if (reservoir.empty() && !alarms.isActive(EMPTY_RESERVOIR)) {
            infusion.cancelBolus();
            raise(EMPTY_RESERVOIR, AlarmPriority.HIGH, 0, out);
        }
        if (stall != null && stall.endSimMs() <= nowSimMs) {
            endStall(out);
        }
        for (AlarmCode code : alarms.dueClears(nowSimMs)) {
            clear(code, out);
        }
        if (nowSimMs >= battery.eriMs() && !alarms.isActive(BATTERY_ERI)) {
            raise(BATTERY_ERI, AlarmPriority.MEDIUM, battery.daysToEos(nowSimMs), out);
        }
        if (nowSimMs >= battery.eosMs() && !alarms.isActive(BATTERY_EOS)) {
            raise(BATTERY_EOS, AlarmPriority.HIGH, 0, out);
        }
    }

    private void endStall(List<PumpEvent> out) {
        long stallSeconds = (stall.endSimMs() - stall.startSimMs() + Units.MS_PER_SECOND / 2) / Units.MS_PER_SECOND;
        stall = null;
        clear(MOTOR_STALL, out);
        raise(MOTOR_STALL_RECOVERED, AlarmPriority.LOW, Math.toIntExact(stallSeconds), out);
        alarms.clearAt(MOTOR_STALL_RECOVERED, nowSimMs + AUTO_CLEAR_DELAY_MS);
    }

    /** Where delivery may change shape: stall end, alarm clears, battery levels, flex step starts, a day on. */
    private long nextBreakpointSimMs() {
        long next = nowSimMs + MAX_SEGMENT_MS;
        if (stall != null) {
            next = Math.min(next, stall.endSimMs());
        }
        next = Math.min(next, alarms.nextClearSimMs());
        if (!alarms.isActive(BATTERY_ERI)) {
            next = Math.min(next, battery.eriMs());
        } else if (!alarms.isActive(BATTERY_EOS)) {
            next = Math.min(next, battery.eosMs());
        }
        long rateChangePumpMs = therapy.nextRateChangePumpMs(pumpClockMs());
        if (rateChangePumpMs != Long.MAX_VALUE) {
            next = Math.min(next, rateChangePumpMs - clockOffsetMs);
        }
        return next;
    }

    /**
     * The first instant up to {@code endSimMs} at which the volume reaches the next alarm level (the low threshold,
     * then zero), or {@code endSimMs}. Delivery up to a breakpoint is a non-decreasing function of time, so a binary
     * search over whole milliseconds finds that instant exactly.
     */
    private long nextReservoirLevelSimMs(long endSimMs) {
        if (!motorDelivers()) {
            return endSimMs;
        }
        long toLevelNl = alarms.isActive(LOW_RESERVOIR) || reservoir.aboveLowNl() == 0
                ? reservoir.volumeNl() : reservoir.aboveLowNl();
        long rateNlPerHour = basalRateNlPerHour();
        long loMs = 0;
        long hiMs = endSimMs - nowSimMs;
        if (infusion.deliverableNl(rateNlPerHour, hiMs) < toLevelNl) {
            return endSimMs;
        }
        while (hiMs - loMs > 1) {
            long midMs = loMs + (hiMs - loMs) / 2;
            if (infusion.deliverableNl(rateNlPerHour, midMs) >= toLevelNl) {
                hiMs = midMs;
            } else {
                loMs = midMs;
            }
        }
        return nowSimMs + hiMs;
    }

    private boolean motorDelivers() {
        return stall == null && !reservoir.empty();
    }

    private long basalRateNlPerHour() {
        return therapy.basalRateNlPerHour(pumpClockMs());
    }

    /** A new prescription; leaving the minimum rate ends the fallback that PUMP_RESET announced. */
    private void program(Therapy next, List<PumpEvent> out) {
        therapy = next;
        if (next.mode() != FlowMode.MINIMUM_RATE) {
            clear(PUMP_RESET, out);
        }
    }

    /** A raise of an active code supersedes it: the old one is cleared first. */
    private void raise(AlarmCode code, AlarmPriority priority, int detail, List<PumpEvent> out) {
        clear(code, out);
        out.add(new AlarmRaised(alarms.raise(code, priority, detail, pumpClockMs())));
        appendLog(LogEvent.ALARM, code.code(), priority.code(), detail, out);
    }

    private void clear(AlarmCode code, List<PumpEvent> out) {
        alarms.clear(code, pumpClockMs()).ifPresent(cleared -> out.add(new AlarmCleared(cleared)));
    }

    private void appendLog(LogEvent event, long a, long b, long c, List<PumpEvent> out) {
        LogRecord record = new LogRecord(pumpClockMs(), event.code(), Math.toIntExact(a), Math.toIntExact(b),
                Math.toIntExact(c));
        log.append(record);
        out.add(new LogAppended(record));
    }

    private static void requireState(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException(message);
        }
    }
}
