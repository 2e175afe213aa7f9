package io.pumplink.emulator.scenario;

import io.pumplink.protocol.message.FlowMode;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Something that happens {@link #at()} a simulated time after the scenario's start. Each record is one key of a
 * scenario file's {@code events} items; the YAML key is given in each record's comment.
 */
public sealed interface ScenarioEvent {
    /** Simulated time since the scenario's start. */
    Duration at();

    /** An event that acts on the pump telemetry talks to; a scenario has one only if some pump starts in range. */
    sealed interface PumpAction extends ScenarioEvent {
    }

    /**
     * {@code refill}: the clinician empties the reservoir and fills it to {@code volumeUl}; the pump logs REFILL
     * with its own expected residual next to what was aspirated: {@code measuredResidualUl} when given, else what
     * is physically left. The clinician sets the next refill date {@code nextRefillDueIn} after the refill; when
     * not given, after the same interval as at the previous refill, or unknown if that was unknown.
     */
    record Refill(Duration at, long volumeUl, OptionalLong measuredResidualUl, Optional<Duration> nextRefillDueIn)
            implements PumpAction {
    }

    /** {@code doseChange}: a new continuous rate (a file may give it as a daily dose at the pump's concentration). */
    record DoseChange(Duration at, long rateNlPerHour) implements PumpAction {
    }

    /** {@code modeChange}: a new basal mode; {@code flexSteps} is non-empty exactly for FLEX_SCHEDULE. */
    record ModeChange(Duration at, int modeCode, List<FlexStepSpec> flexSteps) implements PumpAction {
        public ModeChange {
            flexSteps = List.copyOf(flexSteps);
        }
    }

    /** {@code bolus}: {@code volumeUl} delivered evenly over {@code durationMin} on top of the basal rate. */
    record Bolus(Duration at, long volumeUl, int durationMin, FlowMode kind) implements PumpAction {
    }

    /** {@code motorStall}: MOTOR_STALL, no delivery for {@code duration} (simulated), then MOTOR_STALL_RECOVERED. */
    record MotorStall(Duration at, Duration duration) implements PumpAction {
    }

    /** {@code criticalMemoryError}: CRITICAL_MEMORY_ERROR with {@code code} as its detail. */
    record CriticalMemoryError(Duration at, int code) implements PumpAction {
    }

    /** {@code pumpReset}: the pump restarts; PUMP_RESET and a POWER_RESET log entry carry {@code cause}. */
    record PumpReset(Duration at, int cause) implements PumpAction {
    }

    /** {@code clockJump}: the pump's clock moves by {@code driftS} seconds (CLOCK_SET log entry). */
    record ClockJump(Duration at, long driftS) implements PumpAction {
    }

    /**
     * {@code pumpOutOfRange}: the programmer's telemetry loses the pump for {@code duration} (simulated); a session
     * in progress ends ABORTED_TELEMETRY_LOST and the programmer raises PUMP_TELEMETRY_LOST.
     */
    record PumpOutOfRange(Duration at, Duration duration) implements PumpAction {
    }

    /**
     * {@code linkDrop}: the programmer-gateway link is lost (Bluetooth out of range) and reconnects after
     * {@code realDuration}. That duration is REAL time, unlike every other duration here: a link outage is a
     * link-level thing, measured against the gateway's real-time heartbeat and retransmission timers.
     */
    record LinkDrop(Duration at, Duration realDuration) implements ScenarioEvent {
    }

    /** {@code interrogate}: the clinician starts an interrogation at the programmer. */
    record Interrogate(Duration at) implements ScenarioEvent {
    }

    /** {@code abortNextSession}: telemetry is lost after {@code afterEntries} log entries of the next interrogation. */
    record AbortNextSession(Duration at, int afterEntries) implements ScenarioEvent {
    }

    /** {@code faults}: the link fault settings change; only the values given change. */
    record FaultChange(Duration at, FaultOverrides overrides) implements ScenarioEvent {
    }

    /** {@code garbageBurst}: {@code bytes} random bytes on the link, once. */
    record GarbageBurst(Duration at, int bytes) implements ScenarioEvent {
    }

    /** {@code duplicateNextFrames}: the next {@code count} frames the programmer sends go out twice. */
    record DuplicateNextFrames(Duration at, int count) implements ScenarioEvent {
    }

    /** {@code programmerBattery}: the programmer's battery level becomes {@code batteryPct}. */
    record ProgrammerBattery(Duration at, int batteryPct) implements ScenarioEvent {
    }
}
