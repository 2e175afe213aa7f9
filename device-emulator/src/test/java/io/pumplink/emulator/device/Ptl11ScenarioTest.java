package io.pumplink.emulator.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import io.pumplink.emulator.scenario.ProtocolRevision;
import io.pumplink.emulator.scenario.Scenario;
import io.pumplink.emulator.scenario.ScenarioLoader;
import io.pumplink.protocol.message.Alarm;
import io.pumplink.protocol.message.AlarmCode;
import io.pumplink.protocol.message.AlarmState;
import io.pumplink.protocol.message.FlowMode;
import io.pumplink.protocol.message.FlowStatus;
import io.pumplink.protocol.message.LogEntry;
import io.pumplink.protocol.message.LogEvent;
import io.pumplink.protocol.message.Message;
import io.pumplink.protocol.message.ReservoirStatus;
import io.pumplink.protocol.message.SessionBegin;
import io.pumplink.protocol.message.TherapySummary;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The PTL 1.1 scenario files say in their headers what a gateway must conclude; these runs check every one of
 * those hand-computed values against what the emulated programmer actually sends.
 */
class Ptl11ScenarioTest {
    private static final Path SCENARIOS = Path.of("../config/scenarios");

    // ---- flex-schedule.yaml

    @Test
    void flexScheduleSays274992NlAnd550UgPerDayInEitherStep() {
        OfflineRun run = new OfflineRun(scenario("flex-schedule"));

        List<Message> first = run.until(Duration.ofMinutes(10)).take();
        assertThat(one(first, ReservoirStatus.class).volumeUl()).isEqualTo(19_998);
        assertThat(one(first, FlowStatus.class)).extracting(FlowStatus::modeCode, FlowStatus::rateNlPerHour,
                        FlowStatus::stepIndex, FlowStatus::stepCount, FlowStatus::deliveredSinceRefillUl)
                .containsExactly(FlowMode.FLEX_SCHEDULE.code(), 8_333L, 0, 2, 1L);
        TherapySummary summary = one(first, TherapySummary.class);
        assertThat(summary).extracting(TherapySummary::dailyVolumeNl, TherapySummary::dailyDoseUg,
                TherapySummary::nextRefillDueTsMs).containsExactly(274_992L, 550L, ms("2026-09-04T00:00:00Z"));
        assertThat(daysToThreshold(one(first, ReservoirStatus.class), summary)).isCloseTo(65.45, within(0.005));

        List<Message> second = run.until(Duration.parse("PT23H30M")).take();
        assertThat(one(second, ReservoirStatus.class).volumeUl()).isEqualTo(19_766);
        assertThat(one(second, FlowStatus.class)).extracting(FlowStatus::rateNlPerHour, FlowStatus::stepIndex,
                FlowStatus::deliveredSinceRefillUl).containsExactly(83_333L, 1, 233L);
        assertThat(one(second, TherapySummary.class)).extracting(TherapySummary::dailyVolumeNl,
                TherapySummary::dailyDoseUg).containsExactly(274_992L, 550L);
        assertThat(daysToThreshold(one(second, ReservoirStatus.class), one(second, TherapySummary.class)))
                .isCloseTo(64.61, within(0.005));
    }

    @Test
    void flexScheduleAsPtl10SendsNoTherapySummaryAtAll() {
        Scenario file = scenario("flex-schedule");
        Scenario v10 = new Scenario(file.name(), file.description(), file.seed(), file.speed(), file.start(),
                file.programmer().withProtocolRevision(ProtocolRevision.V1_0), file.pumps(), file.faults(),
                file.events());

        List<Message> sent = new OfflineRun(v10).until(Duration.ofDays(1)).statusRound().take();

        assertThat(sent).filteredOn(SessionBegin.class::isInstance).hasSize(2);
        assertThat(sent).filteredOn(FlowStatus.class::isInstance).hasSize(3);
        assertThat(sent).noneMatch(TherapySummary.class::isInstance);
    }

    // ---- refill-accuracy.yaml

    @Test
    void refillAccuracyDeviatesPlus7Point1ThenPlus20Point0ThenPlus5Point0Percent() {
        OfflineRun run = new OfflineRun(scenario("refill-accuracy"));
        List<Message> baseline = run.until(Duration.ofHours(1)).take();
        assertThat(one(baseline, ReservoirStatus.class).volumeUl()).isEqualTo(3_987);
        assertThat(one(baseline, FlowStatus.class).deliveredSinceRefillUl()).isEqualTo(6_012);

        List<Message> first = run.until(Duration.ofHours(81)).take();
        List<Message> second = run.until(Duration.ofHours(1281)).take();
        List<Message> third = run.until(Duration.ofHours(2241)).take();

        assertRefill(first, "2026-03-05T16:00:00Z", List.of(3_000, 2_500, 20_000), List.of(7_000, 10_000, 560), 7.14);
        assertRefill(second, "2026-04-24T16:00:00Z", List.of(5_000, 2_000, 20_000), List.of(15_000, 20_000, 1_200),
                20.0);
        assertRefill(third, "2026-06-03T16:00:00Z", List.of(8_000, 7_400, 20_000), List.of(12_000, 20_000, 960),
                5.0);
        assertThat(List.of(first, second, third)).extracting(session -> one(session, TherapySummary.class))
                .extracting(TherapySummary::dailyVolumeNl, TherapySummary::dailyDoseUg,
                        TherapySummary::nextRefillDueTsMs).containsExactly(
                        tuple(300_000L, 600L, ms("2026-04-24T16:00:00Z")),
                        tuple(300_000L, 600L, ms("2026-06-03T16:00:00Z")),
                        tuple(300_000L, 600L, ms("2026-07-13T16:00:00Z")));
        assertThat(List.of(baseline, first, second, third)).allSatisfy(session ->
                assertThat(session).noneMatch(Alarm.class::isInstance));
    }

    /** The session's REFILL and REFILL_ACCOUNTING, and the deviation a gateway computes from them. */
    private static void assertRefill(List<Message> session, String at, List<Integer> refill,
                                     List<Integer> accounting, double deviationPct) {
        List<LogEntry> log = entries(session);
        assertThat(log).extracting(LogEntry::index, LogEntry::eventCode, LogEntry::tsMs).containsExactly(
                tuple(0, LogEvent.REFILL.code(), ms(at)), tuple(1, LogEvent.REFILL_ACCOUNTING.code(), ms(at)));
        assertThat(List.of(log.get(0).a(), log.get(0).b(), log.get(0).c())).isEqualTo(refill);
        assertThat(List.of(log.get(1).a(), log.get(1).b(), log.get(1).c())).isEqualTo(accounting);
        double actualUl = log.get(1).b() - log.get(0).b();
        double expectedUl = log.get(1).a();
        assertThat((actualUl - expectedUl) / expectedUl * 100).isCloseTo(deviationPct, within(0.005));
    }

    // ---- therapy-interrupted.yaml

    @Test
    void therapyInterruptedShowsEveryStateInAtLeastTwoStatusRounds() {
        OfflineRun run = new OfflineRun(scenario("therapy-interrupted"));
        List<Object> rounds = new ArrayList<>();
        List<Integer> activeAlarmCodes = new ArrayList<>();
        for (int minute = 2; minute <= 87; minute += 5) { // between the events, which fall on whole 5 minutes
            for (Message m : run.until(Duration.ofMinutes(minute)).take()) {
                if (m instanceof Alarm alarm && alarm.stateCode() == AlarmState.RAISED.code()) {
                    activeAlarmCodes.add(alarm.alarmCode());
                } else if (m instanceof Alarm alarm) {
                    activeAlarmCodes.remove(Integer.valueOf(alarm.alarmCode()));
                }
            }
            List<Message> round = run.statusRound().take();
            FlowStatus flow = one(round, FlowStatus.class);
            TherapySummary summary = one(round, TherapySummary.class);
            rounds.add(tuple(minute, flow.modeCode(), flow.rateNlPerHour(), summary.dailyVolumeNl(),
                    summary.dailyDoseUg(), List.copyOf(activeAlarmCodes)));
        }

        int continuous = FlowMode.CONTINUOUS.code();
        int stall = AlarmCode.MOTOR_STALL.code();
        int reset = AlarmCode.PUMP_RESET.code();
        assertThat(rounds).containsExactly(
                tuple(2, continuous, 12_500L, 300_000L, 600L, List.of()),
                tuple(7, continuous, 12_500L, 300_000L, 600L, List.of()),
                tuple(12, continuous, 12_500L, 300_000L, 600L, List.of()),
                tuple(17, FlowMode.STOPPED.code(), 0L, 0L, 0L, List.of()),
                tuple(22, FlowMode.STOPPED.code(), 0L, 0L, 0L, List.of()),
                tuple(27, FlowMode.STOPPED.code(), 0L, 0L, 0L, List.of()),
                tuple(32, continuous, 12_500L, 300_000L, 600L, List.of()),
                tuple(37, continuous, 12_500L, 300_000L, 600L, List.of()),
                tuple(42, continuous, 12_500L, 300_000L, 600L, List.of(stall)),
                tuple(47, continuous, 12_500L, 300_000L, 600L, List.of(stall)),
                tuple(52, continuous, 12_500L, 300_000L, 600L, List.of()), // RECOVERED 50m-51m
                tuple(57, continuous, 12_500L, 300_000L, 600L, List.of()),
                tuple(62, FlowMode.MINIMUM_RATE.code(), 250L, 6_000L, 12L, List.of(reset)),
                tuple(67, FlowMode.MINIMUM_RATE.code(), 250L, 6_000L, 12L, List.of(reset)),
                tuple(72, FlowMode.MINIMUM_RATE.code(), 250L, 6_000L, 12L, List.of(reset)),
                tuple(77, continuous, 12_500L, 300_000L, 600L, List.of()),
                tuple(82, continuous, 12_500L, 300_000L, 600L, List.of()),
                tuple(87, continuous, 12_500L, 300_000L, 600L, List.of()));
    }

    @Test
    void therapyInterruptedSessionsShowTheVolumesAndLogsOfItsHeader() {
        OfflineRun run = new OfflineRun(scenario("therapy-interrupted"));
        List<Object> sessions = new ArrayList<>();
        for (int minute : new int[] {5, 25, 55, 70, 85}) {
            List<Message> session = run.until(Duration.ofMinutes(minute)).take();
            sessions.add(tuple(one(session, ReservoirStatus.class).volumeUl(),
                    one(session, FlowStatus.class).deliveredSinceRefillUl(),
                    entries(session).stream().map(e -> List.of(e.eventCode(), e.a(), e.b(), e.c())).toList()));
        }

        int alarm = LogEvent.ALARM.code();
        int modeChange = LogEvent.MODE_CHANGE.code();
        assertThat(sessions).containsExactly(
                tuple(11_998L, 6_001L, List.of()),
                tuple(11_996L, 6_003L, List.of(List.of(modeChange, 1, 0, 0))),
                tuple(11_993L, 6_006L, List.of(List.of(modeChange, 0, 1, 0), List.of(alarm, 3, 3, 0),
                        List.of(alarm, 4, 1, 600))),
                tuple(11_992L, 6_007L, List.of(List.of(LogEvent.POWER_RESET.code(), 2, 0, 0),
                        List.of(alarm, 8, 2, 2))),
                tuple(11_990L, 6_009L, List.of(List.of(modeChange, 6, 1, 0),
                        List.of(LogEvent.DOSE_CHANGE.code(), 250, 12_500, 2_000))));
    }

    // ---- dose-step.yaml

    @Test
    void doseStepRaises400To650UgAndReachesTheThreshold20DaysBeforeTheRefillDate() {
        OfflineRun run = new OfflineRun(scenario("dose-step"));

        List<Message> before = run.until(Duration.ofMinutes(30)).take();
        assertThat(one(before, ReservoirStatus.class).volumeUl()).isEqualTo(14_395);
        TherapySummary planned = one(before, TherapySummary.class);
        assertThat(planned).extracting(TherapySummary::dailyVolumeNl, TherapySummary::dailyDoseUg,
                TherapySummary::nextRefillDueTsMs).containsExactly(199_992L, 400L, ms("2026-10-29T08:00:00Z"));
        assertThat(daysToThreshold(one(before, ReservoirStatus.class), planned)).isCloseTo(61.98, within(0.005));

        List<Message> after = run.until(Duration.ofHours(2)).take();
        assertThat(entries(after)).extracting(LogEntry::eventCode, LogEntry::tsMs, LogEntry::a, LogEntry::b,
                LogEntry::c).containsExactly(tuple(LogEvent.DOSE_CHANGE.code(), ms("2026-09-01T09:00:00Z"), 8_333,
                13_542, 2_000));
        TherapySummary raised = one(after, TherapySummary.class);
        assertThat(raised).extracting(TherapySummary::dailyVolumeNl, TherapySummary::dailyDoseUg)
                .containsExactly(325_008L, 650L);
        assertThat((double) raised.dailyVolumeNl() / planned.dailyVolumeNl() - 1).isCloseTo(0.625, within(0.0005));
        assertThat(one(after, ReservoirStatus.class).volumeUl()).isEqualTo(14_378);
        assertThat(daysToThreshold(one(after, ReservoirStatus.class), raised)).isCloseTo(38.09, within(0.005));

        List<Message> week = run.until(Duration.ofDays(7)).take();
        assertThat(entries(week)).as("no further step").isEmpty();
        assertThat(one(week, ReservoirStatus.class).volumeUl()).isEqualTo(12_130);

        List<Message> mistaken = run.until(Duration.ofHours(241)).take();
        assertThat(entries(mistaken)).extracting(LogEntry::a, LogEntry::b).containsExactly(tuple(13_542, 50_000));
        assertThat(one(mistaken, TherapySummary.class)).extracting(TherapySummary::dailyVolumeNl,
                TherapySummary::dailyDoseUg).containsExactly(1_200_000L, 2_400L);
        List<Message> corrected = run.until(Duration.ofHours(243)).take();
        assertThat(entries(corrected)).extracting(LogEntry::a, LogEntry::b).containsExactly(tuple(50_000, 13_542));
        assertThat(one(corrected, TherapySummary.class).dailyDoseUg()).isEqualTo(650);
        assertThat(one(corrected, ReservoirStatus.class).volumeUl()).isEqualTo(11_041);

        List<Message> last = run.until(Duration.ofDays(39)).take();
        Alarm low = one(last, Alarm.class);
        assertThat(low).extracting(Alarm::alarmCode, Alarm::detail).containsExactly(AlarmCode.LOW_RESERVOIR.code(),
                2_000);
        // 910.7 h after the start, 20.1 days before the refill date
        assertThat(Instant.ofEpochMilli(low.tsMs())).isBetween(Instant.parse("2026-10-09T06:40:00Z"),
                Instant.parse("2026-10-09T06:41:00Z"));
        assertThat((raised.nextRefillDueTsMs() - low.tsMs()) / 86_400_000.0).isCloseTo(20.06, within(0.005));
        assertThat(entries(last)).extracting(LogEntry::eventCode, LogEntry::a)
                .containsExactly(tuple(LogEvent.ALARM.code(), AlarmCode.LOW_RESERVOIR.code()));
        assertThat(one(last, ReservoirStatus.class).volumeUl()).isEqualTo(1_656);
    }

    // ---- helpers

    private static Scenario scenario(String name) {
        Scenario scenario = ScenarioLoader.load(SCENARIOS.resolve(name + ".yaml"));
        assertThat(scenario.programmer().protocolRevision()).isEqualTo(ProtocolRevision.V1_1);
        return scenario;
    }

    /** What a gateway projects: volume above the threshold over the daily volume. */
    private static double daysToThreshold(ReservoirStatus reservoir, TherapySummary summary) {
        return (reservoir.volumeUl() - reservoir.lowAlarmThresholdUl()) * 1_000.0 / summary.dailyVolumeNl();
    }

    private static <M extends Message> M one(List<Message> messages, Class<M> type) {
        List<M> matching = messages.stream().filter(type::isInstance).map(type::cast).toList();
        assertThat(matching).as(type.getSimpleName()).hasSize(1);
        return matching.get(0);
    }

    private static List<LogEntry> entries(List<Message> session) {
        return session.stream().filter(LogEntry.class::isInstance).map(LogEntry.class::cast).toList();
    }

    private static long ms(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }
}
