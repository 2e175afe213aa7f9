package io.pumplink.emulator.scenario;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * A device-lab scenario: one programmer, the pumps around it, link faults, and a timeline of events in simulated
 * time. {@link ScenarioLoader} validates; the constructor only copies and orders, so tests can build one freely.
 *
 * @param name        {@code [a-z0-9-]+}
 * @param description free text, empty when not given
 * @param seed        seed for every random choice; empty when the file gives none (the --seed flag overrides)
 * @param speed       simulated seconds per real second; empty when the file gives none (the --speed flag overrides)
 * @param start       the instant simulated time 0 stands for
 * @param pumps       the first one in range is the one telemetry talks to
 * @param faults      link fault settings at simulated time 0
 * @param events      ordered by {@link ScenarioEvent#at()}; events at the same time keep the order they were given in
 */
public record Scenario(String name, String description, OptionalLong seed, OptionalDouble speed, Instant start,
                       ProgrammerSpec programmer, List<PumpSpec> pumps, FaultSettings faults,
                       List<ScenarioEvent> events) {
    public static final Instant DEFAULT_START = Instant.parse("2026-01-01T00:00:00Z");

    public Scenario {
        pumps = List.copyOf(pumps);
        List<ScenarioEvent> byTime = new ArrayList<>(events);
        byTime.sort(Comparator.comparing(ScenarioEvent::at)); // List.sort is stable
        events = List.copyOf(byTime);
    }

    /** The programmer with one baclofen pump in range, no faults and no events: an interrogation always works. */
    public static Scenario defaultScenario() {
        return new Scenario("default", "", OptionalLong.empty(), OptionalDouble.empty(), DEFAULT_START,
                ProgrammerSpec.DEFAULT, List.of(PumpSpec.DEFAULT), FaultSettings.NONE, List.of());
    }

    /** The pump telemetry talks to at simulated time 0: the first one in range. */
    public Optional<PumpSpec> telemetryPump() {
        return PumpSpec.firstInRange(pumps);
    }
}
