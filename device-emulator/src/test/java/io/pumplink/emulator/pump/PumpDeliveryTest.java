package io.pumplink.emulator.pump;

import static io.pumplink.emulator.pump.TestPumps.DAY_MS;
import static io.pumplink.emulator.pump.TestPumps.HOUR_MS;
import static io.pumplink.emulator.pump.TestPumps.SERIAL;
import static io.pumplink.emulator.pump.TestPumps.START_COUNTED_UL;
import static io.pumplink.emulator.pump.TestPumps.START_MS;
import static io.pumplink.emulator.pump.TestPumps.logged;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.pumplink.protocol.message.Alarm;
import io.pumplink.protocol.message.BatteryStatus;
import io.pumplink.protocol.message.FlowMode;
import io.pumplink.protocol.message.FlowStatus;
import io.pumplink.protocol.message.LogEvent;
import io.pumplink.protocol.message.PumpIdentity;
import io.pumplink.protocol.message.ReservoirStatus;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Basal, flex and bolus delivery, checked against volumes computed by hand. */
class PumpDeliveryTest {
    private static final long ONE_ML_PER_DAY_NL_PER_HOUR = 41_667;

    @Test
    void oneMillilitrePerDayForTenDaysRemovesTenMillilitres() {
        PumpModel pump = TestPumps.baclofen().reservoir(20_000, 20_000, 0).continuous(ONE_ML_PER_DAY_NL_PER_HOUR)
                .pump();

        pump.advanceTo(START_MS + 10 * DAY_MS);

        assertThat(20_000 - pump.reservoir().volumeUl()).isCloseTo(10_000, within(1L));
        assertThat(pump.flow().deliveredSinceRefillUl()).isCloseTo(10_000, within(1L));
    }

    @Test
    void aWeekOfTheDefaultTherapyAtExactTimes() {
        PumpModel pump = TestPumps.baclofen().pump();
        long nlPerDay = 10_417 * 24;

        for (int day = 1; day <= 7; day++) {
            assertThat(pump.advanceTo(START_MS + day * DAY_MS)).isEmpty();

            long tsMs = START_MS + day * DAY_MS;
            long volumeNl = 18_000_000 - day * nlPerDay;
            assertThat(pump.reservoir()).isEqualTo(new ReservoirStatus(tsMs, SERIAL, volumeNl / 1000, 2_000, 1,
                    2_000, 1_764_547_200_000L));
            assertThat(pump.flow()).isEqualTo(new FlowStatus(tsMs, SERIAL, FlowMode.CONTINUOUS.code(), 10_417, 0,
                    START_COUNTED_UL + day * nlPerDay / 1000, 0, 0));
            assertThat(pump.battery()).isEqualTo(new BatteryStatus(tsMs, SERIAL, 3_300 - 400 * day / 1_500, 0,
                    1_500 - day));
        }
        assertThat(pump.identity()).isEqualTo(new PumpIdentity(START_MS + 7 * DAY_MS, SERIAL, 8637, 20_000, 0x0412,
                19_723, 150));
        assertThat(pump.reservoir().volumeUl()).isEqualTo(16_249);
        assertThat(pump.activeAlarms()).isEmpty();
        assertThat(pump.takeLogSinceLastInterrogation()).isEmpty();
    }

    @Test
    void flexScheduleOverADayDeliversTheSumOfItsSteps() {
        PumpModel pump = TestPumps.baclofen()
                .flex(new FlexStep(0, 10_000), new FlexStep(8 * 60, 20_000), new FlexStep(20 * 60, 5_000)).pump();

        pump.advanceTo(START_MS + 8 * HOUR_MS - 1);
        assertThat(pump.flow()).extracting(FlowStatus::stepIndex, FlowStatus::stepCount, FlowStatus::rateNlPerHour)
                .containsExactly(0, 3, 10_000L);
        pump.advanceTo(START_MS + 8 * HOUR_MS);
        assertThat(pump.flow()).extracting(FlowStatus::stepIndex, FlowStatus::rateNlPerHour)
                .containsExactly(1, 20_000L);
        pump.advanceTo(START_MS + 21 * HOUR_MS);
        assertThat(pump.flow()).extracting(FlowStatus::modeCode, FlowStatus::stepIndex, FlowStatus::rateNlPerHour)
                .containsExactly(FlowMode.FLEX_SCHEDULE.code(), 2, 5_000L);
        pump.advanceTo(START_MS + DAY_MS);

        long dayNl = 8 * 10_000 + 12 * 20_000 + 4 * 5_000;
        assertThat(pump.flow().deliveredSinceRefillUl()).isEqualTo(START_COUNTED_UL + dayNl / 1000);
        assertThat(pump.reservoir().volumeUl()).isEqualTo((18_000_000 - dayNl) / 1000);
    }

    @Test
    void beforeTheFirstStepOfADayThePreviousDaysLastStepRuns() {
        PumpModel pump = TestPumps.baclofen().flex(new FlexStep(6 * 60, 20_000), new FlexStep(18 * 60, 4_000))
                .pump();

        assertThat(pump.flow()).extracting(FlowStatus::stepIndex, FlowStatus::rateNlPerHour)
                .containsExactly(1, 4_000L);
        pump.advanceTo(START_MS + DAY_MS);

        long dayNl = 6 * 4_000 + 12 * 20_000 + 6 * 4_000;
        assertThat(pump.reservoir().volumeUl()).isEqualTo((18_000_000 - dayNl) / 1000);
    }

    @Test
    void changeModeSwitchesToANewScheduleAtTheCurrentTime() {
        PumpModel pump = TestPumps.baclofen().pump();
        pump.advanceTo(START_MS + 6 * HOUR_MS);

        List<PumpEvent> events = pump.changeMode(FlowMode.FLEX_SCHEDULE.code(),
                List.of(new FlexStep(0, 0), new FlexStep(12 * 60, 30_000)));
        pump.advanceTo(START_MS + DAY_MS);

        assertThat(logged(events)).containsExactly(
                new LogRecord(START_MS + 6 * HOUR_MS, LogEvent.MODE_CHANGE.code(), 1, 2, 0));
        long dayNl = 6 * 10_417 + 6 * 0 + 12 * 30_000;
        assertThat(pump.reservoir().volumeUl()).isEqualTo((18_000_000 - dayNl) / 1000);
    }

    @Test
    void refusesToGoBackInTime() {
        PumpModel pump = TestPumps.baclofen().pump();
        pump.advanceTo(START_MS + HOUR_MS);

        assertThatThrownBy(() -> pump.advanceTo(START_MS)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("simMs %d is before the model's time %d".formatted(START_MS, START_MS + HOUR_MS));
    }

    @Test
    void bolusIsDeliveredOnTopOfTheBasalRate() {
        PumpModel pump = TestPumps.baclofen().pump();
        PumpModel basalOnly = TestPumps.baclofen().pump();

        List<PumpEvent> events = pump.bolus(100, 30, FlowMode.CLINICIAN_BOLUS.code());

        assertThat(logged(events)).containsExactly(new LogRecord(START_MS, LogEvent.BOLUS.code(), 100, 30, 4));
        pump.advanceTo(START_MS + 15 * 60_000);
        assertThat(pump.flow()).extracting(FlowStatus::modeCode, FlowStatus::rateNlPerHour,
                FlowStatus::bolusRemainingUl).containsExactly(FlowMode.CLINICIAN_BOLUS.code(), 10_417L, 50L);
        pump.advanceTo(START_MS + HOUR_MS);
        basalOnly.advanceTo(START_MS + HOUR_MS);

        assertThat(pump.flow()).extracting(FlowStatus::modeCode, FlowStatus::bolusRemainingUl)
                .containsExactly(FlowMode.CONTINUOUS.code(), 0L);
        assertThat(pump.flow().deliveredSinceRefillUl()).isEqualTo(START_COUNTED_UL + (10_417 + 100_000) / 1000);
        assertThat(basalOnly.reservoir().volumeUl() - pump.reservoir().volumeUl()).isEqualTo(100);
    }

    @Test
    void rejectsABolusItCannotDeliver() {
        PumpModel pump = TestPumps.baclofen().pump();
        pump.bolus(10, 60, FlowMode.PATIENT_BOLUS.code());

        assertThatThrownBy(() -> pump.bolus(10, 60, FlowMode.PATIENT_BOLUS.code()))
                .isInstanceOf(IllegalStateException.class).hasMessage("a bolus is already running");
        assertThatThrownBy(() -> pump.bolus(10, 60, FlowMode.CONTINUOUS.code()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("kindModeCode 1 is not a bolus");
        pump.changeMode(FlowMode.STOPPED.code(), List.of());
        assertThat(pump.flow().bolusRemainingUl()).isZero();
        assertThatThrownBy(() -> pump.bolus(10, 60, FlowMode.PATIENT_BOLUS.code()))
                .isInstanceOf(IllegalStateException.class).hasMessage("the pump is stopped");
    }

    @Test
    void stoppedDeliversNothingAndChangeRateRestartsContinuousDelivery() {
        PumpModel pump = TestPumps.baclofen().pump();

        List<PumpEvent> stop = pump.changeMode(FlowMode.STOPPED.code(), List.of());
        pump.advanceTo(START_MS + DAY_MS);
        List<PumpEvent> restart = pump.changeRate(20_833);
        pump.advanceTo(START_MS + 2 * DAY_MS);

        assertThat(logged(stop)).containsExactly(new LogRecord(START_MS, LogEvent.MODE_CHANGE.code(), 1, 0, 0));
        assertThat(logged(restart)).containsExactly(
                new LogRecord(START_MS + DAY_MS, LogEvent.MODE_CHANGE.code(), 0, 1, 0),
                new LogRecord(START_MS + DAY_MS, LogEvent.DOSE_CHANGE.code(), 0, 20_833, 2_000));
        assertThat(pump.flow().deliveredSinceRefillUl()).isEqualTo(START_COUNTED_UL + 20_833 * 24 / 1000);
    }

    @Test
    void advancingEverySecondEqualsAdvancingOnce() {
        TestPumps config = TestPumps.baclofen().reservoir(1_000, 400, 200).continuous(15_000);
        PumpModel everySecond = config.pump();
        PumpModel atOnce = config.pump();
        List<PumpEvent> fine = new ArrayList<>();
        List<PumpEvent> coarse = new ArrayList<>();

        fine.addAll(everySecond.bolus(30, 45, FlowMode.BRIDGE_BOLUS.code()));
        coarse.addAll(atOnce.bolus(30, 45, FlowMode.BRIDGE_BOLUS.code()));
        for (long t = START_MS; t <= START_MS + 3 * HOUR_MS; t += 1_000) {
            fine.addAll(everySecond.advanceTo(t));
        }
        coarse.addAll(atOnce.advanceTo(START_MS + 3 * HOUR_MS));
        fine.addAll(everySecond.motorStall(20 * 60_000));
        coarse.addAll(atOnce.motorStall(20 * 60_000));
        for (long t = START_MS + 3 * HOUR_MS; t <= START_MS + 2 * DAY_MS; t += 1_000) {
            fine.addAll(everySecond.advanceTo(t));
        }
        coarse.addAll(atOnce.advanceTo(START_MS + 2 * DAY_MS));

        assertThat(TestPumps.raised(coarse)).extracting(Alarm::alarmCode).contains(1, 2, 3, 4);
        assertThat(fine).isEqualTo(coarse);
        assertThat(everySecond.reservoir()).isEqualTo(atOnce.reservoir());
        assertThat(everySecond.flow()).isEqualTo(atOnce.flow());
        assertThat(everySecond.activeAlarms()).isEqualTo(atOnce.activeAlarms());
    }
}
