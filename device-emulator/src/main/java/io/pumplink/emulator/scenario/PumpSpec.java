package io.pumplink.emulator.scenario;

import io.pumplink.protocol.message.Drug;
import io.pumplink.protocol.message.FlowMode;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One simulated implanted pump and the therapy it runs at simulated time 0. Codes are kept as numbers, like the
 * protocol's messages, so that a scenario can use a drug code the ICD does not name.
 *
 * @param inRange             whether the programmer's telemetry reaches it at simulated time 0
 * @param modelCode           PUMP_IDENTITY model_code, u16
 * @param volumeUl            reservoir volume at simulated time 0 (the pump's estimate), at most
 *                            {@code reservoirCapacityUl}
 * @param drugCode            a {@link Drug} code or any other u8
 * @param modeCode            a basal {@link FlowMode}: STOPPED, CONTINUOUS, FLEX_SCHEDULE or MINIMUM_RATE
 * @param rateNlPerHour       the continuous rate (a file may give it as a daily dose, converted with the concentration)
 * @param flexSteps           non-empty exactly when the mode is FLEX_SCHEDULE
 * @param batteryDaysToEri    simulated days until elective replacement, fractions allowed (0.001 days is 86 s), so
 *                            that a pump can reach ERI during a short scenario; 0 means at ERI from the start
 * @param batteryDaysEriToEos days from ERI until end of service
 * @param logCapacity         entries the pump's event log keeps
 * @param lastRefill          how long before simulated time 0 the pump was last refilled
 * @param volumeAfterLastRefillUl what that refill filled, {@code volumeUl..reservoirCapacityUl}; empty: what the
 *                            start therapy delivered since then on top of {@code volumeUl}, capped at the capacity
 * @param nextRefillDue       the refill date the clinician set then, after simulated time 0; empty: unknown
 * @param deliveryErrorPct    how much more (negative: less) the reservoir physically loses than the pump counts
 */
public record PumpSpec(String serial, boolean inRange, int modelCode, long reservoirCapacityUl, long volumeUl,
                       long lowAlarmThresholdUl, int drugCode, long concentrationUgPerMl, int modeCode,
                       long rateNlPerHour, List<FlexStepSpec> flexSteps, double batteryDaysToEri,
                       double batteryDaysEriToEos, int logCapacity, Duration lastRefill,
                       OptionalLong volumeAfterLastRefillUl, Optional<Duration> nextRefillDue,
                       double deliveryErrorPct) {
    /**
     * Baclofen 2 000 µg/mL, 500 µg/day continuous, 18 mL in a 20 mL reservoir refilled 30 days ago, next refill
     * date unknown, delivering what it counts: a plausible, unremarkable pump.
     */
    public static final PumpSpec DEFAULT = new PumpSpec("NGP-000001", true, 8637, 20_000, 18_000, 2_000,
            Drug.BACLOFEN.code(), 2_000, FlowMode.CONTINUOUS.code(), DoseConversion.rateNlPerHour(500, 2_000),
            List.of(), 1_500, 90, 256, Duration.ofDays(30), OptionalLong.empty(), Optional.empty(), 0);

    public PumpSpec {
        flexSteps = List.copyOf(flexSteps);
    }

    public Optional<Drug> drug() {
        return Drug.of(drugCode);
    }

    public Optional<FlowMode> mode() {
        return FlowMode.of(modeCode);
    }

    static Optional<PumpSpec> firstInRange(List<PumpSpec> pumps) {
        return pumps.stream().filter(PumpSpec::inRange).findFirst();
    }
}
