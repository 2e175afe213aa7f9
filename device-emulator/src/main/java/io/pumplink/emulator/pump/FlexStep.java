package io.pumplink.emulator.pump;

/**
 * One step of a flexible schedule: from {@code startMinuteOfDay} (UTC, on the pump's clock) until the next step
 * starts, the pump delivers {@code rateNlPerHour}.
 */
public record FlexStep(int startMinuteOfDay, long rateNlPerHour) {
    public FlexStep {
        Require.range("startMinuteOfDay", startMinuteOfDay, 0, Units.MINUTES_PER_DAY - 1);
        Require.range("rateNlPerHour", rateNlPerHour, 0, Therapy.MAX_RATE_NL_PER_HOUR);
    }
}
