package io.pumplink.emulator.pump;

import static io.pumplink.emulator.pump.TestPumps.DAY_MS;
import static io.pumplink.emulator.pump.TestPumps.HOUR_MS;
import static io.pumplink.emulator.pump.TestPumps.SERIAL;
import static io.pumplink.emulator.pump.TestPumps.START_MS;
import static io.pumplink.emulator.pump.TestPumps.logged;
import static io.pumplink.emulator.pump.TestPumps.raised;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.pumplink.emulator.pump.PumpEvent.AlarmCleared;
import io.pumplink.emulator.pump.PumpEvent.AlarmRaised;
import io.pumplink.emulator.pump.PumpEvent.LogAppended;
import io.pumplink.protocol.message.Alarm;
import io.pumplink.protocol.message.AlarmCode;
import io.pumplink.protocol.message.AlarmPriority;
import io.pumplink.protocol.message.AlarmState;
import io.pumplink.protocol.message.BatteryStatus;
import io.pumplink.protocol.message.FlowMode;
import io.pumplink.protocol.message.FlowStatus;
import io.pumplink.protocol.message.LogEntry;
import io.pumplink.protocol.message.LogEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Motor stall, memory error and reset, clock changes, battery end of life, log overflow, determinism. */
class PumpFaultTest {
    private static final long MINUTE_MS = 60_000;

    @Test
    void motorStallDeliversNothingAndRaisesThenClearsItsAlarms() {
        PumpModel pump = TestPumps.baclofen().pump();
        PumpModel neverStalled = TestPumps.baclofen().pump();
        pump.advanceTo(START_MS + HOUR_MS);
        long stallMs = START_MS + HOUR_MS;
        long volumeAtStallUl = pump.reservoir().volumeUl();

        List<PumpEvent> onStall = pump.motorStall(2 * HOUR_MS);
        Alarm stall = new Alarm(stallMs, SERIAL, 1, AlarmCode.MOTOR_STALL.code(), AlarmPriority.HIGH.code(),
                AlarmState.RAISED.code(), 0);
        assertThat(onStall).containsExactly(new AlarmRaised(stall),
                new LogAppended(new LogRecord(stallMs, LogEvent.ALARM.code(), 3, 3, 0)));

        long endMs = stallMs + 2 * HOUR_MS;
        List<PumpEvent> atEnd = pump.advanceTo(endMs);
        Alarm recovered = new Alarm(endMs, SERIAL, 2, AlarmCode.MOTOR_STALL_RECOVERED.code(),
                AlarmPriority.LOW.code(), AlarmState.RAISED.code(), 7_200);
        assertThat(atEnd).containsExactly(
                new AlarmCleared(new Alarm(endMs, SERIAL, 1, stall.alarmCode(), stall.priorityCode(),
                        AlarmState.CLEARED.code(), 0)),
                new AlarmRaised(recovered),
                new LogAppended(new LogRecord(endMs, LogEvent.ALARM.code(), 4, 1, 7_200)));
        assertThat(pump.reservoir().volumeUl()).isEqualTo(volumeAtStallUl);
        assertThat(pump.advanceTo(endMs + MINUTE_MS - 1)).isEmpty();
        assertThat(pump.advanceTo(endMs + MINUTE_MS)).containsExactly(new AlarmCleared(new Alarm(endMs + MINUTE_MS,
                SERIAL, 2, recovered.alarmCode(), recovered.priorityCode(), AlarmState.CLEARED.code(), 7_200)));

        // two hours without delivery: the stalled pump is two hours behind the one that never stalled
        pump.advanceTo(endMs + DAY_MS);
        neverStalled.advanceTo(endMs + DAY_MS - 2 * HOUR_MS);
        assertThat(pump.flow().deliveredSinceRefillUl()).isEqualTo(neverStalled.flow().deliveredSinceRefillUl());
        assertThat(pump.reservoir().volumeUl()).isEqualTo(neverStalled.reservoir().volumeUl());
        assertThat(pump.activeAlarms()).isEmpty();
    }

    @Test
    void criticalMemoryErrorStaysUntilResetAndTherapyFallsBackToTheMinimumRate() {
        PumpModel pump = TestPumps.baclofen().pump();
        Alarm memory = raised(pump.criticalMemoryError(0x2A)).get(0);
        assertThat(memory).extracting(Alarm::alarmCode, Alarm::priorityCode, Alarm::detail)
                .containsExactly(AlarmCode.CRITICAL_MEMORY_ERROR.code(), AlarmPriority.HIGH.code(), 0x2A);
        assertThat(pump.advanceTo(START_MS + DAY_MS)).isEmpty();
        assertThat(pump.activeAlarms()).containsExactly(memory);

        List<PumpEvent> onReset = pump.reset(3);

        long resetMs = START_MS + DAY_MS;
        Alarm reset = new Alarm(resetMs, SERIAL, 2, AlarmCode.PUMP_RESET.code(), AlarmPriority.MEDIUM.code(),
                AlarmState.RAISED.code(), 3);
        assertThat(onReset).containsExactly(
                new LogAppended(new LogRecord(resetMs, LogEvent.POWER_RESET.code(), 3, 0, 0)),
                new AlarmCleared(new Alarm(resetMs, SERIAL, 1, memory.alarmCode(), memory.priorityCode(),
                        AlarmState.CLEARED.code(), 0x2A)),
                new AlarmRaised(reset),
                new LogAppended(new LogRecord(resetMs, LogEvent.ALARM.code(), 8, 2, 3)));
        assertThat(pump.flow()).extracting(FlowStatus::modeCode, FlowStatus::rateNlPerHour)
                .containsExactly(FlowMode.MINIMUM_RATE.code(), 250L);

        long deliveredUl = pump.flow().deliveredSinceRefillUl();
        assertThat(pump.advanceTo(resetMs + 40 * HOUR_MS)).as("PUMP_RESET stays while at the minimum rate")
                .isEmpty();
        assertThat(pump.activeAlarms()).containsExactly(reset);
        assertThat(pump.flow().deliveredSinceRefillUl() - deliveredUl).isEqualTo(250 * 40 / 1000);

        long reprogrammedMs = resetMs + 40 * HOUR_MS;
        List<PumpEvent> restored = pump.changeRate(10_417);
        assertThat(restored).containsExactly(
                new LogAppended(new LogRecord(reprogrammedMs, LogEvent.MODE_CHANGE.code(), 6, 1, 0)),
                new LogAppended(new LogRecord(reprogrammedMs, LogEvent.DOSE_CHANGE.code(), 250, 10_417, 2_000)),
                new AlarmCleared(new Alarm(reprogrammedMs, SERIAL, 2, reset.alarmCode(), reset.priorityCode(),
                        AlarmState.CLEARED.code(), 3)));
        assertThat(pump.flow().modeCode()).isEqualTo(FlowMode.CONTINUOUS.code());
        assertThat(pump.activeAlarms()).isEmpty();
    }

    @Test
    void pumpResetStaysThroughAModeChangeToTheMinimumRateAndClearsWhenStopped() {
        PumpModel pump = TestPumps.baclofen().pump();
        Alarm reset = raised(pump.reset(1)).get(0);

        assertThat(TestPumps.cleared(pump.changeMode(FlowMode.MINIMUM_RATE.code(), List.of()))).isEmpty();
        assertThat(pump.activeAlarms()).containsExactly(reset);
        assertThat(TestPumps.cleared(pump.changeMode(FlowMode.STOPPED.code(), List.of())))
                .extracting(Alarm::alarmId, Alarm::alarmCode)
                .containsExactly(tuple(reset.alarmId(), AlarmCode.PUMP_RESET.code()));
        assertThat(pump.activeAlarms()).isEmpty();
    }

    @Test
    void settingTheClockMovesEveryTimestamp() {
        PumpModel pump = TestPumps.baclofen().pump();
        pump.advanceTo(START_MS + HOUR_MS);

        List<PumpEvent> events = pump.setClock(3_600);

        long pumpMs = START_MS + 2 * HOUR_MS;
        assertThat(events).containsExactly(new LogAppended(new LogRecord(pumpMs, LogEvent.CLOCK_SET.code(), 3_600,
                0, 0)));
        assertThat(pump.pumpClockMs()).isEqualTo(pumpMs);
        assertThat(List.of(pump.identity().tsMs(), pump.reservoir().tsMs(), pump.flow().tsMs(),
                pump.battery().tsMs())).containsOnly(pumpMs);

        pump.setClock(-120);
        assertThat(raised(pump.criticalMemoryError(1))).extracting(Alarm::tsMs)
                .containsExactly(START_MS + HOUR_MS + 3_480_000);
        assertThat(pump.takeLogSinceLastInterrogation()).extracting(LogRecord::eventCode, LogRecord::a)
                .containsExactly(tuple(LogEvent.CLOCK_SET.code(), 3_600),
                        tuple(LogEvent.CLOCK_SET.code(), -120),
                        tuple(LogEvent.ALARM.code(), 5));
    }

    @Test
    void theFlexScheduleFollowsThePumpClock() {
        PumpModel pump = TestPumps.baclofen().flex(new FlexStep(0, 1_000), new FlexStep(12 * 60, 9_000)).pump();
        pump.advanceTo(START_MS + 11 * HOUR_MS);

        pump.setClock(3_600);

        assertThat(pump.flow()).extracting(FlowStatus::stepIndex, FlowStatus::rateNlPerHour)
                .containsExactly(1, 9_000L);
    }

    @Test
    void batteryReachesEriAndEosOnTheExpectedDays() {
        PumpModel pump = TestPumps.baclofen().battery(10, 5).pump();
        assertThat(pump.battery()).isEqualTo(new BatteryStatus(START_MS, SERIAL, 3_300, 0, 10));

        assertThat(pump.advanceTo(START_MS + 5 * DAY_MS)).isEmpty();
        assertThat(pump.battery()).isEqualTo(new BatteryStatus(START_MS + 5 * DAY_MS, SERIAL, 3_100, 0, 5));

        List<PumpEvent> eri = pump.advanceTo(START_MS + 12 * DAY_MS);
        assertThat(raised(eri)).containsExactly(new Alarm(START_MS + 10 * DAY_MS, SERIAL, 1,
                AlarmCode.BATTERY_ERI.code(), AlarmPriority.MEDIUM.code(), AlarmState.RAISED.code(), 5));
        assertThat(pump.battery()).isEqualTo(new BatteryStatus(START_MS + 12 * DAY_MS, SERIAL, 2_820, 1, 0));

        List<PumpEvent> eos = pump.advanceTo(START_MS + 20 * DAY_MS);
        assertThat(raised(eos)).containsExactly(new Alarm(START_MS + 15 * DAY_MS, SERIAL, 2,
                AlarmCode.BATTERY_EOS.code(), AlarmPriority.HIGH.code(), AlarmState.RAISED.code(), 0));
        assertThat(pump.battery()).isEqualTo(new BatteryStatus(START_MS + 20 * DAY_MS, SERIAL, 2_700, 2, 0));
        assertThat(pump.activeAlarms()).extracting(Alarm::alarmCode)
                .containsExactly(AlarmCode.BATTERY_ERI.code(), AlarmCode.BATTERY_EOS.code());
    }

    @Test
    void daysToEriCountsStartedDays() {
        PumpModel pump = TestPumps.baclofen().battery(1.5, 0).pump();
        assertThat(pump.battery().daysToEri()).isEqualTo(2);

        List<PumpEvent> events = pump.advanceTo(START_MS + 2 * DAY_MS);

        assertThat(raised(events)).extracting(Alarm::alarmCode, Alarm::tsMs, Alarm::detail).containsExactly(
                tuple(AlarmCode.BATTERY_ERI.code(), START_MS + 36 * HOUR_MS, 0),
                tuple(AlarmCode.BATTERY_EOS.code(), START_MS + 36 * HOUR_MS, 0));
    }

    @Test
    void theRollingLogKeepsOnlyTheNewestEntries() {
        PumpModel pump = TestPumps.baclofen().logCapacity(4).pump();
        for (int i = 1; i <= 6; i++) {
            pump.changeRate(10_000 + i);
        }

        assertThat(pump.takeLogSinceLastInterrogation()).extracting(LogRecord::b)
                .containsExactly(10_003, 10_004, 10_005, 10_006);
        assertThat(pump.takeLogSinceLastInterrogation()).isEmpty();
        pump.changeRate(10_417);
        assertThat(pump.takeLogSinceLastInterrogation()).extracting(LogRecord::a, LogRecord::b)
                .containsExactly(tuple(10_006, 10_417));
    }

    @Test
    void logRecordBecomesALogEntryOfASession() {
        LogRecord record = new LogRecord(START_MS, LogEvent.REFILL.code(), 1_998, 2_050, 20_000);

        assertThat(record.toEntry(SERIAL, 77, 3)).isEqualTo(new LogEntry(START_MS,
                SERIAL, 77, 3, LogEvent.REFILL.code(), 1_998, 2_050, 20_000));
    }

    @Test
    void theSameCallsGiveIdenticalEvents() {
        assertThat(scriptedRun()).isEqualTo(scriptedRun());
    }

    private static List<Object> scriptedRun() {
        PumpModel pump = TestPumps.baclofen().battery(40, 5).deliveryErrorPct(7).refillAccounting().pump();
        List<Object> trace = new ArrayList<>();
        for (int day = 1; day <= 90; day += 7) {
            trace.addAll(pump.advanceTo(START_MS + day * DAY_MS));
            trace.addAll(pump.refill(18_000, OptionalLong.empty(), OptionalLong.of(day * HOUR_MS)));
            trace.addAll(pump.bolus(50, 60, FlowMode.PATIENT_BOLUS.code()));
        }
        trace.addAll(pump.advanceTo(START_MS + 100 * DAY_MS));
        trace.add(pump.reservoir());
        trace.add(pump.battery());
        trace.add(pump.therapySummary());
        trace.addAll(pump.takeLogSinceLastInterrogation());
        return trace;
    }
}
