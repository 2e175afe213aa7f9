package io.pumplink.emulator.pump;

import static io.pumplink.emulator.pump.TestPumps.DAY_MS;
import static io.pumplink.emulator.pump.TestPumps.HOUR_MS;
import static io.pumplink.emulator.pump.TestPumps.START_MS;
import static org.assertj.core.api.Assertions.assertThat;

import io.pumplink.emulator.pump.PumpEvent.AlarmRaised;
import io.pumplink.protocol.message.AlarmCode;
import io.pumplink.protocol.message.Drug;
import io.pumplink.protocol.message.FlowMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.BiFunction;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.statistics.Statistics;

/**
 * Advancing the model in arbitrary steps gives the same events and state as advancing straight to each action:
 * random configs (refill history and delivery error included), random action schedules over a few days, random
 * cut points between them.
 */
class AdvanceSplitPropertyTest {
    private static final long SPAN_MS = 4 * DAY_MS;
    private static final int PPM = 1_000_000;

    @Property(tries = 300)
    void advancingInArbitraryStepsEqualsAdvancingAtOnce(@ForAll("configs") PumpConfig config,
                                                        @ForAll("schedules") List<Timed> schedule,
                                                        @ForAll @Size(max = 12)
                                                        List<@IntRange(max = PPM) Integer> cutsPpm) {
        List<Object> atOnce = run(config, schedule, (fromMs, toMs) -> List.of(toMs));
        List<Object> inSteps = run(config, schedule, (fromMs, toMs) -> cutsPpm.stream()
                .map(ppm -> fromMs + (toMs - fromMs) * ppm / PPM).sorted().toList());

        assertThat(inSteps).isEqualTo(atOnce);
        requireInterestingRuns(atOnce);
    }

    /** Guards the generators: enough runs must reach the low threshold, run dry and stall the motor. */
    private static void requireInterestingRuns(List<Object> trace) {
        List<Integer> raisedCodes = trace.stream().filter(AlarmRaised.class::isInstance)
                .map(e -> ((AlarmRaised) e).alarm().alarmCode()).toList();
        for (AlarmCode code : List.of(AlarmCode.LOW_RESERVOIR, AlarmCode.EMPTY_RESERVOIR, AlarmCode.MOTOR_STALL)) {
            Statistics.label(code.name()).collect(raisedCodes.contains(code.code()));
            Statistics.label(code.name()).coverage(coverage -> coverage.check(true).percentage(p -> p >= 3));
        }
    }

    /** Which times to advance to, in order, to get from one instant to a later one. */
    private interface Split {
        List<Long> stops(long fromMs, long toMs);
    }

    /** Everything observable: events, rejected actions, snapshots after each action, the final log. */
    private static List<Object> run(PumpConfig config, List<Timed> schedule, Split split) {
        PumpModel pump = new PumpModel(config, START_MS);
        List<Object> trace = new ArrayList<>();
        for (Timed timed : schedule) {
            advance(pump, START_MS + timed.atMs(), split, trace);
            try {
                trace.addAll(timed.action().apply(pump));
            } catch (IllegalStateException rejected) {
                trace.add("rejected: " + rejected.getMessage());
            }
            trace.addAll(List.of(pump.reservoir(), pump.flow(), pump.therapySummary(), pump.battery(),
                    pump.activeAlarms()));
        }
        advance(pump, START_MS + SPAN_MS, split, trace);
        trace.addAll(List.of(pump.identity(), pump.reservoir(), pump.flow(), pump.therapySummary(), pump.battery(),
                pump.activeAlarms()));
        trace.addAll(pump.takeLogSinceLastInterrogation());
        return trace;
    }

    private static void advance(PumpModel pump, long toMs, Split split, List<Object> trace) {
        for (long stopMs : split.stops(pump.simMs(), toMs)) {
            trace.addAll(pump.advanceTo(stopMs));
        }
        trace.addAll(pump.advanceTo(toMs));
    }

    record Timed(long atMs, Action action) {
    }

    /** One action, with sizes relative to the reservoir so that it fits any generated config. */
    interface Action {
        List<PumpEvent> apply(PumpModel pump);
    }

    @Provide
    Arbitrary<PumpConfig> configs() {
        Arbitrary<long[]> reservoir = Combinators.combine(Arbitraries.longs().between(100, 40_000),
                        Arbitraries.integers().between(0, 1_000), Arbitraries.integers().between(0, 1_000))
                .as((capacityUl, fillPermille, lowPermille) -> new long[] {capacityUl,
                        capacityUl * fillPermille / 1_000, capacityUl * lowPermille / 1_000});
        Arbitrary<BiFunction<long[], History, PumpConfig>> therapy = Combinators.combine(basalModes(), rates(),
                        flexSteps(), Arbitraries.doubles().between(0, 6), Arbitraries.doubles().between(0, 2),
                        Arbitraries.integers().between(1, 40))
                .as((mode, rateNlPerHour, steps, daysToEri, daysEriToEos, logCapacity) -> (r, history) ->
                        new PumpConfig("SIM-1", 8637, r[0], 0x0412, 19_723, 150, r[1], r[2], Drug.MORPHINE.code(),
                                25_000, mode, rateNlPerHour, mode == FlowMode.FLEX_SCHEDULE.code() ? steps : List.of(),
                                daysToEri, daysEriToEos, history.lastRefill(r[0], r[1]), logCapacity,
                                history.deliveryErrorPct(), history.refillAccounting()));
        return Combinators.combine(reservoir, therapy, histories()).as((r, build, history) -> build.apply(r, history));
    }

    /** The last refill before the start (volume given or derived), the pump's delivery error, its log's kind. */
    record History(long agoMs, Integer volumeAfterPermille, Long nextDueInMs, double deliveryErrorPct,
                   boolean refillAccounting) {
        LastRefill lastRefill(long capacityUl, long initialUl) {
            OptionalLong volumeAfterUl = volumeAfterPermille == null ? OptionalLong.empty()
                    : OptionalLong.of(initialUl + (capacityUl - initialUl) * volumeAfterPermille / 1_000);
            return new LastRefill(START_MS - agoMs, volumeAfterUl, nextDueInMs == null ? 0 : START_MS + nextDueInMs);
        }
    }

    private static Arbitrary<History> histories() {
        return Combinators.combine(Arbitraries.longs().between(0, 10 * DAY_MS),
                Arbitraries.integers().between(0, 1_000).injectNull(0.5),
                Arbitraries.longs().between(0, 90 * DAY_MS).injectNull(0.5),
                Arbitraries.doubles().between(-20, 20), Arbitraries.of(true, false)).as(History::new);
    }

    @Provide
    Arbitrary<List<Timed>> schedules() {
        Arbitrary<Timed> timed = Combinators.combine(Arbitraries.longs().between(0, SPAN_MS), actions())
                .as(Timed::new);
        return timed.list().ofMaxSize(8)
                .map(list -> list.stream().sorted(Comparator.comparingLong(Timed::atMs)).toList());
    }

    private static Arbitrary<Action> actions() {
        Arbitrary<Action> refill = Combinators.combine(Arbitraries.integers().between(0, 1_000),
                        Arbitraries.longs().between(0, 50_000).injectNull(0.5),
                        Arbitraries.longs().between(0, 90 * DAY_MS).injectNull(0.5))
                .as((permille, measuredUl, dueInMs) -> pump -> pump.refill(
                        pump.config().reservoirCapacityUl() * permille / 1_000,
                        measuredUl == null ? OptionalLong.empty() : OptionalLong.of(measuredUl),
                        dueInMs == null ? OptionalLong.empty() : OptionalLong.of(dueInMs)));
        Arbitrary<Action> changeRate = rates().map(rate -> pump -> pump.changeRate(rate));
        Arbitrary<Action> changeMode = Combinators.combine(basalModes(), flexSteps())
                .as((mode, steps) -> pump -> pump.changeMode(mode,
                        mode == FlowMode.FLEX_SCHEDULE.code() ? steps : List.of()));
        Arbitrary<Action> bolus = Combinators.combine(Arbitraries.integers().between(1, 1_000),
                        Arbitraries.integers().between(1, 600), Arbitraries.integers().between(3, 5))
                .as((permille, durationMin, kind) -> pump -> pump.bolus(
                        Math.max(1, pump.config().reservoirCapacityUl() * permille / 1_000), durationMin, kind));
        Arbitrary<Action> stall = Arbitraries.longs().between(1, 6 * HOUR_MS).map(ms -> pump -> pump.motorStall(ms));
        Arbitrary<Action> memoryError = Arbitraries.integers().map(code -> pump -> pump.criticalMemoryError(code));
        Arbitrary<Action> reset = Arbitraries.integers().between(0, 9).map(cause -> pump -> pump.reset(cause));
        Arbitrary<Action> setClock = Arbitraries.longs().between(-86_400, 86_400).map(s -> pump -> pump.setClock(s));
        return Arbitraries.oneOf(refill, changeRate, changeMode, bolus, stall, memoryError, reset, setClock);
    }

    private static Arbitrary<Integer> basalModes() {
        return Arbitraries.of(FlowMode.STOPPED, FlowMode.CONTINUOUS, FlowMode.FLEX_SCHEDULE, FlowMode.MINIMUM_RATE)
                .map(FlowMode::code);
    }

    /** Up to 0.5 mL/h, so that small reservoirs cross their thresholds within the span. */
    private static Arbitrary<Long> rates() {
        return Arbitraries.longs().between(0, 500_000);
    }

    private static Arbitrary<List<FlexStep>> flexSteps() {
        return Arbitraries.integers().between(0, 1_439).set().ofMinSize(1).ofMaxSize(6)
                .flatMap(minutes -> rates().list().ofSize(minutes.size()).map(rates -> {
                    List<Integer> sorted = minutes.stream().sorted().toList();
                    List<FlexStep> steps = new ArrayList<>();
                    for (int i = 0; i < sorted.size(); i++) {
                        steps.add(new FlexStep(sorted.get(i), rates.get(i)));
                    }
                    return steps;
                }));
    }
}
