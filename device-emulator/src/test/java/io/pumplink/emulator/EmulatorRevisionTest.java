package io.pumplink.emulator;

import static io.pumplink.emulator.EmulatorInterrogationTest.answer;
import static io.pumplink.emulator.EmulatorInterrogationTest.awaitAnswer;
import static io.pumplink.emulator.EmulatorInterrogationTest.logEntries;
import static io.pumplink.emulator.ScriptedGateway.fresh;
import static io.pumplink.emulator.ScriptedGateway.type;
import static io.pumplink.emulator.TestScenarios.HEARTBEAT_MS;
import static io.pumplink.emulator.TestScenarios.START_MS;
import static io.pumplink.emulator.TestScenarios.alarm;
import static io.pumplink.emulator.TestScenarios.s;
import static io.pumplink.emulator.TestScenarios.scenario;
import static io.pumplink.emulator.TestScenarios.startTcp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.pumplink.emulator.scenario.DoseConversion;
import io.pumplink.emulator.scenario.FaultSettings;
import io.pumplink.emulator.scenario.ProgrammerSpec;
import io.pumplink.emulator.scenario.ProtocolRevision;
import io.pumplink.emulator.scenario.PumpSpec;
import io.pumplink.emulator.scenario.Scenario;
import io.pumplink.emulator.scenario.ScenarioEvent;
import io.pumplink.emulator.scenario.ScenarioEvent.DoseChange;
import io.pumplink.emulator.scenario.ScenarioEvent.Interrogate;
import io.pumplink.emulator.scenario.ScenarioEvent.ProgrammerBattery;
import io.pumplink.emulator.scenario.ScenarioEvent.Refill;
import io.pumplink.protocol.message.AlarmCode;
import io.pumplink.protocol.message.AlarmState;
import io.pumplink.protocol.message.BatteryStatus;
import io.pumplink.protocol.message.CommandResult;
import io.pumplink.protocol.message.Drug;
import io.pumplink.protocol.message.FlowStatus;
import io.pumplink.protocol.message.Hello;
import io.pumplink.protocol.message.LogEntry;
import io.pumplink.protocol.message.LogEvent;
import io.pumplink.protocol.message.Message;
import io.pumplink.protocol.message.ProgrammerStatus;
import io.pumplink.protocol.message.PumpIdentity;
import io.pumplink.protocol.message.RequestInterrogation;
import io.pumplink.protocol.message.RequestStatus;
import io.pumplink.protocol.message.ReservoirStatus;
import io.pumplink.protocol.message.SessionBegin;
import io.pumplink.protocol.message.SessionEnd;
import io.pumplink.protocol.message.TherapySummary;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** PTL 1.1 (ICD section 6) against 1.0: HELLO bit 3, THERAPY_SUMMARY in sessions and status, REFILL_ACCOUNTING. */
class EmulatorRevisionTest {
    private static final Duration WAIT = ScriptedGateway.DEFAULT_TIMEOUT;
    private static final String PUMP = PumpSpec.DEFAULT.serial();
    /** 1 000 µg/day at 2 000 µg/mL: 0.5 mL/day = 20 833 nL/h. */
    private static final long NEW_RATE = DoseConversion.rateNlPerHour(1000, 2000);

    /**
     * The default pump (18 000 µL left of the 20 000 µL its refill 30 days ago filled: 2 000 µL counted) is
     * refilled at 1 s with 17 000 µL aspirated and a refill date 30 days on, then set to 1 000 µg/day; the
     * programmer's battery alarm at 3 s tells the test both happened.
     */
    private static Scenario refillAndDoseChange(ProtocolRevision revision, ScenarioEvent... more) {
        List<ScenarioEvent> events = new java.util.ArrayList<>(List.of(
                new Refill(s(1), 20_000, OptionalLong.of(17_000), Optional.of(Duration.ofDays(30))),
                new DoseChange(s(2), NEW_RATE),
                new ProgrammerBattery(s(3), 15)));
        events.addAll(List.of(more));
        return scenario("revision-" + revision, programmer(revision), List.of(PumpSpec.DEFAULT), FaultSettings.NONE,
                events.toArray(ScenarioEvent[]::new));
    }

    private static ProgrammerSpec programmer(ProtocolRevision revision) {
        return TestScenarios.programmer(HEARTBEAT_MS).withProtocolRevision(revision);
    }

    @Test
    void aPtl11SessionHasTherapySummaryAfterFlowStatusAndRefillAccountingRightAfterRefill() throws Exception {
        try (Emulator emulator = startTcp(refillAndDoseChange(ProtocolRevision.V1_1), 1, 10);
             ScriptedGateway gateway = new ScriptedGateway().connectTcp(emulator.ports().get(0))) {
            gateway.awaitPacket(alarm(AlarmCode.PROGRAMMER_LOW_BATTERY, AlarmState.RAISED), WAIT);

            int mark = gateway.mark();
            gateway.send(new RequestInterrogation(11));
            List<Message> session = awaitAnswer(gateway, mark, SessionEnd.class);

            assertThat(session).extracting(Message::getClass).containsExactly(CommandResult.class,
                    SessionBegin.class, PumpIdentity.class, ReservoirStatus.class, FlowStatus.class,
                    TherapySummary.class, BatteryStatus.class, LogEntry.class, LogEntry.class, LogEntry.class,
                    SessionEnd.class);
            TherapySummary summary = (TherapySummary) session.get(5);
            // 20 833 nL/h × 24 = 499 992 nL; × 2 000 µg/mL / 10^6 = 999.984 → 1 000 µg; due 30 days after the refill
            assertThat(summary).isEqualTo(new TherapySummary(summary.tsMs(), PUMP, Drug.BACLOFEN.code(), 2_000,
                    499_992, 1_000, START_MS + 1_000 + Duration.ofDays(30).toMillis()));
            assertThat(summary.tsMs()).isEqualTo(((FlowStatus) session.get(4)).tsMs());

            // REFILL: expected 20 000 - (2 000 + 1 s of 10 417 nL/h) = 17 999 µL, 17 000 aspirated, 20 000 filled;
            // REFILL_ACCOUNTING: 2 000 µL counted since the refill 30 days (720 h) earlier, which filled 20 000 µL
            assertThat(logEntries(session)).extracting(LogEntry::index, LogEntry::eventCode, LogEntry::tsMs,
                    LogEntry::a, LogEntry::b, LogEntry::c).containsExactly(
                    tuple(0, LogEvent.REFILL.code(), START_MS + 1_000, 17_999, 17_000, 20_000),
                    tuple(1, LogEvent.REFILL_ACCOUNTING.code(), START_MS + 1_000, 2_000, 20_000, 720),
                    tuple(2, LogEvent.DOSE_CHANGE.code(), START_MS + 2_000, 10_417, (int) NEW_RATE, 2_000));
            assertThat(((SessionEnd) session.get(session.size() - 1)).entryCount()).isEqualTo(3);
        }
    }

    @Test
    void theSameScenarioAsPtl10HasNeitherAdditionAndItsLogIndicesStayContiguous() throws Exception {
        List<Message> v10 = requestedSession(ProtocolRevision.V1_0);
        List<Message> v11 = requestedSession(ProtocolRevision.V1_1);

        assertThat(v10).extracting(Message::getClass).containsExactly(CommandResult.class, SessionBegin.class,
                PumpIdentity.class, ReservoirStatus.class, FlowStatus.class, BatteryStatus.class, LogEntry.class,
                LogEntry.class, SessionEnd.class);
        assertThat(logEntries(v10)).extracting(LogEntry::index, LogEntry::eventCode).containsExactly(
                tuple(0, LogEvent.REFILL.code()), tuple(1, LogEvent.DOSE_CHANGE.code()));
        assertThat(logEntries(v10)).extracting(LogEntry::a, LogEntry::b, LogEntry::c).containsExactlyElementsOf(
                logEntries(v11).stream().filter(e -> e.eventCode() != LogEvent.REFILL_ACCOUNTING.code())
                        .map(e -> tuple(e.a(), e.b(), e.c())).toList());
        assertThat(((SessionEnd) v10.get(v10.size() - 1)).entryCount()).isEqualTo(2);
    }

    private static List<Message> requestedSession(ProtocolRevision revision) throws Exception {
        try (Emulator emulator = startTcp(refillAndDoseChange(revision), 1, 10);
             ScriptedGateway gateway = new ScriptedGateway().connectTcp(emulator.ports().get(0))) {
            gateway.awaitPacket(alarm(AlarmCode.PROGRAMMER_LOW_BATTERY, AlarmState.RAISED), WAIT);
            int mark = gateway.mark();
            gateway.send(new RequestInterrogation(21));
            return awaitAnswer(gateway, mark, SessionEnd.class);
        }
    }

    @Test
    void aSessionStartedAtThePtl11ProgrammerHasTheSameOrderWithoutCommandResult() throws Exception {
        Scenario scenario = refillAndDoseChange(ProtocolRevision.V1_1, new Interrogate(s(4)));
        try (Emulator emulator = startTcp(scenario, 1, 10);
             ScriptedGateway gateway = new ScriptedGateway().connectTcp(emulator.ports().get(0))) {
            gateway.awaitPacket(fresh(SessionEnd.class), WAIT);

            assertThat(answer(gateway, 0)).extracting(Message::getClass).containsExactly(SessionBegin.class,
                    PumpIdentity.class, ReservoirStatus.class, FlowStatus.class, TherapySummary.class,
                    BatteryStatus.class, LogEntry.class, LogEntry.class, LogEntry.class, SessionEnd.class);
        }
    }

    @Test
    void aPtl11StatusRoundHasTherapySummaryAfterFlowStatusRequestedOrStreamed() throws Exception {
        ProgrammerSpec streaming = TestScenarios.streamingProgrammer(HEARTBEAT_MS, s(1))
                .withProtocolRevision(ProtocolRevision.V1_1);
        Scenario scenario = scenario("status-1.1", streaming, List.of(PumpSpec.DEFAULT), FaultSettings.NONE);
        try (Emulator emulator = startTcp(scenario, 1, 5);
             ScriptedGateway gateway = new ScriptedGateway().connectTcp(emulator.ports().get(0))) {
            gateway.awaitPackets(0, type(BatteryStatus.class), 3, WAIT);
            List<Message> streamed = answer(gateway, 0);
            assertThat(streamed.subList(0, 10)).extracting(Message::getClass).containsExactly(
                    ProgrammerStatus.class, ReservoirStatus.class, FlowStatus.class, TherapySummary.class,
                    BatteryStatus.class,
                    ProgrammerStatus.class, ReservoirStatus.class, FlowStatus.class, TherapySummary.class,
                    BatteryStatus.class);

            int mark = gateway.mark();
            gateway.send(new RequestStatus(31));
            List<Message> requested = awaitAnswer(gateway, mark, BatteryStatus.class);
            assertThat(requested.subList(0, 6)).extracting(Message::getClass).containsExactly(CommandResult.class,
                    ProgrammerStatus.class, ReservoirStatus.class, FlowStatus.class, TherapySummary.class,
                    BatteryStatus.class);
            // the default pump: 10 417 nL/h × 24 = 250 008 nL; × 2 000 / 10^6 = 500.016 → 500 µg; no refill date
            assertThat((TherapySummary) requested.get(4)).extracting(TherapySummary::dailyVolumeNl,
                    TherapySummary::dailyDoseUg, TherapySummary::nextRefillDueTsMs).containsExactly(250_008L, 500L, 0L);
        }
    }

    @Test
    void helloSetsCapabilityBit3OnlyForPtl11() throws Exception {
        assertThat(hello(ProtocolRevision.V1_1).capabilities())
                .isEqualTo(Hello.CAP_INTERROGATION | Hello.CAP_EVENT_LOG | Hello.CAP_THERAPY_SUMMARY);
        assertThat(hello(ProtocolRevision.V1_0).capabilities())
                .isEqualTo(Hello.CAP_INTERROGATION | Hello.CAP_EVENT_LOG);
    }

    private static Hello hello(ProtocolRevision revision) throws Exception {
        Scenario scenario = scenario("hello-" + revision, programmer(revision), List.of(PumpSpec.DEFAULT),
                FaultSettings.NONE);
        try (Emulator emulator = startTcp(scenario, 1, 1);
             ScriptedGateway gateway = new ScriptedGateway().connectTcp(emulator.ports().get(0))) {
            Hello hello = (Hello) gateway.awaitPacket(type(Hello.class), WAIT).message();
            assertThat(hello.protocolVersion()).as("both revisions are PTL v1").isEqualTo(1);
            return hello;
        }
    }
}
