package io.pumplink.emulator.scenario;

import io.pumplink.config.MapReader;
import io.pumplink.config.Values;
import static io.pumplink.config.Values.I32_MAX;

import io.pumplink.protocol.message.Drug;
import io.pumplink.protocol.message.FlowMode;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalTime;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Pumps, and the therapy settings a pump and an event share: basal mode, flex steps, and a rate given either in
 * nL/h or as a daily dose. Bounds follow PTL v1's fields and the emulator's pump model (1 L reservoir at most).
 */
final class PumpReader {
    static final long MAX_RESERVOIR_CAPACITY_UL = 1_000_000;
    /** Basal modes only: a bolus is an event, not a state to start in. */
    static final Values.Value<Integer> BASAL_MODE = Values.nameOrCode(List.of(FlowMode.STOPPED, FlowMode.CONTINUOUS,
            FlowMode.FLEX_SCHEDULE, FlowMode.MINIMUM_RATE), false);
    /** A reservoir volume; how it compares with the capacity is checked where both are known. */
    static final Values.Value<Long> RESERVOIR_VOLUME_UL = Values.longWithin(0, MAX_RESERVOIR_CAPACITY_UL);

    static final String MODE = "mode";
    private static final String RATE = "rateNlPerHour";
    private static final String DOSE = "dailyDoseUgPerDay";
    private static final String FLEX_STEPS = "flexSteps";
    /** FLOW_STATUS carries step_count in a u8. */
    private static final int MAX_FLEX_STEPS = Values.U8_MAX;
    /** 1 g/day, far above any intrathecal dose; the converted rate is checked against its own bound as well. */
    private static final double MAX_DAILY_DOSE_UG_PER_DAY = 1_000_000;
    /** days_to_eri is a u16 whose 0xFFFF means unknown. */
    private static final double MAX_BATTERY_DAYS = Values.U16_MAX - 1;
    /** Refill history and refill dates: ten years, as far as a scenario's events reach. */
    static final Values.Value<Duration> REFILL_INTERVAL = Values.durationWithin(Duration.ZERO, Duration.ofDays(3650));
    /** The pump model's bound: far beyond a real pump, and the reservoir always drains. */
    private static final double MAX_DELIVERY_ERROR_PCT = 50;
    private static final String VOLUME = "volumeUl";

    private final Set<String> serials = new HashSet<>();

    /** The {@code pumps} list; when the key is absent, the default pump (an explicit empty list means none). */
    static List<PumpSpec> pumps(MapReader scenario) {
        return scenario.list("pumps", new PumpReader()::pump).orElse(List.of(PumpSpec.DEFAULT));
    }

    private PumpSpec pump(MapReader pump) {
        PumpSpec defaults = PumpSpec.DEFAULT;
        String serial = pump.required("serial", Values.ascii16(), "");
        if (pump.valid("serial") && !serials.add(serial)) {
            pump.problem("serial", "\"" + serial + "\" is already the serial of an earlier pump");
        }
        boolean inRange = pump.orDefault("inRange", Values.bool(), defaults.inRange());
        int modelCode = pump.orDefault("model", Values.intWithin(0, Values.U16_MAX), defaults.modelCode());
        long capacityUl = pump.orDefault("reservoirCapacityUl", Values.longWithin(1, MAX_RESERVOIR_CAPACITY_UL),
                defaults.reservoirCapacityUl());
        long volumeUl = pump.orDefault(VOLUME, RESERVOIR_VOLUME_UL, defaults.volumeUl());
        long thresholdUl = pump.orDefault("lowAlarmThresholdUl", RESERVOIR_VOLUME_UL, defaults.lowAlarmThresholdUl());
        if (pump.valid("reservoirCapacityUl")) {
            pump.checkAtMost(VOLUME, volumeUl, capacityUl, "reservoirCapacityUl");
            pump.checkAtMost("lowAlarmThresholdUl", thresholdUl, capacityUl, "reservoirCapacityUl");
        }
        int drugCode = pump.orDefault("drug", Values.nameOrCode(List.of(Drug.values()), true), defaults.drugCode());
        long concentrationUgPerMl = pump.orDefault("concentrationUgPerMl", Values.longWithin(0, I32_MAX),
                defaults.concentrationUgPerMl());
        int modeCode = pump.orDefault(MODE, BASAL_MODE, defaults.modeCode());
        long rateNlPerHour = rate(pump, concentrationUgPerMl).orElse(defaults.rateNlPerHour());
        List<FlexStepSpec> flexSteps = flexSteps(pump, modeCode, concentrationUgPerMl);
        return new PumpSpec(serial, inRange, modelCode, capacityUl, volumeUl, thresholdUl, drugCode,
                concentrationUgPerMl, modeCode, rateNlPerHour, flexSteps,
                pump.orDefault("batteryDaysToEri", Values.decimalWithin(0, MAX_BATTERY_DAYS),
                        defaults.batteryDaysToEri()),
                pump.orDefault("batteryDaysEriToEos", Values.decimalWithin(0, MAX_BATTERY_DAYS),
                        defaults.batteryDaysEriToEos()),
                pump.orDefault("logCapacity", Values.intWithin(1, Values.U16_MAX), defaults.logCapacity()),
                pump.orDefault("lastRefill", REFILL_INTERVAL, defaults.lastRefill()),
                volumeAfterLastRefill(pump, volumeUl, capacityUl),
                pump.optional("nextRefillDue", REFILL_INTERVAL),
                pump.orDefault("deliveryErrorPct", Values.decimalWithin(-MAX_DELIVERY_ERROR_PCT,
                        MAX_DELIVERY_ERROR_PCT), defaults.deliveryErrorPct()));
    }

    /** What the last refill filled: at least what is left of it, at most what the reservoir holds. */
    private static OptionalLong volumeAfterLastRefill(MapReader pump, long volumeUl, long capacityUl) {
        String key = "volumeAfterLastRefillUl";
        Optional<Long> volumeAfterUl = pump.optional(key, RESERVOIR_VOLUME_UL);
        volumeAfterUl.ifPresent(afterUl -> {
            if (pump.valid("reservoirCapacityUl")) {
                pump.checkAtMost(key, afterUl, capacityUl, "reservoirCapacityUl");
            }
            if (pump.valid(VOLUME)) {
                pump.checkAtLeast(key, afterUl, volumeUl, VOLUME);
            }
        });
        return volumeAfterUl.map(OptionalLong::of).orElseGet(OptionalLong::empty);
    }

    /**
     * The rate given as {@code rateNlPerHour}, or as {@code dailyDoseUgPerDay} converted with the concentration.
     * Empty when neither is given, or when what is given is wrong (then reported).
     */
    static Optional<Long> rate(MapReader settings, long concentrationUgPerMl) {
        Optional<Long> rateNlPerHour = settings.optional(RATE, Values.longWithin(0, I32_MAX));
        Optional<Double> doseUgPerDay = settings.optional(DOSE, Values.decimalWithin(0, MAX_DAILY_DOSE_UG_PER_DAY));
        if (settings.has(RATE) && settings.has(DOSE)) {
            settings.problem(DOSE, "give either " + RATE + " or " + DOSE + ", not both");
            return Optional.empty();
        }
        if (doseUgPerDay.isEmpty()) {
            return rateNlPerHour;
        }
        if (concentrationUgPerMl == 0) {
            settings.problem(DOSE, "cannot be converted to a rate: concentrationUgPerMl is 0");
            return Optional.empty();
        }
        long converted = DoseConversion.rateNlPerHour(doseUgPerDay.get(), concentrationUgPerMl);
        if (converted > I32_MAX) {
            settings.problem(DOSE, "%s µg/day at %d µg/mL is %d nL/h, over the maximum %s %d".formatted(
                    Values.plain(BigDecimal.valueOf(doseUgPerDay.get())), concentrationUgPerMl, converted, RATE,
                    I32_MAX));
            return Optional.empty();
        }
        return Optional.of(converted);
    }

    /** {@link #rate}, where one of the two keys must be given. */
    static long requiredRate(MapReader settings, long concentrationUgPerMl) {
        if (!settings.has(RATE) && !settings.has(DOSE)) {
            settings.problem("needs " + RATE + " or " + DOSE);
        }
        return rate(settings, concentrationUgPerMl).orElse(0L);
    }

    /** The flex steps, required exactly when the mode (read from {@link #MODE} before) is FLEX_SCHEDULE. */
    static List<FlexStepSpec> flexSteps(MapReader settings, int modeCode, long concentrationUgPerMl) {
        Optional<List<FlexStepSpec>> steps = settings.list(FLEX_STEPS, new StepReader(concentrationUgPerMl)::step);
        boolean flex = modeCode == FlowMode.FLEX_SCHEDULE.code();
        if (!settings.valid(MODE)) {
            return List.of();
        }
        if (flex && steps.isEmpty()) {
            settings.problem(FLEX_STEPS, "required when mode is FLEX_SCHEDULE");
        } else if (!flex && steps.isPresent()) {
            settings.problem(FLEX_STEPS, "only allowed when mode is FLEX_SCHEDULE");
        } else if (flex && (steps.get().isEmpty() || steps.get().size() > MAX_FLEX_STEPS)) {
            settings.problem(FLEX_STEPS, "must have 1.." + MAX_FLEX_STEPS + " steps, has " + steps.get().size());
        }
        return steps.orElse(List.of());
    }

    /** Reads steps in order, so each start can be checked against the previous valid one. */
    private static final class StepReader {
        private final long concentrationUgPerMl;
        private Optional<LocalTime> previousStart = Optional.empty();

        StepReader(long concentrationUgPerMl) {
            this.concentrationUgPerMl = concentrationUgPerMl;
        }

        FlexStepSpec step(MapReader step) {
            LocalTime start = step.required("start", Values.timeOfDay(), LocalTime.MIDNIGHT);
            if (step.valid("start")) {
                previousStart.filter(previous -> !start.isAfter(previous)).ifPresent(previous ->
                        step.problem("start", "must be after the previous step's start " + previous));
                previousStart = Optional.of(start);
            }
            return new FlexStepSpec(start, requiredRate(step, concentrationUgPerMl));
        }
    }
}
