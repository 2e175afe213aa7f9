package io.pumplink.emulator.pump;

import static io.pumplink.emulator.pump.TestPumps.DAY_MS;
import static io.pumplink.emulator.pump.TestPumps.SERIAL;
import static io.pumplink.emulator.pump.TestPumps.START_COUNTED_UL;
import static io.pumplink.emulator.pump.TestPumps.START_MS;
import static io.pumplink.emulator.pump.TestPumps.cleared;
import static io.pumplink.emulator.pump.TestPumps.logged;
import static io.pumplink.emulator.pump.TestPumps.raised;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import io.pumplink.protocol.message.Alarm;
import io.pumplink.protocol.message.AlarmCode;
import io.pumplink.protocol.message.AlarmPriority;
import io.pumplink.protocol.message.AlarmState;
import io.pumplink.protocol.message.LogEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** LOW_RESERVOIR and EMPTY_RESERVOIR at the analytically expected instants, and refills. */
class ReservoirAlarmTest {
    private static final double MS_PER_HOUR = 3_600_000.0;
    /** The default therapy: 18 000 µL at 10 417 nL/h, low threshold 2 000 µL. */
    private static final double LOW_AT_MS = START_MS + 16_000_000 * MS_PER_HOUR / 10_417;
    private static final double EMPTY_AT_MS = START_MS + 18_000_000 * MS_PER_HOUR / 10_417;

    @Test
    void lowReservoirIsRaisedOnceAtTheInstantTheVolumeReachesTheThreshold() {
        PumpModel pump = TestPumps.baclofen().pump();
        List<PumpEvent> events = new ArrayList<>();

        for (long t = START_MS; t <= START_MS + 70 * DAY_MS; t += DAY_MS) {
            events.addAll(pump.advanceTo(t));
        }

        List<Alarm> low = raised(events);
        assertThat(low).hasSize(1);
        assertThat(low.get(0)).extracting(Alarm::alarmId, Alarm::alarmCode, Alarm::priorityCode, Alarm::stateCode,
                Alarm::detail).containsExactly(1L, AlarmCode.LOW_RESERVOIR.code(), AlarmPriority.MEDIUM.code(),
                AlarmState.RAISED.code(), 2_000);
        assertThat((double) low.get(0).tsMs()).isCloseTo(LOW_AT_MS, within(1.0));
        assertThat(logged(events)).containsExactly(new LogRecord(low.get(0).tsMs(), LogEvent.ALARM.code(),
                AlarmCode.LOW_RESERVOIR.code(), AlarmPriority.MEDIUM.code(), 2_000));
        assertThat(pump.activeAlarms()).containsExactly(low.get(0));
    }

    @Test
    void lowReservoirWhenStartingAtTheThresholdIsReportedByTheFirstAdvance() {
        PumpModel pump = TestPumps.baclofen().reservoir(20_000, 2_000, 2_000).pump();

        List<PumpEvent> events = pump.advanceTo(START_MS);

        assertThat(raised(events)).extracting(Alarm::alarmCode, Alarm::tsMs)
                .containsExactly(tuple(AlarmCode.LOW_RESERVOIR.code(), START_MS));
        assertThat(pump.advanceTo(START_MS + DAY_MS)).isEmpty();
    }

    @Test
    void emptyReservoirStopsDelivery() {
        PumpModel pump = TestPumps.baclofen().pump();
        pump.advanceTo(START_MS + 70 * DAY_MS);

        List<PumpEvent> events = pump.advanceTo(START_MS + 80 * DAY_MS);

        Alarm empty = raised(events).get(0);
        assertThat(raised(events)).hasSize(1);
        assertThat(empty).extracting(Alarm::alarmId, Alarm::alarmCode, Alarm::priorityCode, Alarm::detail)
                .containsExactly(2L, AlarmCode.EMPTY_RESERVOIR.code(), AlarmPriority.HIGH.code(), 0);
        assertThat((double) empty.tsMs()).isCloseTo(EMPTY_AT_MS, within(1.0));
        assertThat(pump.reservoir().volumeUl()).isZero();
        assertThat(pump.flow().deliveredSinceRefillUl()).as("the whole 20 000 µL of the last refill")
                .isEqualTo(START_COUNTED_UL + 18_000);

        assertThat(pump.advanceTo(START_MS + 200 * DAY_MS)).isEmpty();
        assertThat(pump.reservoir().volumeUl()).isZero();
        assertThat(pump.flow().deliveredSinceRefillUl()).isEqualTo(START_COUNTED_UL + 18_000);
        assertThat(pump.activeAlarms()).extracting(Alarm::alarmCode)
                .containsExactly(AlarmCode.LOW_RESERVOIR.code(), AlarmCode.EMPTY_RESERVOIR.code());
    }

    @Test
    void refillClearsLowAndEmptyAndLogsResiduals() {
        PumpModel pump = TestPumps.baclofen().pump();
        List<Alarm> alarms = raised(pump.advanceTo(START_MS + 80 * DAY_MS));
        long refillMs = START_MS + 80 * DAY_MS;

        List<PumpEvent> events = pump.refill(20_000, OptionalLong.of(150), OptionalLong.empty());

        assertThat(logged(events)).containsExactly(new LogRecord(refillMs, LogEvent.REFILL.code(), 0, 150, 20_000));
        assertThat(cleared(events)).extracting(Alarm::alarmId, Alarm::alarmCode, Alarm::stateCode, Alarm::tsMs)
                .containsExactly(
                        tuple(alarms.get(0).alarmId(), AlarmCode.LOW_RESERVOIR.code(),
                                AlarmState.CLEARED.code(), refillMs),
                        tuple(alarms.get(1).alarmId(),
                                AlarmCode.EMPTY_RESERVOIR.code(), AlarmState.CLEARED.code(), refillMs));
        assertThat(pump.activeAlarms()).isEmpty();
        assertThat(pump.reservoir().volumeUl()).isEqualTo(20_000);
        assertThat(pump.reservoir().lastRefillTsMs()).isEqualTo(refillMs);
        assertThat(pump.flow().deliveredSinceRefillUl()).isZero();

        pump.advanceTo(refillMs + DAY_MS);
        assertThat(pump.reservoir().volumeUl()).isEqualTo((20_000_000 - 10_417 * 24) / 1000);
    }

    @Test
    void refillBelowTheThresholdRaisesLowAgain() {
        PumpModel pump = TestPumps.baclofen().pump();
        pump.advanceTo(START_MS + 66 * DAY_MS);

        List<PumpEvent> events = pump.refill(1_500, OptionalLong.of(1_400), OptionalLong.empty());

        assertThat(cleared(events)).extracting(Alarm::alarmId).containsExactly(1L);
        assertThat(raised(events)).extracting(Alarm::alarmId, Alarm::alarmCode, Alarm::detail)
                .containsExactly(tuple(2L, AlarmCode.LOW_RESERVOIR.code(), 1_500));
    }

    @Test
    void withoutAMeasurementAndWithoutDeliveryErrorTheAspiratedResidualIsTheEstimate() {
        PumpModel pump = new PumpModel(PumpConfig.baclofenDefault(SERIAL), START_MS);
        pump.advanceTo(START_MS + 30 * DAY_MS);

        LogRecord refill = logged(pump.refill(20_000, OptionalLong.empty(), OptionalLong.empty())).get(0);

        // 18 000 µL - 30 days × 250.008 µL/day = 10 499.76 µL, whole µL as the pump reports them
        assertThat(List.of(refill.a(), refill.b(), refill.c())).containsExactly(10_499, 10_499, 20_000);
    }
}
