package io.pumplink.emulator.scenario;

import io.pumplink.config.Problems;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

import io.pumplink.emulator.scenario.ScenarioEvent.DoseChange;
import io.pumplink.emulator.scenario.ScenarioEvent.FaultChange;
import io.pumplink.emulator.scenario.ScenarioEvent.Interrogate;
import io.pumplink.emulator.scenario.ScenarioEvent.LinkDrop;
import io.pumplink.emulator.scenario.ScenarioEvent.ModeChange;
import io.pumplink.emulator.scenario.ScenarioEvent.MotorStall;
import io.pumplink.emulator.scenario.ScenarioEvent.ProgrammerBattery;
import io.pumplink.emulator.scenario.ScenarioEvent.Refill;
import io.pumplink.protocol.message.Drug;
import io.pumplink.protocol.message.FlowMode;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Loading: the example scenarios, defaults, conversions, ordering, and all problems reported at once. */
class ScenarioLoaderTest {
    private static final Path EXAMPLES = Path.of("../config/scenarios");

    static Stream<Path> examples() throws IOException {
        List<Path> files;
        try (Stream<Path> listing = Files.list(EXAMPLES)) {
            files = listing.filter(file -> file.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(files).extracting(file -> file.getFileName().toString()).contains("clinic-refill-visit.yaml",
                "alarm-storm.yaml", "week-to-low-reservoir.yaml", "noisy-bluetooth.yaml", "demo.yaml",
                "flex-schedule.yaml", "refill-accuracy.yaml", "therapy-interrupted.yaml", "dose-step.yaml");
        return files.stream();
    }

    @ParameterizedTest
    @MethodSource("examples")
    void everyExampleIsValidNamedAfterItsFileAndSaysHowToRunIt(Path file) throws IOException {
        Scenario scenario = ScenarioLoader.load(file);

        String fileName = file.getFileName().toString();
        assertThat(scenario.name() + ".yaml").isEqualTo(fileName);
        assertThat(scenario.events()).isNotEmpty();
        assertThat(Files.readString(file)).startsWith("# ").contains("java -jar gateway/target/pumplink.jar emulator "
                + "--scenario config/scenarios/" + fileName + " --speed " + speedText(scenario));
    }

    @Test
    void clinicRefillVisitRefillsWithAResidual20PercentUnderThePumpsEstimate() {
        Scenario visit = example("clinic-refill-visit");
        PumpSpec pump = visit.telemetryPump().orElseThrow();
        Refill refill = only(visit, Refill.class);

        double expectedResidualUl = pump.volumeUl() - deliveredUl(pump.rateNlPerHour(), refill.at());
        assertThat(refill.measuredResidualUl().getAsLong() / expectedResidualUl).isCloseTo(0.80, within(0.005));
        assertThat(visit.events()).extracting(event -> event.getClass().getSimpleName())
                .containsExactly("Interrogate", "Refill", "DoseChange", "Interrogate");
        assertThat(only(visit, DoseChange.class).rateNlPerHour()).isGreaterThan(pump.rateNlPerHour());
    }

    @Test
    void alarmStormRaisesEveryKindOfAlarmBeforeItsLastInterrogation() {
        Scenario storm = example("alarm-storm");
        PumpSpec pump = storm.telemetryPump().orElseThrow();
        Duration lastInterrogation = last(storm, Interrogate.class).at();

        assertThat(all(storm, MotorStall.class)).hasSizeGreaterThanOrEqualTo(2);
        assertThat(all(storm, ScenarioEvent.CriticalMemoryError.class)).hasSize(1);
        assertThat(only(storm, ScenarioEvent.PumpReset.class).at()).isGreaterThan(lowReservoirAt(storm))
                .as("the reset drops the pump to its minimum rate, so the low-reservoir alarm must come first");
        assertThat(lowReservoirAt(storm)).isLessThan(lastInterrogation);
        assertThat(Duration.ofMillis(Math.round(pump.batteryDaysToEri() * 86_400_000))).isLessThan(lastInterrogation);
        assertThat(storm.programmer().batteryPct()).isGreaterThanOrEqualTo(20);
        assertThat(only(storm, ProgrammerBattery.class).batteryPct()).isLessThan(20);
    }

    @Test
    void weekToLowReservoirCrossesTheThresholdAtAboutDaySixAndAHalf() {
        Scenario week = example("week-to-low-reservoir");
        double crossingDays = lowReservoirAt(week).toMillis() / 86_400_000.0;

        assertThat(crossingDays).isCloseTo(6.5, within(0.05));
        assertThat(last(week, Interrogate.class).at()).isEqualTo(Duration.ofDays(7));
        double realSeconds = Duration.ofDays(7).toSeconds() / week.speed().orElseThrow();
        assertThat(realSeconds).isCloseTo(60, within(5.0));
    }

    @Test
    void noisyBluetoothHasEveryLinkFaultAndAnAbortedSession() {
        Scenario noisy = example("noisy-bluetooth");
        FaultSettings faults = noisy.faults();

        assertThat(List.of(faults.bitErrorRate(), faults.dropByteRate(), faults.garbageBurstsPerMinute(),
                faults.duplicateFrameRate())).allMatch(rate -> rate > 0);
        assertThat(all(noisy, LinkDrop.class)).hasSizeGreaterThanOrEqualTo(2);
        assertThat(all(noisy, ScenarioEvent.GarbageBurst.class)).isNotEmpty();
        assertThat(all(noisy, ScenarioEvent.DuplicateNextFrames.class)).isNotEmpty();
        assertThat(all(noisy, FaultChange.class)).isNotEmpty();
        assertThat(all(noisy, ScenarioEvent.PumpOutOfRange.class)).isNotEmpty();
        Duration abortArmed = only(noisy, ScenarioEvent.AbortNextSession.class).at();
        assertThat(all(noisy, Interrogate.class)).anyMatch(interrogate -> interrogate.at().compareTo(abortArmed) > 0);
    }

    @Test
    void demoHasAStallALowReservoirAlarmThenARefillVisitOnANoisyLink() {
        Scenario demo = example("demo");
        Refill refill = only(demo, Refill.class);

        assertThat(all(demo, MotorStall.class)).isNotEmpty();
        assertThat(lowReservoirAt(demo)).isLessThan(refill.at());
        assertThat(only(demo, DoseChange.class).at()).isGreaterThan(refill.at());
        assertThat(demo.faults().bitErrorRate()).isPositive();
        assertThat(all(demo, LinkDrop.class)).isNotEmpty();
        Duration last = demo.events().get(demo.events().size() - 1).at();
        double realMinutes = last.toSeconds() / demo.speed().orElseThrow() / 60;
        assertThat(realMinutes).isBetween(3.0, 6.0);
    }

    @Test
    void aFileWithOnlyANameIsTheDefaultScenario() {
        assertThat(ScenarioLoader.parse("name: default", "t.yaml")).isEqualTo(Scenario.defaultScenario());
    }

    @Test
    void defaultScenarioIsAnUnremarkableBaclofenPumpInRange() {
        Scenario scenario = Scenario.defaultScenario();
        PumpSpec pump = scenario.telemetryPump().orElseThrow();

        assertThat(scenario.programmer()).isEqualTo(new ProgrammerSpec("PRG-000001", new FirmwareVersion(2, 4, 17),
                1000, 100, new StatusStreaming(true, Duration.ofSeconds(60)), ProtocolRevision.V1_0));
        assertThat(pump.serial()).isEqualTo("NGP-000001");
        assertThat(pump.drug()).contains(Drug.BACLOFEN);
        assertThat(pump.mode()).contains(FlowMode.CONTINUOUS);
        assertThat(List.of(pump.reservoirCapacityUl(), pump.volumeUl(), pump.concentrationUgPerMl(),
                pump.rateNlPerHour())).containsExactly(20_000L, 18_000L, 2_000L, 10_417L);
        assertThat(scenario.faults()).isEqualTo(FaultSettings.NONE);
        assertThat(scenario.events()).isEmpty();
        assertThat(scenario.start()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
    }

    @Test
    void pumpKeysNotGivenTakeTheDefaultPumpsValues() {
        Scenario scenario = ScenarioLoader.parse("name: t\npumps: [ { serial: NGP-4711 } ]", "t.yaml");
        PumpSpec d = PumpSpec.DEFAULT;

        assertThat(scenario.pumps()).containsExactly(new PumpSpec("NGP-4711", d.inRange(), d.modelCode(),
                d.reservoirCapacityUl(), d.volumeUl(), d.lowAlarmThresholdUl(), d.drugCode(),
                d.concentrationUgPerMl(), d.modeCode(), d.rateNlPerHour(), d.flexSteps(), d.batteryDaysToEri(),
                d.batteryDaysEriToEos(), d.logCapacity(), Duration.ofDays(30), OptionalLong.empty(), Optional.empty(),
                0));
    }

    @Test
    void protocolRevisionIsReadQuotedOrAsAYamlNumber() {
        assertThat(ScenarioLoader.parse("name: t\nprogrammer: { protocolRevision: \"1.1\" }", "t.yaml")
                .programmer().protocolRevision()).isEqualTo(ProtocolRevision.V1_1);
        assertThat(ScenarioLoader.parse("name: t\nprogrammer: { protocolRevision: 1.1 }", "t.yaml")
                .programmer().protocolRevision()).isEqualTo(ProtocolRevision.V1_1);
        assertThat(ScenarioLoader.parse("name: t\nprogrammer: { protocolRevision: 1.0 }", "t.yaml")
                .programmer().protocolRevision()).isEqualTo(ProtocolRevision.V1_0);
    }

    @Test
    void refillHistoryAndDeliveryErrorAreRead() {
        PumpSpec pump = onlyPump("""
                pumps:
                  - serial: P
                    volumeUl: 4000
                    lastRefill: 20d
                    volumeAfterLastRefillUl: 10000
                    nextRefillDue: 80h
                    deliveryErrorPct: -2.5
                """);

        assertThat(pump.lastRefill()).isEqualTo(Duration.ofDays(20));
        assertThat(pump.volumeAfterLastRefillUl()).hasValue(10_000);
        assertThat(pump.nextRefillDue()).contains(Duration.ofHours(80));
        assertThat(pump.deliveryErrorPct()).isEqualTo(-2.5);
    }

    @Test
    void aRefillMaySetTheNextRefillDate() {
        Scenario scenario = ScenarioLoader.parse("""
                name: t
                events:
                  - { at: 1h, refill: { volumeUl: 20000, nextRefillDueIn: 30d } }
                  - { at: 2h, refill: { volumeUl: 20000, measuredResidualUl: 19990 } }
                """, "t.yaml");

        assertThat(scenario.events()).containsExactly(
                new Refill(Duration.ofHours(1), 20_000, OptionalLong.empty(), Optional.of(Duration.ofDays(30))),
                new Refill(Duration.ofHours(2), 20_000, OptionalLong.of(19_990), Optional.empty()));
    }

    @Test
    void anEmptyPumpListMeansNoPump() {
        Scenario scenario = ScenarioLoader.parse("name: t\npumps: []\nevents: [ { at: 1m, interrogate: {} } ]",
                "t.yaml");

        assertThat(scenario.pumps()).isEmpty();
        assertThat(scenario.telemetryPump()).isEmpty();
    }

    @Test
    void telemetryTalksToTheFirstPumpInRange() {
        Scenario scenario = ScenarioLoader.parse("""
                name: t
                pumps:
                  - { serial: NGP-0001, inRange: false }
                  - { serial: NGP-0002 }
                  - { serial: NGP-0003 }
                """, "t.yaml");

        assertThat(scenario.telemetryPump().orElseThrow().serial()).isEqualTo("NGP-0002");
    }

    @Test
    void seedSpeedStartAndCodesAreRead() {
        Scenario scenario = ScenarioLoader.parse("""
                name: t
                seed: -42
                speed: 2.5
                start: 2026-03-02T09:30:00+01:00
                pumps: [ { serial: NGP-4711, drug: 42, mode: 6 } ]
                """, "t.yaml");

        assertThat(scenario.seed()).isEqualTo(OptionalLong.of(-42));
        assertThat(scenario.speed()).isEqualTo(OptionalDouble.of(2.5));
        assertThat(scenario.start()).isEqualTo(Instant.parse("2026-03-02T08:30:00Z"));
        assertThat(scenario.pumps().get(0).drugCode()).isEqualTo(42);
        assertThat(scenario.pumps().get(0).drug()).isEmpty();
        assertThat(scenario.pumps().get(0).mode()).contains(FlowMode.MINIMUM_RATE);
    }

    @Test
    void eventsAreSortedByTimeKeepingTheFileOrderForEqualTimes() {
        Scenario scenario = ScenarioLoader.parse("""
                name: t
                events:
                  - { at: 2h, interrogate: {} }
                  - { at: 1h, programmerBattery: { pct: 50 } }
                  - { at: PT1H, programmerBattery: { pct: 40 } }
                  - { at: 60m, programmerBattery: { pct: 30 } }
                  - { at: 0s, linkDrop: { duration: 500ms } }
                """, "t.yaml");

        assertThat(scenario.events()).containsExactly(
                new LinkDrop(Duration.ZERO, Duration.ofMillis(500)),
                new ProgrammerBattery(Duration.ofHours(1), 50),
                new ProgrammerBattery(Duration.ofHours(1), 40),
                new ProgrammerBattery(Duration.ofHours(1), 30),
                new Interrogate(Duration.ofHours(2)));
    }

    @Test
    void dailyDoseIsTheSameAsTheRateItConvertsTo() {
        PumpSpec byDose = onlyPump("pumps: [ { serial: P, concentrationUgPerMl: 2000, dailyDoseUgPerDay: 500 } ]");
        PumpSpec byRate = onlyPump("pumps: [ { serial: P, concentrationUgPerMl: 2000, rateNlPerHour: 10417 } ]");

        assertThat(byDose).isEqualTo(byRate);
        assertThat(DoseConversion.rateNlPerHour(500, 2000)).isEqualTo(10_417); // 0.25 mL/day
        assertThat(DoseConversion.rateNlPerHour(1000, 1000)).isEqualTo(41_667); // 1 mL/day
        assertThat(DoseConversion.rateNlPerHour(2.4, 100)).isEqualTo(1_000); // ziconotide: 0.024 mL/day
    }

    @Test
    void eventDosesConvertWithTheTelemetryPumpsConcentration() {
        Scenario scenario = ScenarioLoader.parse("""
                name: t
                pumps: [ { serial: P, drug: MORPHINE, concentrationUgPerMl: 10000, dailyDoseUgPerDay: 3000 } ]
                events:
                  - { at: 1h, doseChange: { dailyDoseUgPerDay: 3500 } }
                  - at: 2h
                    modeChange:
                      mode: FLEX_SCHEDULE
                      flexSteps:
                        - { start: "07:00", dailyDoseUgPerDay: 4800 }
                        - { start: "22:00", rateNlPerHour: 8000 }
                """, "t.yaml");

        assertThat(scenario.pumps().get(0).rateNlPerHour()).isEqualTo(12_500);
        assertThat(scenario.events()).containsExactly(
                new DoseChange(Duration.ofHours(1), 14_583),
                new ModeChange(Duration.ofHours(2), FlowMode.FLEX_SCHEDULE.code(), List.of(
                        new FlexStepSpec(LocalTime.of(7, 0), 20_000), new FlexStepSpec(LocalTime.of(22, 0), 8_000))));
    }

    @Test
    void faultsEventChangesOnlyTheGivenSettings() {
        Scenario scenario = ScenarioLoader.parse("""
                name: t
                faults: { bitErrorRate: 1.0e-5, garbageBurstsPerMinute: 2, garbageBurstMaxBytes: 128 }
                events: [ { at: 10h, faults: { bitErrorRate: 1.0e-4, duplicateFrameRate: 0.5 } } ]
                """, "t.yaml");
        FaultOverrides change = only(scenario, FaultChange.class).overrides();

        assertThat(scenario.faults()).isEqualTo(new FaultSettings(1.0e-5, 0, 2, 128, 0));
        assertThat(change).isEqualTo(new FaultOverrides(OptionalDouble.of(1.0e-4), OptionalDouble.empty(),
                OptionalDouble.empty(), OptionalInt.empty(), OptionalDouble.of(0.5)));
        assertThat(scenario.faults().merge(change)).isEqualTo(new FaultSettings(1.0e-4, 0, 2, 128, 0.5));
    }

    @Test
    void everyProblemInAFileIsReportedAtOnceInFileOrder() throws URISyntaxException {
        Path file = Path.of(getClass().getResource("/scenarios/several-problems.yaml").toURI());
        ScenarioException e = catchThrowableOfType(ScenarioException.class, () -> ScenarioLoader.load(file));

        assertThat(e.problems()).containsExactly(Stream.of(
                "name: must match [a-z0-9-]+, got \"Several Problems\"",
                "programmer.heartbeatIntervalMs: must be within 100..60000, got 50",
                "pumps[0].volumeUl: 25000 exceeds reservoirCapacityUl 20000",
                "pumps[0].volumUl: unknown key (did you mean volumeUl?)",
                "faults.bitErrorRate: must be within 0..0.01, got 0.5",
                "events[0].at: must be a duration like 500ms, 90s, 10m, 2h, 7d or PT10M, got \"soon\"",
                "events[1].bolus.kind: must be one of BRIDGE_BOLUS, CLINICIAN_BOLUS, PATIENT_BOLUS, got \"FAST\"",
                "events[2]: one event kind per item, got refill and interrogate")
                .map(problem -> file + ": " + problem).toArray(String[]::new));
    }

    private static Scenario example(String name) {
        return ScenarioLoader.load(EXAMPLES.resolve(name + ".yaml"));
    }

    private static PumpSpec onlyPump(String pumps) {
        return ScenarioLoader.parse("name: t\n" + pumps, "t.yaml").pumps().get(0);
    }

    private static <E extends ScenarioEvent> List<E> all(Scenario scenario, Class<E> kind) {
        return scenario.events().stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    private static <E extends ScenarioEvent> E only(Scenario scenario, Class<E> kind) {
        assertThat(all(scenario, kind)).hasSize(1);
        return all(scenario, kind).get(0);
    }

    private static <E extends ScenarioEvent> E last(Scenario scenario, Class<E> kind) {
        List<E> events = all(scenario, kind);
        return events.get(events.size() - 1);
    }

    private static double deliveredUl(long rateNlPerHour, Duration time) {
        return rateNlPerHour / 1000.0 * time.toMillis() / 3_600_000.0;
    }

    /**
     * When the telemetry pump's reservoir reaches its alarm threshold at its starting rate, counting motor stalls
     * (no delivery) that begin before then; the example files keep stalls apart and boluses out.
     */
    private static Duration lowReservoirAt(Scenario scenario) {
        PumpSpec pump = scenario.telemetryPump().orElseThrow();
        double ulPerMs = pump.rateNlPerHour() / 1000.0 / 3_600_000.0;
        double deliveryLeftMs = (pump.volumeUl() - pump.lowAlarmThresholdUl()) / ulPerMs;
        double nowMs = 0;
        for (MotorStall stall : all(scenario, MotorStall.class)) {
            double stallStartMs = stall.at().toMillis();
            if (stallStartMs >= nowMs + deliveryLeftMs) {
                break;
            }
            deliveryLeftMs -= stallStartMs - nowMs;
            nowMs = stallStartMs + stall.duration().toMillis();
        }
        return Duration.ofMillis(Math.round(nowMs + deliveryLeftMs));
    }

    /** The speed as the header's run command writes it: a whole number without ".0". */
    private static String speedText(Scenario scenario) {
        double speed = scenario.speed().orElseThrow();
        return speed == Math.rint(speed) ? String.valueOf((long) speed) : String.valueOf(speed);
    }
}
