package io.pumplink.gateway.model;

import static io.pumplink.gateway.model.TestFrames.DAY_MS;
import static io.pumplink.gateway.model.TestFrames.PUMP;
import static io.pumplink.gateway.model.TestFrames.TS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.pumplink.gateway.model.Derived.Basis;
import io.pumplink.protocol.message.FlowStatus;
import io.pumplink.protocol.message.LogEntry;
import io.pumplink.protocol.message.ReservoirStatus;
import io.pumplink.protocol.message.TherapySummary;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The arithmetic of docs/clinical.md, each case computed by hand in its comment. The defects of issue 8 each have
 * a test named after them; the values the gateway published before the fix are in the comments.
 */
class ClinicalTest {
    private static final long FILL_TS = TS - 30 * DAY_MS;
    private static final int CONTINUOUS = 1;
    private static final int FLEX = 2;
    private static final int STOPPED = 0;
    private final Clinical clinical = new Clinical(ClinicalSettings.DEFAULTS);

    private static ReservoirStatus reservoir(long volumeUl, long concentrationUgPerMl) {
        return new ReservoirStatus(TS, PUMP, volumeUl, 2000, 1, concentrationUgPerMl, FILL_TS);
    }

    private static ReservoirStatus reservoirAt(long tsMs, long volumeUl) {
        return new ReservoirStatus(tsMs, PUMP, volumeUl, 2000, 1, 2000, FILL_TS);
    }

    private static FlowStatus flow(int mode, long rateNlPerHour, long bolusRemainingUl) {
        return new FlowStatus(TS, PUMP, mode, rateNlPerHour, bolusRemainingUl, 7655, 0, 0);
    }

    private static StatusRound round(ReservoirStatus reservoir, FlowStatus flow) {
        return new StatusRound(Optional.of(reservoir), Optional.of(flow), Optional.empty());
    }

    private static StatusRound round(ReservoirStatus reservoir, FlowStatus flow, TherapySummary therapy) {
        return new StatusRound(Optional.of(reservoir), Optional.of(flow), Optional.of(therapy));
    }

    private Derived.Reservoir project(StatusRound round) {
        return clinical.reservoir(round.reservoir().orElseThrow(), round, Optional.empty()).derived();
    }

    @Test
    void oneMlPerDayIs41667NlPerHour() {
        assertThat(Clinical.mlPerDay(41_667)).isCloseTo(1.0, within(1e-4));
    }

    // ---- defect 1: refill accuracy is judged on the delivered volume (ICD section 6) ----

    /**
     * The example: 10 mL fill, 7.0 mL counted as delivered, 2.5 mL measured where 3.0 mL was expected. The
     * pump delivered 10 000 - 2 500 = 7 500 uL: (7 500 - 7 000) / 7 000 = +7.14 %, within +-14.5 %. Before the fix
     * the gateway divided the residual discrepancy by the expected residual: -500 / 3 000 = -16.7 %, flagged.
     */
    @Test
    void defect1RefillAccuracyIsPlus7Point1PctOfTheDeliveredVolumeNotMinus16Point7PctOfTheResidual() {
        LogEntry refill = new LogEntry(TS, PUMP, 7, 0, 1, 3000, 2500, 10_000);
        LogEntry accounting = new LogEntry(TS, PUMP, 7, 1, 8, 7000, 10_000, 720);

        Derived.RefillAccuracy accuracy = clinical.refillAccuracy(refill, accounting);

        assertThat(accuracy.expectedDeliveredUl()).isEqualTo(7000);
        assertThat(accuracy.actualDeliveredUl()).isEqualTo(7500);
        assertThat(accuracy.deviationPct().getAsDouble()).isCloseTo(7.142857, within(1e-6));
        assertThat(accuracy.outOfRange()).isFalse();
        assertThat(accuracy.tolerancePct()).isEqualTo(14.5);
        assertThat(Clinical.refill(refill).discrepancyUl()).isEqualTo(-500);
    }

    /** 1 500 uL measured: 10 000 - 1 500 = 8 500 delivered, (8 500 - 7 000) / 7 000 = +21.43 %: over-infusion. */
    @Test
    void refillDeliveringMoreThanCountedIsOverInfusionOutOfRange() {
        Derived.RefillAccuracy accuracy = clinical.refillAccuracy(new LogEntry(TS, PUMP, 7, 0, 1, 3000, 1500, 10_000),
                new LogEntry(TS, PUMP, 7, 1, 8, 7000, 10_000, 720));

        assertThat(accuracy.deviationPct().getAsDouble()).isCloseTo(21.428571, within(1e-6));
        assertThat(accuracy.outOfRange()).isTrue();
    }

    /** 4 500 uL measured: 5 500 delivered, (5 500 - 7 000) / 7 000 = -21.43 %: under-infusion. */
    @Test
    void refillDeliveringLessThanCountedIsNegativeUnderInfusion() {
        Derived.RefillAccuracy accuracy = clinical.refillAccuracy(new LogEntry(TS, PUMP, 7, 0, 1, 3000, 4500, 10_000),
                new LogEntry(TS, PUMP, 7, 1, 8, 7000, 10_000, 720));

        assertThat(accuracy.deviationPct().getAsDouble()).isCloseTo(-21.428571, within(1e-6));
        assertThat(accuracy.outOfRange()).isTrue();
    }

    /** 20 000 filled, 10 000 counted, 8 550 measured: 11 450 delivered = +14.5 % exactly, which is within. */
    @Test
    void deviationExactlyAtTheToleranceIsWithinAndTheToleranceIsConfigurable() {
        LogEntry refill = new LogEntry(TS, PUMP, 7, 0, 1, 10_000, 8550, 20_000);
        LogEntry accounting = new LogEntry(TS, PUMP, 7, 1, 8, 10_000, 20_000, 720);
        Clinical strict = new Clinical(settings(Map.of(), 10));

        assertThat(clinical.refillAccuracy(refill, accounting).deviationPct().getAsDouble())
                .isCloseTo(14.5, within(1e-9));
        assertThat(clinical.refillAccuracy(refill, accounting).outOfRange()).isFalse();
        assertThat(strict.refillAccuracy(refill, accounting).outOfRange()).isTrue();
    }

    @Test
    void nothingCountedAsDeliveredGivesNoPercentage() {
        Derived.RefillAccuracy accuracy = clinical.refillAccuracy(new LogEntry(TS, PUMP, 7, 0, 1, 0, 0, 10_000),
                new LogEntry(TS, PUMP, 7, 1, 8, 0, 10_000, 1));

        assertThat(accuracy.deviationPct()).isEmpty();
        assertThat(accuracy.outOfRange()).isFalse();
    }

    // ---- defect 3: flex schedules project from the daily volume, never from the current step ----

    /**
     * 8 333 nL/h for 23 h and 83 333 nL/h for 1 h: 191 659 + 83 333 = 274 992 nL/day, 550 ug/day at 2 000 ug/mL.
     * 18 000 uL above the threshold last 18 000 / 274.992 = 65.456 days. Before the fix the current step's rate gave
     * 8 333 x 24 = 199 992 nL/day: 90.0 days and 400 ug/day, a refill-by date 24.5 days late.
     */
    @Test
    void defect3FlexScheduleLasts65Point5DaysAt550UgPerDayNot90DaysAt400() {
        TherapySummary therapy = new TherapySummary(TS, PUMP, 1, 2000, 274_992, 550, 0);
        StatusRound round = round(reservoir(20_000, 2000), flow(FLEX, 8333, 0), therapy);

        Derived.Reservoir projected = project(round);
        Derived.Flow dose = clinical.flow(round.flow().orElseThrow(), round);

        assertThat(projected.basis()).isEqualTo(Basis.DAILY_VOLUME);
        assertThat(projected.dailyVolumeNl()).hasValue(274_992);
        assertThat(projected.daysToLowThreshold().getAsDouble()).isCloseTo(65.456, within(1e-3));
        assertThat(projected.daysToEmpty().getAsDouble()).isCloseTo(72.730, within(1e-3));
        assertThat(projected.projectionRateNlPerHour()).isEmpty();
        assertThat(dose.dailyDoseUgPerDay()).hasValue(550);
        assertThat(dose.basis()).isEqualTo(Basis.DAILY_VOLUME);
        assertThat(dose.rateMlPerDay()).isCloseTo(0.199992, within(1e-9)); // the current step, as it is
    }

    /** PTL 1.0: no THERAPY_SUMMARY, so a flex schedule has no projection and no daily dose, and says why. */
    @Test
    void flexScheduleWithoutTherapySummaryIsNotProjected() {
        StatusRound round = round(reservoir(20_000, 2000), flow(FLEX, 8333, 0));

        Derived.Reservoir projected = project(round);
        Derived.Flow dose = clinical.flow(round.flow().orElseThrow(), round);

        assertThat(projected.basis()).isEqualTo(Basis.NONE);
        assertThat(projected.daysToLowThreshold()).isEmpty();
        assertThat(projected.refillByDateMs()).isEmpty();
        assertThat(projected.unavailableReason()).startsWith("flex schedule without THERAPY_SUMMARY");
        assertThat(dose.dailyDoseUgPerDay()).isEmpty();
        assertThat(dose.unavailableReason()).isEqualTo(projected.unavailableReason());
    }

    /** PTL 1.0, CONTINUOUS: 20 833 nL/h x 24 = 499 992 nL/day; 10 345 uL above 2 000 last 20.690 days. */
    @Test
    void continuousWithoutTherapySummaryProjectsFromTheCurrentRate() {
        Derived.Reservoir projected = project(round(reservoir(12_345, 2000), flow(CONTINUOUS, 20_833, 0)));

        assertThat(projected.basis()).isEqualTo(Basis.CURRENT_RATE);
        assertThat(projected.projectionRateNlPerHour()).hasValue(20_833);
        assertThat(projected.dailyVolumeNl()).hasValue(499_992);
        assertThat(projected.daysToLowThreshold().getAsDouble()).isCloseTo(20.6903, within(1e-4));
        assertThat(projected.daysToEmpty().getAsDouble()).isCloseTo(24.6904, within(1e-4));
    }

    @Test
    void otherModesWithoutTherapySummaryAreNotProjected() {
        assertThat(project(round(reservoir(12_345, 2000), flow(6, 250, 0))).unavailableReason())
                .startsWith("minimum rate without THERAPY_SUMMARY");
        assertThat(project(round(reservoir(12_345, 2000), flow(4, 400_000, 150))).unavailableReason())
                .startsWith("bolus running without THERAPY_SUMMARY");
        assertThat(project(round(reservoir(12_345, 2000), flow(STOPPED, 0, 0))).unavailableReason())
                .isEqualTo("flow mode STOPPED: nothing is delivered");
    }

    /** A bolus still running leaves the reservoir soon: 12 345 - 345 = 12 000 uL usable, 10 000 above, 1 mL/day. */
    @Test
    void bolusRemainingIsTakenOffBeforeProjecting() {
        TherapySummary therapy = new TherapySummary(TS, PUMP, 1, 2000, 1_000_000, 2000, 0);
        Derived.Reservoir projected = project(round(reservoir(12_345, 2000), flow(4, 400_000, 345), therapy));

        assertThat(projected.daysToLowThreshold().getAsDouble()).isCloseTo(10, within(1e-9));
        assertThat(projected.daysToEmpty().getAsDouble()).isCloseTo(12, within(1e-9));
        assertThat(projected.lowThresholdDateMs()).hasValue(TS + 10 * DAY_MS);
        assertThat(projected.refillByDateMs()).hasValue(TS + 7 * DAY_MS);
    }

    @Test
    void aDailyVolumeOfZeroNeverRunsDown() {
        TherapySummary stopped = new TherapySummary(TS, PUMP, 1, 2000, 0, 0, 0);
        Derived.Reservoir projected = project(round(reservoir(12_345, 2000), flow(STOPPED, 0, 0), stopped));

        assertThat(projected.basis()).isEqualTo(Basis.DAILY_VOLUME);
        assertThat(projected.daysToEmpty()).isEmpty();
        assertThat(projected.unavailableReason()).isEqualTo("the pump delivers 0 per day: the reservoir does not"
                + " run down");
    }

    // ---- defect 4: once crossed, the low-threshold date (and the refill-by date) stays put ----

    /**
     * 1 mL/day (1 000 000 nL): 2 500 uL at day 0 crosses the 2 000 uL threshold at day 0.5; refill by day -2.5.
     * Rounds at days 1 and 2 (1 500 and 500 uL) keep both dates. Before the fix days-to-low was clamped at 0, so the
     * refill-by date was each frame's ts - 3 days: day -2, then day -1, sliding later with every frame.
     */
    @Test
    void defect4RefillByDateStaysFixedOnceTheThresholdIsCrossed() {
        TherapySummary oneMlPerDay = new TherapySummary(TS, PUMP, 1, 2000, 1_000_000, 2000, 0);
        Optional<ThresholdCrossing> memory = Optional.empty();
        long[] volumes = {2500, 1500, 500};
        Derived.Reservoir last = null;
        for (int day = 0; day < volumes.length; day++) {
            ReservoirStatus reservoir = reservoirAt(TS + day * DAY_MS, volumes[day]);
            Clinical.Projection projection = clinical.reservoir(reservoir,
                    round(reservoir, flow(CONTINUOUS, 41_667, 0), oneMlPerDay), memory);
            memory = projection.crossing();
            last = projection.derived();
            assertThat(last.lowThresholdDateMs()).as("day %d", day).hasValue(TS + DAY_MS / 2);
            assertThat(last.refillByDateMs()).as("day %d", day).hasValue(TS + DAY_MS / 2 - 3 * DAY_MS);
        }
        assertThat(last.daysToLowThreshold().getAsDouble()).isZero();
        assertThat(memory).hasValue(new ThresholdCrossing(FILL_TS, TS + DAY_MS / 2, true));
    }

    /** First seen below: 1 500 uL at 1 mL/day crossed 2 000 uL half a day ago. */
    @Test
    void aCrossingNotSeenBeforeIsBackExtrapolatedAndAfterARefillForgotten() {
        TherapySummary oneMlPerDay = new TherapySummary(TS, PUMP, 1, 2000, 1_000_000, 2000, 0);
        ReservoirStatus low = reservoirAt(TS, 1500);
        Clinical.Projection below = clinical.reservoir(low, round(low, flow(CONTINUOUS, 41_667, 0), oneMlPerDay),
                Optional.empty());
        ReservoirStatus refilled = new ReservoirStatus(TS + DAY_MS, PUMP, 20_000, 2000, 1, 2000, TS + DAY_MS);
        Clinical.Projection after = clinical.reservoir(refilled,
                round(refilled, flow(CONTINUOUS, 41_667, 0), oneMlPerDay), below.crossing());

        assertThat(below.derived().lowThresholdDateMs()).hasValue(TS - DAY_MS / 2);
        assertThat(after.derived().lowThresholdDateMs()).hasValue(TS + 19 * DAY_MS);
        assertThat(after.crossing().orElseThrow().crossed()).isFalse();
    }

    /** A pump stopped after the crossing: no projection, but the crossing of this fill stays known. */
    @Test
    void aCrossingStaysKnownWhenThePumpStopsDelivering() {
        ThresholdCrossing crossed = new ThresholdCrossing(FILL_TS, TS - DAY_MS, true);
        StatusRound stopped = round(reservoir(1500, 2000), flow(STOPPED, 0, 0));

        Clinical.Projection projection = clinical.reservoir(reservoir(1500, 2000), stopped, Optional.of(crossed));

        assertThat(projection.derived().lowThresholdDateMs()).hasValue(TS - DAY_MS);
        assertThat(projection.derived().daysToLowThreshold()).hasValue(0);
        assertThat(projection.derived().daysToEmpty()).isEmpty();
    }

    // ---- defect 5: an unknown concentration is no daily dose, not a dose of 0 ----

    @Test
    void defect5UnknownConcentrationLeavesTheDailyDoseUnsetNotZero() {
        StatusRound round = round(reservoir(12_345, 0), flow(CONTINUOUS, 20_833, 0));

        Derived.Flow dose = clinical.flow(round.flow().orElseThrow(), round);

        assertThat(dose.dailyDoseUgPerDay()).isEmpty();
        assertThat(dose.concentrationUgPerMl()).isEmpty();
        assertThat(dose.unavailableReason()).isEqualTo("concentration unknown");
    }

    /** THERAPY_SUMMARY dose unknown (0xFFFFFFFF) but the reservoir's concentration known: volume x concentration. */
    @Test
    void dailyDoseFallsBackToDailyVolumeTimesConcentration() {
        TherapySummary unknownDose = new TherapySummary(TS, PUMP, 1, 0, 274_992, TherapySummary.DAILY_DOSE_UNKNOWN, 0);
        StatusRound round = round(reservoir(20_000, 2000), flow(FLEX, 8333, 0), unknownDose);

        // 274 992 nL = 0.274992 mL x 2 000 ug/mL = 549.984 ug/day
        assertThat(clinical.flow(round.flow().orElseThrow(), round).dailyDoseUgPerDay().getAsDouble())
                .isCloseTo(549.984, within(1e-9));
        assertThat(clinical.therapy(unknownDose, round).dailyDoseUgPerDay().getAsDouble())
                .isCloseTo(549.984, within(1e-9));
    }

    static ClinicalSettings settings(Map<io.pumplink.protocol.message.Drug, Double> limits, double tolerancePct) {
        return new ClinicalSettings(3, tolerancePct, Duration.ZERO, Duration.ofDays(35), 50,
                limits.isEmpty() ? ClinicalSettings.DEFAULT_DAILY_DOSE_LIMITS : limits, Duration.ofMinutes(10),
                Map.of());
    }
}
