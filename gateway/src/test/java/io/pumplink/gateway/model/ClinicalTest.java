package io.pumplink.gateway.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.pumplink.protocol.message.FlowStatus;
import io.pumplink.protocol.message.LogEntry;
import io.pumplink.protocol.message.LogEvent;
import io.pumplink.protocol.message.ReservoirStatus;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ClinicalTest {
    private static final long TS_MS = 1_767_225_600_000L;
    private static final long DAY_MS = 86_400_000L;
    private final Clinical clinical = new Clinical(ClinicalSettings.DEFAULTS);

    @Test
    void oneMlPerDayIs41667NlPerHour() {
        assertThat(Clinical.mlPerDay(41_667)).isCloseTo(1.0, within(1e-4));
    }

    @Test
    void dailyDoseIsRateTimesConcentration() {
        FlowStatus flow = new FlowStatus(TS_MS, "NGP-4711", 1, 20_833, 0, 7655, 0, 0);
        Derived.Flow derived = clinical.flow(flow, OptionalLong.of(2000));
        assertThat(derived.rateMlPerDay()).isCloseTo(0.5, within(1e-4));
        assertThat(derived.dailyDoseUgPerDay().getAsDouble()).isCloseTo(1000, within(0.1));
    }

    @Test
    void dailyDoseNeedsAKnownConcentration() {
        FlowStatus flow = new FlowStatus(TS_MS, "NGP-4711", 1, 20_833, 0, 0, 0, 0);
        assertThat(clinical.flow(flow, OptionalLong.empty()).dailyDoseUgPerDay()).isEmpty();
    }

    @Test
    void reservoirProjectionsAtOneMlPerDay() {
        // 20 mL left, low threshold 2 mL, 1 mL/day: 18 days to the threshold, 20 to empty, refill by day 15
        ReservoirStatus reservoir = new ReservoirStatus(TS_MS, "NGP-4711", 20_000, 2000, 1, 2000, 0);
        Derived.Reservoir derived = clinical.reservoir(reservoir, OptionalLong.of(41_667));
        assertThat(derived.volumeMl()).isEqualTo(20.0);
        assertThat(derived.daysToLowThreshold().getAsDouble()).isCloseTo(18, within(1e-3));
        assertThat(derived.daysToEmpty().getAsDouble()).isCloseTo(20, within(1e-3));
        assertThat(derived.refillByDateMs().getAsLong()).isCloseTo(TS_MS + 15 * DAY_MS, within(60_000L));
    }

    @Test
    void belowThresholdMeansZeroDaysToLowAndRefillByIsInThePast() {
        ReservoirStatus reservoir = new ReservoirStatus(TS_MS, "NGP-4711", 1500, 2000, 1, 2000, 0);
        Derived.Reservoir derived = clinical.reservoir(reservoir, OptionalLong.of(41_667));
        assertThat(derived.daysToLowThreshold().getAsDouble()).isZero();
        assertThat(derived.refillByDateMs().getAsLong()).isLessThan(TS_MS);
    }

    @Test
    void stoppedPumpHasNoProjections() {
        ReservoirStatus reservoir = new ReservoirStatus(TS_MS, "NGP-4711", 20_000, 2000, 1, 2000, 0);
        Derived.Reservoir derived = clinical.reservoir(reservoir, OptionalLong.of(0));
        assertThat(derived.daysToEmpty()).isEmpty();
        assertThat(derived.refillByDateMs()).isEmpty();
    }

    @Test
    void refillWithinToleranceIsNotFlagged() {
        Derived.Refill refill = clinical.refill(refill(2000, 1800));
        assertThat(refill.discrepancyUl()).isEqualTo(-200);
        assertThat(refill.discrepancyPct().getAsDouble()).isCloseTo(-10, within(1e-9));
        assertThat(refill.flagged()).isFalse();
    }

    @Test
    void refillBeyondToleranceIsFlagged() {
        Derived.Refill refill = clinical.refill(refill(2000, 1500));
        assertThat(refill.discrepancyPct().getAsDouble()).isCloseTo(-25, within(1e-9));
        assertThat(refill.flagged()).isTrue();
    }

    @Test
    void toleranceIsConfigurable() {
        Clinical strict = new Clinical(new ClinicalSettings(3, 5));
        assertThat(strict.refill(refill(2000, 1800)).flagged()).isTrue();
    }

    private static LogEntry refill(int expectedUl, int measuredUl) {
        return new LogEntry(TS_MS, "NGP-4711", 7, 0, LogEvent.REFILL.code(), expectedUl, measuredUl, 20_000);
    }
}
