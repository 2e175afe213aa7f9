package io.pumplink.emulator.pump;

import io.pumplink.protocol.message.FlowMode;
import java.util.List;

/** The basal therapy the pump is programmed for; boluses come on top of it (see {@link Infusion}). */
record Therapy(FlowMode mode, long continuousRateNlPerHour, FlexSchedule schedule) {
    /** Rates are logged as i32 (DOSE_CHANGE a and b). */
    static final long MAX_RATE_NL_PER_HOUR = Integer.MAX_VALUE;
    static final long MINIMUM_RATE_NL_PER_HOUR = 250;

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
        return switch (mode) {
            case CONTINUOUS -> continuousRateNlPerHour;
            case FLEX_SCHEDULE -> schedule.rateAt(pumpMs);
            case MINIMUM_RATE -> MINIMUM_RATE_NL_PER_HOUR;
            default -> 0;
        };
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
