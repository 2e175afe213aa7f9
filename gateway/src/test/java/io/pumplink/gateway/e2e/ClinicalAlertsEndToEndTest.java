package io.pumplink.gateway.e2e;

import static io.pumplink.gateway.e2e.E2e.PREFIX;
import static io.pumplink.gateway.e2e.E2e.TIMEOUT;
import static io.pumplink.gateway.e2e.E2e.TOPICS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.pumplink.emulator.Emulator;
import io.pumplink.emulator.EmulatorLaunch;
import io.pumplink.emulator.scenario.ProtocolRevision;
import io.pumplink.emulator.scenario.Scenario;
import io.pumplink.emulator.scenario.ScenarioLoader;
import io.pumplink.gateway.Gateway;
import io.pumplink.gateway.mqtt.MosquittoBroker;
import io.pumplink.gateway.mqtt.Probe;
import io.pumplink.proto.v1.AlarmSource;
import io.pumplink.proto.v1.Envelope;
import io.pumplink.proto.v1.InterrogationRecord;
import io.pumplink.proto.v1.LogEvent;
import io.pumplink.proto.v1.ProjectionBasis;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every gateway alert of docs/clinical-alerts.md end to end: an emulated programmer over TCP, the gateway, a real
 * mosquitto and a subscriber. The scenarios are the ones in config/scenarios, each with its expected values
 * worked out in its header; the arithmetic behind each assertion is repeated here.
 */
class ClinicalAlertsEndToEndTest {
    private static final Path SCENARIOS = Path.of("..", "config", "scenarios");

    @TempDir
    Path dir;

    private final List<AutoCloseable> running = new ArrayList<>();
    private Probe probe;

    @AfterEach
    void stop() throws Exception {
        for (int i = running.size() - 1; i >= 0; i--) {
            running.get(i).close();
        }
    }

    /** Broker, subscriber on the whole tree, the emulator playing {@code scenario}, and a gateway linked to it. */
    private void run(Scenario scenario, int programmers, String... clinical) throws Exception {
        MosquittoBroker broker = MosquittoBroker.launch();
        running.add(broker);
        probe = Probe.connect(broker.uri(), "alerts-probe");
        running.add(probe);
        probe.subscribe(PREFIX + "/#", 1);
        Emulator emulator = EmulatorLaunch.startTcp(scenario, programmers, scenario.seed().orElse(1),
                scenario.speed().orElse(1), Optional.empty());
        running.add(emulator);
        E2e.Config config = new E2e.Config("alerts", broker.uri(), dir.resolve("journal")).clinical(clinical);
        for (int i = 0; i < programmers; i++) {
            config.link("prg-" + i, "tcp:127.0.0.1:" + emulator.ports().get(i));
        }
        running.add(new Gateway(config.build(), "test").start());
    }

    private static Scenario scenario(String file) {
        return ScenarioLoader.load(SCENARIOS.resolve(file));
    }

    private static Scenario asRevision10(Scenario scenario) {
        return new Scenario(scenario.name(), scenario.description(), scenario.seed(), scenario.speed(),
                scenario.start(), scenario.programmer().withProtocolRevision(ProtocolRevision.V1_0), scenario.pumps(),
                scenario.faults(), scenario.events());
    }

    /** The gateway's alerts on a pump's alarm topic so far, as "NAME STATE detail". */
    private List<String> alerts(String pump) {
        return probe.gatewayAlerts(TOPICS.pump(pump, "alarm")).stream().map(m -> m.envelope().getAlarm())
                .map(a -> a.getName() + " " + a.getState().name().substring("ALARM_STATE_".length()) + " "
                        + a.getDetail())
                .toList();
    }

    private List<String> awaitAlerts(String pump, Predicate<List<String>> until) {
        await("gateway alerts of " + pump).atMost(TIMEOUT).until(() -> until.test(alerts(pump)));
        return alerts(pump);
    }

    private InterrogationRecord awaitRecord(String pump, int sessionId) {
        await("interrogation " + sessionId).atMost(TIMEOUT).until(() -> record(pump, sessionId).isPresent());
        return record(pump, sessionId).orElseThrow();
    }

    private Optional<InterrogationRecord> record(String pump, int sessionId) {
        return probe.on(TOPICS.pump(pump, "interrogation")).stream()
                .map(m -> m.envelope().getInterrogationRecord()).filter(r -> r.getSessionId() == sessionId)
                .findFirst();
    }

    /**
     * flex-schedule.yaml, PTL 1.1: 8 333 nL/h for 23 h and 83 333 nL/h for 1 h is 274 992 nL/day, 550 ug/day at
     * 2 000 ug/mL. The session at 10 min reads 19 998 uL: (19 998 - 2 000) / 274.992 = 65.449 days to the
     * threshold. From the current step's 8 333 nL/h it would have been 17 998 / 199.992 = 90.0 days and 400 ug/day.
     */
    @Test
    void flexScheduleIsProjectedFromTheDailyVolume() throws Exception {
        run(scenario("flex-schedule.yaml"), 1);

        InterrogationRecord first = awaitRecord("NGP-FLEX01", 1);

        assertThat(first.getTherapySummary().getDailyVolumeNl()).isEqualTo(274_992);
        assertThat(first.getReservoir().getVolumeUl()).isEqualTo(19_998);
        assertThat(first.getReservoir().getProjectionBasis()).isEqualTo(ProjectionBasis.PROJECTION_BASIS_DAILY_VOLUME);
        assertThat(first.getReservoir().getDaysToLowThreshold()).isCloseTo(65.449, within(1e-3));
        assertThat(first.getFlow().getDailyDoseUgPerDay()).isEqualTo(550.0);
        assertThat(first.getFlow().getRateMlPerDay()).isCloseTo(0.199992, within(1e-9));
        // the pump's clock runs on the scenario's date, months from the gateway's: a low-priority drift alert
        assertThat(awaitAlerts("NGP-FLEX01", a -> a.stream().anyMatch(s -> s.startsWith("PUMP_CLOCK_DRIFT RAISED"))))
                .isNotEmpty();
    }

    /** The same pump behind a PTL 1.0 programmer: no THERAPY_SUMMARY, so no projection and no dose, and why. */
    @Test
    void flexScheduleFromAPtl10ProgrammerIsNotProjected() throws Exception {
        run(asRevision10(scenario("flex-schedule.yaml")), 1);

        InterrogationRecord first = awaitRecord("NGP-FLEX01", 1);

        assertThat(first.hasTherapySummary()).isFalse();
        assertThat(first.getReservoir().getProjectionBasis()).isEqualTo(ProjectionBasis.PROJECTION_BASIS_NONE);
        assertThat(first.getReservoir().hasDaysToLowThreshold()).isFalse();
        assertThat(first.getReservoir().hasRefillByDateMs()).isFalse();
        assertThat(first.getReservoir().getProjectionUnavailableReason()).startsWith("flex schedule without");
        assertThat(first.getFlow().hasDailyDoseUgPerDay()).isFalse();
    }

    /**
     * therapy-interrupted.yaml: stopped 15-30 min (flow mode STOPPED and a daily volume of 0: detail 1 + 4 = 5),
     * stalled 40-50 min (detail 8), reset to the minimum rate 60-75 min (detail 2); therapy delivered again after
     * each. Six transitions, in that order, all high priority.
     */
    @Test
    void therapyInterruptedWhenStoppedStalledAndResetClearedWhenDeliveredAgain() throws Exception {
        run(scenario("therapy-interrupted.yaml"), 1);

        List<String> alerts = awaitAlerts("NGP-INT001", a -> a.stream().filter(s -> s.startsWith(
                "THERAPY_INTERRUPTED")).count() >= 6);

        assertThat(alerts.stream().filter(s -> s.startsWith("THERAPY_INTERRUPTED")).toList()).containsExactly(
                "THERAPY_INTERRUPTED RAISED 5", "THERAPY_INTERRUPTED CLEARED 5",
                "THERAPY_INTERRUPTED RAISED 8", "THERAPY_INTERRUPTED CLEARED 8",
                "THERAPY_INTERRUPTED RAISED 2", "THERAPY_INTERRUPTED CLEARED 2");
        assertThat(probe.gatewayAlerts(TOPICS.pump("NGP-INT001", "alarm"))).allSatisfy(m -> {
            assertThat(m.envelope().getAlarm().getSource()).isEqualTo(AlarmSource.ALARM_SOURCE_GATEWAY);
            assertThat(m.envelope().getHeader().getMessageId()).startsWith("gateway-alert:alerts:NGP-INT001:");
        });
    }

    /**
     * dose-step.yaml (1.1, 400 ug/day baclofen at 2 000 ug/mL, 14 400 uL, threshold 2 000, refill due 58 days
     * after the start, 2026-10-29T08:00Z, four days before 400 ug/day would reach the threshold):
     * <ul>
     *   <li>DOSE_CHANGE 8 333 -> 13 542 nL/h at 1 h, seen in the 2 h session: +62.5 %, detail 63; acknowledged by
     *       the 7-day session;</li>
     *   <li>from the 2 h session, 14 378 uL at 325 008 nL/day reach the threshold 12 378 / 325.008 = 38.09 days
     *       later, 2026-10-09T12:03Z: 19.8 days before the refill due date, detail 20 (days, rounded up);</li>
     *   <li>the 2 h step to 2 400 ug/day at day 10 is above the 2 000 ug/day baclofen limit (detail 2 400), and
     *       +269 % (13 542 -> 50 000 nL/h): both raised by the 241 h session, cleared by the 243 h one;</li>
     *   <li>the 39-day session comes after the refill-by date (threshold date - 3 days): REFILL_OVERDUE.</li>
     * </ul>
     */
    @Test
    void doseStepRaisesTheDoseAndRunOutAlerts() throws Exception {
        run(scenario("dose-step.yaml"), 1);

        List<String> alerts = awaitAlerts("NGP-DOSE01", a -> a.stream().anyMatch(s -> s.startsWith(
                "REFILL_OVERDUE RAISED")));

        assertThat(alerts).containsSubsequence("DOSE_INCREASE_LARGE RAISED 63", "DOSE_INCREASE_LARGE CLEARED 63");
        assertThat(alerts).contains("RUNOUT_BEFORE_REFILL_DUE RAISED 20");
        assertThat(alerts.stream().filter(s -> s.startsWith("RUNOUT_BEFORE_REFILL_DUE RAISED")).count())
                .as("not at 400 ug/day, whose threshold date is four days after the refill date").isOne();
        assertThat(alerts).containsSubsequence("DAILY_DOSE_ABOVE_LIMIT RAISED 2400",
                "DAILY_DOSE_ABOVE_LIMIT CLEARED 2400");
        assertThat(alerts).containsSubsequence("DOSE_INCREASE_LARGE RAISED 269", "DOSE_INCREASE_LARGE CLEARED 269");
        assertThat(alerts.stream().filter(s -> s.startsWith("DOSE_INCREASE_LARGE RAISED")).count()).isEqualTo(2);
    }

    /**
     * refill-accuracy.yaml: the 80 h refill is the ICD's example (10 000 uL filled, 7 000 counted, 2 500 measured:
     * 7 500 delivered, +7.1 %), within +-14.5 %; the 1 280 h refill (20 000 filled, 15 000 counted, 2 000 measured:
     * 18 000 delivered, +20.0 %, detail 200) is out of range; the 2 240 h refill (+5.0 %) clears it.
     */
    @Test
    void refillAccuracyOutOfRangeUntilARefillWithinTolerance() throws Exception {
        run(scenario("refill-accuracy.yaml"), 1);

        InterrogationRecord afterFirstRefill = awaitRecord("NGP-ACC001", 2);
        List<String> alerts = awaitAlerts("NGP-ACC001", a -> a.stream().anyMatch(s -> s.startsWith(
                "REFILL_ACCURACY_OUT_OF_RANGE CLEARED")));

        var accounting = afterFirstRefill.getLogEntriesList().stream()
                .filter(e -> e.getEvent() == LogEvent.LOG_EVENT_REFILL_ACCOUNTING).findFirst().orElseThrow();
        assertThat(accounting.getRefillExpectedDeliveredUl()).isEqualTo(7000);
        assertThat(accounting.getRefillActualDeliveredUl()).isEqualTo(7500);
        assertThat(accounting.getRefillDeviationPct()).isCloseTo(7.142857, within(1e-6));
        assertThat(accounting.getRefillDeviationOutOfRange()).isFalse();
        assertThat(alerts.stream().filter(s -> s.startsWith("REFILL_ACCURACY")).toList()).containsExactly(
                "REFILL_ACCURACY_OUT_OF_RANGE RAISED 200", "REFILL_ACCURACY_OUT_OF_RANGE CLEARED 200");
    }

    /**
     * Two programmers on one gateway lose their pumps at the same time (pumpSilentAfter 2 s): each pump goes
     * PUMP_SILENT and is heard again. Each programmer raises PUMP_TELEMETRY_LOST with its own alarm id 1: ICD
     * section 6 makes them two alarms, so both are published (defect 6).
     */
    @Test
    void pumpSilentAndTwoProgrammersLosingTheirPumps() throws Exception {
        Scenario silent = ScenarioLoader.parse("""
                name: silent
                speed: 1
                programmer:
                  serial: PRG-SIL001
                  protocolRevision: "1.1"
                  statusStreaming: { enabled: true, interval: 1s }
                pumps:
                  - serial: NGP-SIL001
                events:
                  - { at: 3s, pumpOutOfRange: { duration: 8s } }
                """, "silent");
        run(silent, 2, "pumpSilentAfter: 2s");

        for (String pump : List.of("NGP-SIL001", "NGP-SIL002")) {
            assertThat(awaitAlerts(pump, a -> a.contains("PUMP_SILENT CLEARED 0")))
                    .containsSubsequence("PUMP_SILENT RAISED 0", "PUMP_SILENT CLEARED 0");
        }
        await("both programmers' PUMP_TELEMETRY_LOST").atMost(TIMEOUT).until(() -> probe.matching(m ->
                m.topic().endsWith("/alarm") && m.topic().contains("/programmers/")
                        && m.envelope().getAlarm().getName().equals("PUMP_TELEMETRY_LOST")).stream()
                .map(Probe.Msg::messageId).distinct().count() >= 2);
        assertThat(probe.matching(m -> m.topic().endsWith("/alarm") && m.topic().contains("/programmers/"))
                .stream().map(Probe.Msg::messageId).filter(id -> id.endsWith(":1:1")))
                .contains("programmer-alarm:PRG-SIL001:1:1", "programmer-alarm:PRG-SIL002:1:1");
    }

    /** An alert is in the pump's retained active set, marked as the gateway's, until it clears. */
    @Test
    void gatewayAlertsJoinTheRetainedActiveSet() throws Exception {
        run(scenario("therapy-interrupted.yaml"), 1);
        awaitAlerts("NGP-INT001", a -> a.contains("THERAPY_INTERRUPTED RAISED 5"));

        await("the active set with the alert").atMost(TIMEOUT).until(() -> probe.on(TOPICS.pump("NGP-INT001",
                "alarms/active")).stream().map(Probe.Msg::envelope).map(Envelope::getActiveAlarms)
                .anyMatch(set -> set.getAlarmsList().stream().anyMatch(a -> a.getName().equals("THERAPY_INTERRUPTED")
                        && a.getSource() == AlarmSource.ALARM_SOURCE_GATEWAY && a.getReason().contains("STOPPED"))));
    }
}
