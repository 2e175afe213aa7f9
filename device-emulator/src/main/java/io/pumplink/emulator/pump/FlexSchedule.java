package io.pumplink.emulator.pump;

import java.util.List;

/**
 * A validated daily schedule. The current step is the last one starting at or before the minute of day; before
 * the first start of a day, the previous day's last step still runs.
 */
final class FlexSchedule {
    static final FlexSchedule NONE = new FlexSchedule(List.of());
    /** FLOW_STATUS carries step_count in a u8. */
    private static final int MAX_STEPS = 255;
    private static final long MINUTES_PER_HOUR = 60;

    private final List<FlexStep> steps;

    private FlexSchedule(List<FlexStep> steps) {
        this.steps = steps;
    }

    static FlexSchedule of(String field, List<FlexStep> steps) {
        Require.that(!steps.isEmpty(), field + " must not be empty in FLEX_SCHEDULE mode");
        Require.that(steps.size() <= MAX_STEPS, field + " has " + steps.size() + " steps, at most " + MAX_STEPS);
        for (int i = 1; i < steps.size(); i++) {
            int previous = steps.get(i - 1).startMinuteOfDay();
            int start = steps.get(i).startMinuteOfDay();
            Require.that(start > previous,
                    "%s start minutes must increase: %d after %d".formatted(field, start, previous));
        }
        return new FlexSchedule(List.copyOf(steps));
    }

    int stepCount() {
        return steps.size();
    }

    int stepIndexAt(long pumpMs) {
        long msOfDay = Math.floorMod(pumpMs, Units.MS_PER_DAY);
        int index = steps.size() - 1;
        for (int i = 0; i < steps.size(); i++) {
            if (startMsOfDay(i) <= msOfDay) {
                index = i;
            }
        }
        return index;
    }

    long rateAt(long pumpMs) {
        return steps.get(stepIndexAt(pumpMs)).rateNlPerHour();
    }

    /** Pump time of the first step start strictly after {@code pumpMs}. */
    long nextStepStartAfter(long pumpMs) {
        long msOfDay = Math.floorMod(pumpMs, Units.MS_PER_DAY);
        long dayStartMs = pumpMs - msOfDay;
        for (int i = 0; i < steps.size(); i++) {
            if (startMsOfDay(i) > msOfDay) {
                return dayStartMs + startMsOfDay(i);
            }
        }
        return dayStartMs + Units.MS_PER_DAY + startMsOfDay(0);
    }

    /**
     * Nanolitres the schedule delivers over a whole day: each step's rate for the minutes until the next step
     * starts (the last one until the first starts the next day), rounded once to the nearest nanolitre.
     */
    long dailyVolumeNl() {
        long nlMinutesPerHour = 0;
        for (int i = 0; i < steps.size(); i++) {
            int nextStart = i + 1 < steps.size() ? steps.get(i + 1).startMinuteOfDay()
                    : steps.get(0).startMinuteOfDay() + Units.MINUTES_PER_DAY;
            nlMinutesPerHour += steps.get(i).rateNlPerHour() * (nextStart - steps.get(i).startMinuteOfDay());
        }
        return (nlMinutesPerHour + MINUTES_PER_HOUR / 2) / MINUTES_PER_HOUR;
    }

    private long startMsOfDay(int index) {
        return steps.get(index).startMinuteOfDay() * Units.MS_PER_MINUTE;
    }
}
