package io.pumplink.emulator.scenario;

import io.pumplink.config.MapReader;
import io.pumplink.config.Values;
import static io.pumplink.config.Values.I32_MAX;

import io.pumplink.emulator.scenario.ScenarioEvent.AbortNextSession;
import io.pumplink.emulator.scenario.ScenarioEvent.Bolus;
import io.pumplink.emulator.scenario.ScenarioEvent.ClockJump;
import io.pumplink.emulator.scenario.ScenarioEvent.CriticalMemoryError;
import io.pumplink.emulator.scenario.ScenarioEvent.DoseChange;
import io.pumplink.emulator.scenario.ScenarioEvent.DuplicateNextFrames;
import io.pumplink.emulator.scenario.ScenarioEvent.FaultChange;
import io.pumplink.emulator.scenario.ScenarioEvent.GarbageBurst;
import io.pumplink.emulator.scenario.ScenarioEvent.Interrogate;
import io.pumplink.emulator.scenario.ScenarioEvent.LinkDrop;
import io.pumplink.emulator.scenario.ScenarioEvent.ModeChange;
import io.pumplink.emulator.scenario.ScenarioEvent.MotorStall;
import io.pumplink.emulator.scenario.ScenarioEvent.ProgrammerBattery;
import io.pumplink.emulator.scenario.ScenarioEvent.PumpAction;
import io.pumplink.emulator.scenario.ScenarioEvent.PumpOutOfRange;
import io.pumplink.emulator.scenario.ScenarioEvent.PumpReset;
import io.pumplink.emulator.scenario.ScenarioEvent.Refill;
import io.pumplink.protocol.message.FlowMode;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The {@code events} list. Each item is {@code at} plus exactly one kind key, whose mapping is that event's
 * settings. Pump events are read against the pump telemetry talks to at the start (capacity, concentration).
 */
final class EventReader {
    private static final Duration LATEST_AT = Duration.ofDays(3650);
    private static final Duration LONGEST_PUMP_OUTAGE = Duration.ofDays(30);
    private static final Duration LONGEST_LINK_DROP = Duration.ofHours(1);
    private static final int LONGEST_BOLUS_MIN = 7 * 24 * 60;
    private static final int MOST_DUPLICATED_FRAMES = 1000;
    private static final Map<String, Kind> KINDS = kinds();

    private final Optional<PumpSpec> pump;

    private EventReader(Optional<PumpSpec> pump) {
        this.pump = pump;
    }

    /** The events in file order; {@link Scenario} sorts them. */
    static List<ScenarioEvent> events(MapReader scenario, Optional<PumpSpec> telemetryPump) {
        EventReader reader = new EventReader(telemetryPump);
        return scenario.list("events", reader::event).orElse(List.of()).stream().flatMap(Optional::stream).toList();
    }

    private Optional<ScenarioEvent> event(MapReader item) {
        Duration at = item.required("at", Values.durationWithin(Duration.ZERO, LATEST_AT), Duration.ZERO);
        List<String> given = KINDS.keySet().stream().filter(item::has).toList();
        if (given.size() != 1) {
            item.problem(given.isEmpty() ? "no event kind, expected one of " + String.join(", ", KINDS.keySet())
                    : "one event kind per item, got " + String.join(" and ", given));
            return Optional.empty();
        }
        String key = given.get(0);
        Kind kind = KINDS.get(key);
        if (PumpAction.class.isAssignableFrom(kind.type()) && pump.isEmpty()) {
            item.problem(key, "needs a pump in range, and no pump has inRange: true");
            return Optional.empty();
        }
        return Optional.of(item.mapping(key, settings -> kind.body().read(this, settings, at)));
    }

    private ScenarioEvent refill(MapReader settings, Duration at) {
        long volumeUl = settings.required("volumeUl", PumpReader.RESERVOIR_VOLUME_UL, 0L);
        OptionalLong residualUl = settings.optional("measuredResidualUl", PumpReader.RESERVOIR_VOLUME_UL)
                .map(OptionalLong::of).orElseGet(OptionalLong::empty);
        long capacityUl = pump().reservoirCapacityUl();
        settings.checkAtMost("volumeUl", volumeUl, capacityUl, "reservoirCapacityUl");
        residualUl.ifPresent(residual ->
                settings.checkAtMost("measuredResidualUl", residual, capacityUl, "reservoirCapacityUl"));
        return new Refill(at, volumeUl, residualUl, settings.optional("nextRefillDueIn", PumpReader.REFILL_INTERVAL));
    }

    private ScenarioEvent doseChange(MapReader settings, Duration at) {
        return new DoseChange(at, PumpReader.requiredRate(settings, pump().concentrationUgPerMl()));
    }

    private ScenarioEvent modeChange(MapReader settings, Duration at) {
        int modeCode = settings.required(PumpReader.MODE, PumpReader.BASAL_MODE, FlowMode.CONTINUOUS.code());
        return new ModeChange(at, modeCode,
                PumpReader.flexSteps(settings, modeCode, pump().concentrationUgPerMl()));
    }

    private ScenarioEvent bolus(MapReader settings, Duration at) {
        long volumeUl = settings.required("volumeUl", Values.longWithin(1, PumpReader.MAX_RESERVOIR_CAPACITY_UL), 1L);
        settings.checkAtMost("volumeUl", volumeUl, pump().reservoirCapacityUl(), "reservoirCapacityUl");
        return new Bolus(at, volumeUl,
                settings.required("durationMin", Values.intWithin(1, LONGEST_BOLUS_MIN), 1),
                settings.required("kind", Values.oneOf(List.of(FlowMode.BRIDGE_BOLUS, FlowMode.CLINICIAN_BOLUS,
                        FlowMode.PATIENT_BOLUS)), FlowMode.CLINICIAN_BOLUS));
    }

    private ScenarioEvent motorStall(MapReader settings, Duration at) {
        return new MotorStall(at, duration(settings, Duration.ofSeconds(1), LONGEST_PUMP_OUTAGE));
    }

    private ScenarioEvent criticalMemoryError(MapReader settings, Duration at) {
        return new CriticalMemoryError(at, settings.required("code", anyI32(), 0));
    }

    private ScenarioEvent pumpReset(MapReader settings, Duration at) {
        return new PumpReset(at, settings.required("cause", anyI32(), 0));
    }

    private ScenarioEvent clockJump(MapReader settings, Duration at) {
        return new ClockJump(at, settings.required("driftS", anyI32(), 0));
    }

    private ScenarioEvent pumpOutOfRange(MapReader settings, Duration at) {
        return new PumpOutOfRange(at, duration(settings, Duration.ofSeconds(1), LONGEST_PUMP_OUTAGE));
    }

    private ScenarioEvent linkDrop(MapReader settings, Duration at) {
        return new LinkDrop(at, duration(settings, Duration.ofMillis(100), LONGEST_LINK_DROP));
    }

    private ScenarioEvent interrogate(MapReader settings, Duration at) {
        return new Interrogate(at);
    }

    private ScenarioEvent abortNextSession(MapReader settings, Duration at) {
        return new AbortNextSession(at, settings.required("afterEntries", Values.intWithin(0, Values.U16_MAX), 0));
    }

    private ScenarioEvent faults(MapReader settings, Duration at) {
        FaultOverrides overrides = FaultsReader.overrides(settings);
        if (overrides.isEmpty()) {
            settings.problem("changes nothing, give at least one fault setting");
        }
        return new FaultChange(at, overrides);
    }

    private ScenarioEvent garbageBurst(MapReader settings, Duration at) {
        return new GarbageBurst(at,
                settings.required("bytes", Values.intWithin(1, FaultsReader.MAX_GARBAGE_BURST_BYTES), 1));
    }

    private ScenarioEvent duplicateNextFrames(MapReader settings, Duration at) {
        return new DuplicateNextFrames(at, settings.required("count", Values.intWithin(1, MOST_DUPLICATED_FRAMES), 1));
    }

    private ScenarioEvent programmerBattery(MapReader settings, Duration at) {
        return new ProgrammerBattery(at, settings.required("pct", Values.PERCENT, 0));
    }

    private PumpSpec pump() {
        return pump.orElseThrow(); // event() reads pump events only when there is a pump
    }

    private static Duration duration(MapReader settings, Duration shortest, Duration longest) {
        return settings.required("duration", Values.durationWithin(shortest, longest), shortest);
    }

    /** Alarm details and log values are i32 on the wire. */
    private static Values.Value<Integer> anyI32() {
        return Values.intWithin(Integer.MIN_VALUE, Integer.MAX_VALUE);
    }

    /** Reads one kind's settings mapping. */
    @FunctionalInterface
    private interface Body {
        ScenarioEvent read(EventReader reader, MapReader settings, Duration at);
    }

    /** {@code type} tells whether the kind needs a pump (a {@link PumpAction}), before its settings are read. */
    private record Kind(Class<? extends ScenarioEvent> type, Body body) {
    }

    /** In the order the kinds are listed in messages. */
    private static Map<String, Kind> kinds() {
        Map<String, Kind> kinds = new LinkedHashMap<>();
        kinds.put("refill", new Kind(Refill.class, EventReader::refill));
        kinds.put("doseChange", new Kind(DoseChange.class, EventReader::doseChange));
        kinds.put("modeChange", new Kind(ModeChange.class, EventReader::modeChange));
        kinds.put("bolus", new Kind(Bolus.class, EventReader::bolus));
        kinds.put("motorStall", new Kind(MotorStall.class, EventReader::motorStall));
        kinds.put("criticalMemoryError", new Kind(CriticalMemoryError.class, EventReader::criticalMemoryError));
        kinds.put("pumpReset", new Kind(PumpReset.class, EventReader::pumpReset));
        kinds.put("clockJump", new Kind(ClockJump.class, EventReader::clockJump));
        kinds.put("linkDrop", new Kind(LinkDrop.class, EventReader::linkDrop));
        kinds.put("pumpOutOfRange", new Kind(PumpOutOfRange.class, EventReader::pumpOutOfRange));
        kinds.put("interrogate", new Kind(Interrogate.class, EventReader::interrogate));
        kinds.put("abortNextSession", new Kind(AbortNextSession.class, EventReader::abortNextSession));
        kinds.put("faults", new Kind(FaultChange.class, EventReader::faults));
        kinds.put("garbageBurst", new Kind(GarbageBurst.class, EventReader::garbageBurst));
        kinds.put("duplicateNextFrames", new Kind(DuplicateNextFrames.class, EventReader::duplicateNextFrames));
        kinds.put("programmerBattery", new Kind(ProgrammerBattery.class, EventReader::programmerBattery));
        return Collections.unmodifiableMap(kinds);
    }
}
