package io.pumplink.emulator.pump;

import static io.pumplink.emulator.pump.TestPumps.DAY_MS;
import static io.pumplink.emulator.pump.TestPumps.HOUR_MS;
import static io.pumplink.emulator.pump.TestPumps.SERIAL;
import static io.pumplink.emulator.pump.TestPumps.START_MS;
import static org.assertj.core.api.Assertions.assertThat;

import io.pumplink.protocol.message.Drug;
import io.pumplink.protocol.message.FlowMode;
import io.pumplink.protocol.message.FlowStatus;
import io.pumplink.protocol.message.TherapySummary;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** THERAPY_SUMMARY (ICD section 6): what the current prescription delivers in 24 h, computed by hand. */
class TherapySummaryTest {
    private static final long UNKNOWN = TherapySummary.DAILY_DOSE_UNKNOWN;

    @Test
    void continuous10417NlPerHourIs250008NlAnd500UgPerDay() {
        PumpModel pump = TestPumps.baclofen().pump();

        // 10 417 nL/h × 24 = 250 008 nL; × 2 000 µg/mL / 10^6 = 500.016 µg → 500
        assertThat(pump.therapySummary()).isEqualTo(new TherapySummary(START_MS, SERIAL, Drug.BACLOFEN.code(), 2_000,
                250_008, 500, 0));
    }

    @Test
    void flexScheduleIsTheExactSumOfItsSteps274992NlAnd550UgPerDayAtEveryStep() {
        PumpModel pump = TestPumps.baclofen()
                .flex(new FlexStep(0, 8_333), new FlexStep(23 * 60, 83_333)).pump();

        // 8 333 nL/h × 23 h + 83 333 nL/h × 1 h = 191 659 + 83 333 = 274 992 nL; × 2 000 / 10^6 = 549.984 → 550 µg
        // (the current step's rate alone would say 8 333 × 24 = 199 992 nL, 400 µg/day)
        assertThat(pump.therapySummary()).extracting(TherapySummary::dailyVolumeNl, TherapySummary::dailyDoseUg)
                .containsExactly(274_992L, 550L);
        pump.advanceTo(START_MS + 23 * HOUR_MS + HOUR_MS / 2);
        assertThat(pump.flow()).extracting(FlowStatus::stepIndex, FlowStatus::rateNlPerHour)
                .containsExactly(1, 83_333L);
        assertThat(pump.therapySummary()).extracting(TherapySummary::tsMs, TherapySummary::dailyVolumeNl,
                TherapySummary::dailyDoseUg).containsExactly(START_MS + 23 * HOUR_MS + HOUR_MS / 2, 274_992L, 550L);
    }

    @Test
    void flexStepsWrapPastMidnightAndPartHoursRoundOnceToTheNearestNanolitre() {
        PumpModel wrapping = TestPumps.baclofen().flex(new FlexStep(6 * 60, 20_000), new FlexStep(18 * 60, 4_000))
                .pump();
        PumpModel tenMinutes = TestPumps.baclofen().flex(new FlexStep(7 * 60, 10_001), new FlexStep(7 * 60 + 10, 0))
                .pump();

        // 20 000 × 12 h + 4 000 × (6 h to midnight + 6 h after) = 240 000 + 48 000 = 288 000 nL → 576 µg
        assertThat(wrapping.therapySummary()).extracting(TherapySummary::dailyVolumeNl, TherapySummary::dailyDoseUg)
                .containsExactly(288_000L, 576L);
        // 10 001 nL/h × 10/60 h = 1 666.83 nL → 1 667; × 2 000 / 10^6 = 3.334 → 3 µg
        assertThat(tenMinutes.therapySummary()).extracting(TherapySummary::dailyVolumeNl,
                TherapySummary::dailyDoseUg).containsExactly(1_667L, 3L);
    }

    @Test
    void stoppedIsZeroNlAndZeroUg() {
        PumpModel pump = TestPumps.baclofen().pump();

        pump.changeMode(FlowMode.STOPPED.code(), List.of());

        assertThat(pump.therapySummary()).extracting(TherapySummary::dailyVolumeNl, TherapySummary::dailyDoseUg)
                .containsExactly(0L, 0L);
    }

    @Test
    void atMinimumRateItIsWhatThePumpNowDelivers6000NlAnd12Ug() {
        PumpModel pump = TestPumps.baclofen().continuous(41_667).pump();

        pump.reset(2);

        // 250 nL/h × 24 = 6 000 nL; × 2 000 / 10^6 = 12 µg, not the 1 000 µg/day it fell back from
        assertThat(pump.therapySummary()).extracting(TherapySummary::dailyVolumeNl, TherapySummary::dailyDoseUg)
                .containsExactly(6_000L, 12L);
    }

    @Test
    void aRunningBolusIsNotPartOfIt() {
        PumpModel pump = TestPumps.baclofen().pump();
        TherapySummary before = pump.therapySummary();

        pump.bolus(500, 60, FlowMode.CLINICIAN_BOLUS.code());
        pump.advanceTo(START_MS + HOUR_MS / 2);

        assertThat(pump.flow().modeCode()).isEqualTo(FlowMode.CLINICIAN_BOLUS.code());
        assertThat(pump.therapySummary()).extracting(TherapySummary::dailyVolumeNl, TherapySummary::dailyDoseUg)
                .containsExactly(before.dailyVolumeNl(), before.dailyDoseUg()).containsExactly(250_008L, 500L);
    }

    @Test
    void anUnknownConcentrationMakesTheDoseUnknownButNotTheVolume() {
        PumpModel pump = TestPumps.baclofen().concentration(0).pump();

        TherapySummary summary = pump.therapySummary();

        assertThat(summary).extracting(TherapySummary::concentrationUgPerMl, TherapySummary::dailyVolumeNl,
                TherapySummary::dailyDoseUg).containsExactly(0L, 250_008L, 0xFFFF_FFFFL);
        assertThat(summary.dailyDoseKnown()).isFalse();
    }

    @Test
    void aDailyVolumeBeyondU32SaturatesInsteadOfFailing() {
        PumpModel pump = TestPumps.baclofen().reservoir(1_000_000, 1_000_000, 0).continuous(Integer.MAX_VALUE)
                .pump();

        // 2 147 483 647 nL/h × 24 = 51 539 607 528 nL > 4 294 967 295; × 2 000 / 10^6 = 8 589 934.59 → 8 589 935 µg
        assertThat(pump.therapySummary()).extracting(TherapySummary::dailyVolumeNl, TherapySummary::dailyDoseUg)
                .containsExactly(0xFFFF_FFFFL, 8_589_935L);
    }

    @Test
    void nextRefillDueIsTheDateSetAtTheLastRefillNotAProjection() {
        long dueMs = START_MS + 60 * DAY_MS;
        PumpModel pump = TestPumps.baclofen()
                .lastRefill(new LastRefill(START_MS - 30 * DAY_MS, OptionalLong.empty(), dueMs)).pump();
        assertThat(pump.therapySummary().nextRefillDueTsMs()).isEqualTo(dueMs);

        pump.changeRate(41_667); // runs dry far sooner: the date stays what the clinician set
        pump.advanceTo(START_MS + DAY_MS);
        assertThat(pump.therapySummary().nextRefillDueTsMs()).isEqualTo(dueMs);
    }

    @Test
    void aRefillSetsTheNextDateOrKeepsTheClinicianInterval() {
        long refillMs = START_MS + DAY_MS;
        PumpModel pump = TestPumps.baclofen()
                .lastRefill(new LastRefill(START_MS - 30 * DAY_MS, OptionalLong.empty(), START_MS + 60 * DAY_MS))
                .pump();
        pump.advanceTo(refillMs);

        pump.refill(20_000, OptionalLong.empty(), OptionalLong.of(45 * DAY_MS));
        assertThat(pump.therapySummary().nextRefillDueTsMs()).isEqualTo(refillMs + 45 * DAY_MS);

        pump.advanceTo(refillMs + 2 * DAY_MS);
        pump.refill(20_000, OptionalLong.empty(), OptionalLong.empty());
        assertThat(pump.therapySummary().nextRefillDueTsMs()).as("the same 45 days again")
                .isEqualTo(refillMs + 2 * DAY_MS + 45 * DAY_MS);
    }

    @Test
    void aRefillWithoutADateAfterAnUnknownOneLeavesItUnknown() {
        PumpModel pump = TestPumps.baclofen().pump();

        pump.refill(20_000, OptionalLong.empty(), OptionalLong.empty());

        assertThat(pump.therapySummary().nextRefillDueTsMs()).isZero();
    }
}
