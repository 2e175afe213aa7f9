package io.pumplink.emulator.scenario;

import java.time.LocalTime;

/**
 * One step of a FLEX_SCHEDULE: from {@code start} (pump clock, whole minutes) until the next step's start, the
 * pump delivers {@code rateNlPerHour}; the last step runs on past midnight until the first one starts.
 */
public record FlexStepSpec(LocalTime start, long rateNlPerHour) {
}
