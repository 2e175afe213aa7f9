package io.pumplink.emulator.device;

import io.pumplink.emulator.pump.LogRecord;
import io.pumplink.emulator.pump.PumpEvent;
import io.pumplink.emulator.pump.PumpModel;
import io.pumplink.emulator.scenario.ProtocolRevision;
import io.pumplink.emulator.scenario.PumpSpec;
import io.pumplink.emulator.scenario.Scenario;
import io.pumplink.emulator.scenario.ScenarioEvent;
import io.pumplink.protocol.message.Alarm;
import io.pumplink.protocol.message.AlarmCode;
import io.pumplink.protocol.message.AlarmPriority;
import io.pumplink.protocol.message.AlarmState;
import io.pumplink.protocol.message.Message;
import io.pumplink.protocol.message.ProgrammerStatus;
import io.pumplink.protocol.message.SessionBegin;
import io.pumplink.protocol.message.SessionEnd;
import io.pumplink.protocol.message.SessionOutcome;
import io.pumplink.protocol.message.TelemetryState;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Random;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The programmer's side of pump telemetry: the pump it talks to, what it relays (alarms as they happen,
 * interrogation sessions, status rounds), and the programmer's own alarms. Single-threaded, like its owner.
 */
final class Telemetry {
    private static final Logger LOG = LoggerFactory.getLogger(Telemetry.class);
    /** Programmer battery below this raises PROGRAMMER_LOW_BATTERY (ICD alarm 0x0100). */
    static final int LOW_BATTERY_PCT = 20;
    private static final int RSSI_BASE_DBM = -62;
    private static final int RSSI_SPREAD_DB = 6;
    private static final String NO_PUMP = "";

    private final Optional<PumpModel> pump;
    private final ProtocolRevision revision;
    private final Consumer<Message> send;
    private final SimClock clock;
    private final Random random;
    private final String patientRef;
    private final List<LogRecord> carriedOver = new ArrayList<>();
    private final List<Alarm> heldWhileOutOfRange = new ArrayList<>();
    private long outOfRangeUntilMs = Long.MIN_VALUE;
    private long sessionId;
    private long programmerAlarmId;
    private OptionalInt abortAfterEntries = OptionalInt.empty();
    private int batteryPct;
    private Optional<Alarm> lowBattery = Optional.empty();
    private Optional<Alarm> telemetryLost = Optional.empty();

    Telemetry(Scenario scenario, int index, long startMs, Random random, Consumer<Message> send, SimClock clock) {
        this.revision = scenario.programmer().protocolRevision();
        this.pump = scenario.telemetryPump().map(spec -> model(spec, index, startMs, revision));
        this.send = send;
        this.clock = clock;
        this.random = random;
        this.batteryPct = scenario.programmer().batteryPct();
        this.patientRef = "REF-%06d".formatted(random.nextInt(1_000_000));
        programmerBattery(batteryPct);
    }

    private static PumpModel model(PumpSpec spec, int index, long startMs, ProtocolRevision revision) {
        return new PumpModel(PumpConfigs.of(spec, Serials.indexed(spec.serial(), index), startMs, revision),
                startMs);
    }

    void advanceTo(long simMs) {
        pump.ifPresent(p -> relay(p.advanceTo(simMs)));
        if (outOfRangeUntilMs != Long.MIN_VALUE && simMs >= outOfRangeUntilMs) {
            outOfRangeUntilMs = Long.MIN_VALUE;
            telemetryLost.ifPresent(alarm -> send.accept(cleared(alarm)));
            telemetryLost = Optional.empty();
            heldWhileOutOfRange.forEach(send);
            heldWhileOutOfRange.clear();
        }
    }

    boolean pumpReachable() {
        return pump.isPresent() && outOfRangeUntilMs == Long.MIN_VALUE;
    }

    void apply(ScenarioEvent.PumpAction event) {
        if (pump.isEmpty()) {
            return; // the loader only accepts pump events when a pump starts in range
        }
        PumpModel p = pump.get();
        if (event instanceof ScenarioEvent.Refill refill) {
            relay(p.refill(refill.volumeUl(), refill.measuredResidualUl(),
                    refill.nextRefillDueIn().map(in -> OptionalLong.of(in.toMillis())).orElseGet(OptionalLong::empty)));
        } else if (event instanceof ScenarioEvent.DoseChange dose) {
            relay(p.changeRate(dose.rateNlPerHour()));
        } else if (event instanceof ScenarioEvent.ModeChange mode) {
            relay(p.changeMode(mode.modeCode(), PumpConfigs.steps(mode.flexSteps())));
        } else if (event instanceof ScenarioEvent.Bolus bolus) {
            bolus(p, bolus);
        } else if (event instanceof ScenarioEvent.MotorStall stall) {
            relay(p.motorStall(stall.duration().toMillis()));
        } else if (event instanceof ScenarioEvent.CriticalMemoryError error) {
            relay(p.criticalMemoryError(error.code()));
        } else if (event instanceof ScenarioEvent.PumpReset reset) {
            relay(p.reset(reset.cause()));
        } else if (event instanceof ScenarioEvent.ClockJump jump) {
            relay(p.setClock(jump.driftS()));
        } else if (event instanceof ScenarioEvent.PumpOutOfRange outOfRange) {
            loseTelemetry(clock.nowMs() + outOfRange.duration().toMillis());
        }
    }

    /** A pump refuses a bolus while another runs, while stopped or empty, as a real one does. */
    private void bolus(PumpModel p, ScenarioEvent.Bolus bolus) {
        try {
            relay(p.bolus(bolus.volumeUl(), bolus.durationMin(), bolus.kind().code()));
        } catch (IllegalStateException refused) {
            LOG.warn("pump {} refused the scenario's bolus at {}: {}", p.config().serial(), bolus.at(),
                    refused.getMessage());
        }
    }

    /** Alarms go out as they happen; while the pump is out of range they wait and follow when it is back. */
    private void relay(List<PumpEvent> events) {
        for (PumpEvent event : events) {
            Alarm alarm = event instanceof PumpEvent.AlarmRaised raised ? raised.alarm()
                    : event instanceof PumpEvent.AlarmCleared cleared ? cleared.alarm() : null;
            if (alarm == null) {
                continue; // log entries are read at the next interrogation
            }
            if (pumpReachable()) {
                send.accept(alarm);
            } else {
                heldWhileOutOfRange.add(alarm);
            }
        }
    }

    private void loseTelemetry(long untilMs) {
        outOfRangeUntilMs = untilMs;
        if (telemetryLost.isEmpty()) {
            telemetryLost = Optional.of(raise(AlarmCode.PUMP_TELEMETRY_LOST, AlarmPriority.MEDIUM, (int) sessionId));
        }
    }

    void abortNextSessionAfter(int entries) {
        abortAfterEntries = OptionalInt.of(entries);
    }

    /**
     * A whole session in ICD order (section 4, and section 6 for 1.1); telemetry lost part-way when the scenario
     * asked for it.
     */
    void interrogate() {
        if (!pumpReachable()) {
            return;
        }
        PumpModel p = pump.get();
        String pumpSerial = p.config().serial();
        sessionId = (sessionId + 1) & 0xFFFFFFFFL;
        send.accept(new SessionBegin(p.pumpClockMs(), pumpSerial, sessionId, patientRef));
        send.accept(p.identity());
        sendPumpStatus(p);
        List<LogRecord> entries = new ArrayList<>(carriedOver);
        entries.addAll(p.takeLogSinceLastInterrogation());
        carriedOver.clear();
        int sent = Math.min(entries.size(), abortAfterEntries.orElse(entries.size()));
        for (int i = 0; i < sent; i++) {
            send.accept(entries.get(i).toEntry(pumpSerial, sessionId, i));
        }
        if (sent < entries.size() || abortAfterEntries.isPresent()) {
            abortAfterEntries = OptionalInt.empty();
            carriedOver.addAll(entries.subList(sent, entries.size())); // read again at the next session
            send.accept(new SessionEnd(p.pumpClockMs(), pumpSerial, sessionId, sent,
                    SessionOutcome.ABORTED_TELEMETRY_LOST.code()));
            loseTelemetry(clock.nowMs() + 1);
            return;
        }
        send.accept(new SessionEnd(p.pumpClockMs(), pumpSerial, sessionId, sent, SessionOutcome.COMPLETE.code()));
    }

    /** PROGRAMMER_STATUS, then the pump's status frames when it is in range. */
    void sendStatus() {
        boolean reachable = pumpReachable();
        int rssiDbm = reachable ? RSSI_BASE_DBM + random.nextInt(2 * RSSI_SPREAD_DB + 1) - RSSI_SPREAD_DB : -128;
        send.accept(new ProgrammerStatus(clock.nowMs(), batteryPct,
                (reachable ? TelemetryState.PUMP_IN_RANGE : TelemetryState.NO_PUMP_IN_RANGE).code(), rssiDbm));
        if (reachable) {
            sendPumpStatus(pump.get());
        }
    }

    /** Reservoir, flow, the therapy summary (1.1 only) and battery, in the order sessions and status rounds share. */
    private void sendPumpStatus(PumpModel p) {
        send.accept(p.reservoir());
        send.accept(p.flow());
        if (revision.sendsTherapySummary()) {
            send.accept(p.therapySummary());
        }
        send.accept(p.battery());
    }

    void programmerBattery(int pct) {
        batteryPct = pct;
        if (pct < LOW_BATTERY_PCT && lowBattery.isEmpty()) {
            lowBattery = Optional.of(raise(AlarmCode.PROGRAMMER_LOW_BATTERY, AlarmPriority.LOW, pct));
        } else if (pct >= LOW_BATTERY_PCT && lowBattery.isPresent()) {
            send.accept(cleared(lowBattery.get()));
            lowBattery = Optional.empty();
        }
    }

    /** A programmer-side alarm: all-zero pump serial (ICD section 4), its own id sequence. */
    private Alarm raise(AlarmCode code, AlarmPriority priority, int detail) {
        programmerAlarmId = (programmerAlarmId + 1) & 0xFFFFFFFFL;
        Alarm alarm = new Alarm(clock.nowMs(), NO_PUMP, programmerAlarmId, code.code(), priority.code(),
                AlarmState.RAISED.code(), detail);
        send.accept(alarm);
        return alarm;
    }

    private Alarm cleared(Alarm raised) {
        return new Alarm(clock.nowMs(), raised.pumpSerial(), raised.alarmId(), raised.alarmCode(),
                raised.priorityCode(), AlarmState.CLEARED.code(), raised.detail());
    }
}
