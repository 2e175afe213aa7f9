package io.pumplink.emulator.pump;

import io.pumplink.protocol.message.FlowMode;
import java.util.List;

/** The basal therapy the pump is programmed for; boluses come on top of it (see {@link Infusion}). */
record Therapy(FlowMode mode, long continuousRateNlPerHour, FlexSchedule schedule) {
    /** Rates are logged as i32 (DOSE_CHANGE a and b). */
    static final long MAX_RATE_NL_PER_HOUR = Integer.MAX_VALUE;
    static final long MINIMUM_RATE_NL_PER_HOUR = 250;
    private static final long HOURS_PER_DAY = 24;

    /** Builds a therapy; {@code steps} must be non-empty for FLEX_SCHEDULE and empty for every other mode. */
    static Therapy of(String modeField, int modeCode, long continuousRateNlPerHour, String stepsField,
                      List<FlexStep> steps) {
        FlowMode mode = programmableMode(modeField, modeCode);
        Require.range("rateNlPerHour", continuousRateNlPerHour, 0, MAX_RATE_NL_PER_HOUR);
        if (mode == FlowMode.FLEX_SCHEDULE) {
            return new Therapy(mode, continuousRateNlPerHour, FlexSchedule.of(stepsField, steps));
        }
        Require.that(steps.isEmpty(), stepsField + " must be empty unless the mode is FLEX_SCHEDULE (2)");
        return new Therapy(mode, continuousRateNlPerHour, FlexSchedule.NONE);
    }

    /** Bolus kinds are not basal modes: they are started with {@link PumpModel#bolus}. */
    private static FlowMode programmableMode(String field, int modeCode) {
        FlowMode mode = FlowMode.of(modeCode).orElse(null);
        Require.that(mode == FlowMode.STOPPED || mode == FlowMode.CONTINUOUS || mode == FlowMode.FLEX_SCHEDULE
                        || mode == FlowMode.MINIMUM_RATE,
                field + " " + modeCode
                        + " is not a basal mode (0 STOPPED, 1 CONTINUOUS, 2 FLEX_SCHEDULE, 6 MINIMUM_RATE)");
        return mode;
    }

    static Therapy continuous(long rateNlPerHour) {
        Require.range("rateNlPerHour", rateNlPerHour, 0, MAX_RATE_NL_PER_HOUR);
        return new Therapy(FlowMode.CONTINUOUS, rateNlPerHour, FlexSchedule.NONE);
    }

    /** What a pump runs after a reset: the minimum rate, keeping the continuous rate for a later mode change. */
    Therapy minimumRate() {
        return new Therapy(FlowMode.MINIMUM_RATE, continuousRateNlPerHour, FlexSchedule.NONE);
    }

    long basalRateNlPerHour(long pumpMs) {
        return mode == FlowMode.FLEX_SCHEDULE ? schedule.rateAt(pumpMs) : fixedRateNlPerHour();
    }

    /** The rate of every mode but FLEX_SCHEDULE. */
    private long fixedRateNlPerHour() {
        return switch (mode) {
            case CONTINUOUS -> continuousRateNlPerHour;
            case MINIMUM_RATE -> MINIMUM_RATE_NL_PER_HOUR;
            default -> 0;
        };
    }

    /**
     * Nanolitres this prescription delivers over 24 h (THERAPY_SUMMARY.daily_volume_nl): the sum of the flex steps,
     * the rate × 24 otherwise, 0 when stopped. Boluses are not part of it.
     */
    long dailyVolumeNl() {
        return mode == FlowMode.FLEX_SCHEDULE ? schedule.dailyVolumeNl() : fixedRateNlPerHour() * HOURS_PER_DAY;
    }

    /**
     * Nanolitres this therapy delivers from {@code fromPumpMs} to {@code toPumpMs} with the motor running
     * throughout, at most {@code limitNl} (the sum stops growing once it gets there).
     */
    long deliveredNl(long fromPumpMs, long toPumpMs, long limitNl) {
        Infusion motor = new Infusion();
        long deliveredNl = 0;
        long nowMs = fromPumpMs;
        while (nowMs < toPumpMs && deliveredNl < limitNl) {
            // a day at most per piece, as in PumpModel, keeps rate × time far from overflow
            long endMs = Math.min(toPumpMs, Math.min(nowMs + Units.MS_PER_DAY, nextRateChangePumpMs(nowMs)));
            deliveredNl += motor.run(basalRateNlPerHour(nowMs), endMs - nowMs);
            nowMs = endMs;
        }
        return Math.min(deliveredNl, limitNl);
    }

    /** Pump time of the next basal rate change after {@code pumpMs}; {@code Long.MAX_VALUE} when the rate is fixed. */
    long nextRateChangePumpMs(long pumpMs) {
        return mode == FlowMode.FLEX_SCHEDULE ? schedule.nextStepStartAfter(pumpMs) : Long.MAX_VALUE;
    }

    /** 0-based index of the current flex step; 0 outside FLEX_SCHEDULE. */
    int stepIndex(long pumpMs) {
        return mode == FlowMode.FLEX_SCHEDULE ? schedule.stepIndexAt(pumpMs) : 0;
    }

    int stepCount() {
        return schedule.stepCount();
    }
}
