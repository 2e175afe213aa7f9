package io.pumplink.emulator;

import static io.pumplink.emulator.ScriptedGateway.fresh;
import static io.pumplink.emulator.ScriptedGateway.type;
import static io.pumplink.emulator.TestScenarios.START_MS;
import static io.pumplink.emulator.TestScenarios.alarm;
import static io.pumplink.emulator.TestScenarios.alarmOf;
import static io.pumplink.emulator.TestScenarios.ms;
import static io.pumplink.emulator.TestScenarios.s;
import static io.pumplink.emulator.TestScenarios.scenario;
import static io.pumplink.emulator.TestScenarios.startTcp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pumplink.emulator.scenario.DoseConversion;
import io.pumplink.emulator.scenario.FaultSettings;
import io.pumplink.emulator.scenario.PumpSpec;
import io.pumplink.emulator.scenario.Scenario;
import io.pumplink.emulator.scenario.ScenarioEvent.AbortNextSession;
import io.pumplink.emulator.scenario.ScenarioEvent.DoseChange;
import io.pumplink.emulator.scenario.ScenarioEvent.ProgrammerBattery;
import io.pumplink.emulator.scenario.ScenarioEvent.PumpOutOfRange;
import io.pumplink.emulator.scenario.ScenarioEvent.Refill;
import io.pumplink.protocol.message.Ack;
import io.pumplink.protocol.message.Alarm;
import io.pumplink.protocol.message.AlarmCode;
import io.pumplink.protocol.message.AlarmPriority;
import io.pumplink.protocol.message.AlarmState;
import io.pumplink.protocol.message.BatteryStatus;
import io.pumplink.protocol.message.CommandOutcome;
import io.pumplink.protocol.message.CommandResult;
import io.pumplink.protocol.message.Drug;
import io.pumplink.protocol.message.FlowMode;
import io.pumplink.protocol.message.FlowStatus;
import io.pumplink.protocol.message.Heartbeat;
import io.pumplink.protocol.message.Hello;
import io.pumplink.protocol.message.LogEntry;
import io.pumplink.protocol.message.LogEvent;
import io.pumplink.protocol.message.Message;
import io.pumplink.protocol.message.Packet;
import io.pumplink.protocol.message.ProgrammerStatus;
import io.pumplink.protocol.message.PumpIdentity;
import io.pumplink.protocol.message.RequestInterrogation;
import io.pumplink.protocol.message.RequestStatus;
import io.pumplink.protocol.message.ReservoirStatus;
import io.pumplink.protocol.message.SessionBegin;
import io.pumplink.protocol.message.SessionEnd;
import io.pumplink.protocol.message.SessionOutcome;
import io.pumplink.protocol.message.TelemetryState;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** REQUEST_INTERROGATION and REQUEST_STATUS answered as ICD section 4 orders them, status streaming, lost sessions. */
class EmulatorInterrogationTest {
    private static final Duration WAIT = ScriptedGateway.DEFAULT_TIMEOUT;
    private static final String PUMP = PumpSpec.DEFAULT.serial();
    private static final long OLD_RATE = PumpSpec.DEFAULT.rateNlPerHour();
    private static final long NEW_RATE = DoseConversion.rateNlPerHour(1000, 2000);

    @Test
    void anInterrogationIsAckedConfirmedAndSentWholeInIcdOrderWithTheLogOldestFirst() throws Exception {
        Scenario scenario = scenario("interrogation",
                new Refill(s(1), 20_000, OptionalLong.of(17_000), Optional.empty()),
                new DoseChange(s(2), NEW_RATE),
                new ProgrammerBattery(s(3), 15)); // its alarm tells the test the pump events have happened
        try (Emulator emulator = startTcp(scenario, 1, 10);
             ScriptedGateway gateway = new ScriptedGateway().connectTcp(emulator.ports().get(0))) {
            gateway.awaitPacket(alarm(AlarmCode.PROGRAMMER_LOW_BATTERY, AlarmState.RAISED), WAIT);

            int mark = gateway.mark();
            Packet request = gateway.send(new RequestInterrogation(1001));
            List<Message> session = awaitAnswer(gateway, mark, SessionEnd.class);

            assertThat(session).extracting(Message::getClass).containsExactly(CommandResult.class,
                    SessionBegin.class, PumpIdentity.class, ReservoirStatus.class, FlowStatus.class,
                    BatteryStatus.class, LogEntry.class, LogEntry.class, SessionEnd.class);
            assertThat(ackIndex(gateway, mark, request)).as("ACK before COMMAND_RESULT")
                    .isLessThan(indexOf(gateway, mark, CommandResult.class));
            assertThat((CommandResult) session.get(0)).isEqualTo(new CommandResult(1001, CommandOutcome.OK.code()));

            SessionBegin begin = (SessionBegin) session.get(1);
            SessionEnd end = (SessionEnd) session.get(session.size() - 1);
            List<LogEntry> entries = session.stream().filter(LogEntry.class::isInstance).map(LogEntry.class::cast)
                    .toList();
            assertThat(begin.pumpSerial()).isEqualTo(PUMP);
            assertThat(begin.patientRef()).matches("REF-\\d{6}");
            assertThat(end.sessionId()).isEqualTo(begin.sessionId());
            assertThat(end.entryCount()).isEqualTo(entries.size());
            assertThat(end.outcome()).contains(SessionOutcome.COMPLETE);
            assertThat(entries).extracting(LogEntry::index).containsExactly(0, 1);
            assertThat(entries).allSatisfy(e -> {
                assertThat(e.sessionId()).isEqualTo(begin.sessionId());
                assertThat(e.pumpSerial()).isEqualTo(PUMP);
            });
            assertThat(entries).extracting(LogEntry::tsMs).containsExactly(START_MS + 1_000, START_MS + 2_000);

            LogEntry refill = entries.get(0);
            assertThat(refill.event()).contains(LogEvent.REFILL);
            assertThat(refill.a()).as("the pump's expected residual").isBetween(17_990, 18_000);
            assertThat(List.of(refill.b(), refill.c())).containsExactly(17_000, 20_000);
            LogEntry dose = entries.get(1);
            assertThat(dose.event()).contains(LogEvent.DOSE_CHANGE);
            assertThat(List.of((long) dose.a(), (long) dose.b(), (long) dose.c()))
                    .containsExactly(OLD_RATE, NEW_RATE, 2_000L);

            PumpIdentity identity = (PumpIdentity) session.get(2);
            assertThat(identity.pumpSerial()).isEqualTo(PUMP);
            assertThat(identity.modelCode()).isEqualTo(PumpSpec.DEFAULT.modelCode());
            assertThat(identity.reservoirCapacityUl()).isEqualTo(20_000);
            ReservoirStatus reservoir = (ReservoirStatus) session.get(3);
            assertThat(reservoir.lastRefillTsMs()).isEqualTo(START_MS + 1_000);
            assertThat(reservoir.volumeUl()).isBetween(19_900L, 20_000L);
            assertThat(reservoir.drug()).contains(Drug.BACLOFEN);
            FlowStatus flow = (FlowStatus) session.get(4);
            assertThat(flow.mode()).contains(FlowMode.CONTINUOUS);
            assertThat(flow.rateNlPerHour()).isEqualTo(NEW_RATE);
            assertThat(((BatteryStatus) session.get(5)).stateCode()).isZero();
        }
    }

    @Test
    void aStatusRequestIsConfirmedThenAnsweredWithFreshStatusFrames() throws Exception {
        try (Emulator emulator = startTcp(scenario("status"), 1, 10);
             ScriptedGateway gateway = new ScriptedGateway().connectTcp(emulator.ports().get(0))) {
            gateway.awaitPacket(type(Hello.class), WAIT);

            int mark = gateway.mark();
            Packet request = gateway.send(new RequestStatus(2002));
            List<Message> first = awaitAnswer(gateway, mark, BatteryStatus.class);
            assertThat(first).extracting(Message::getClass).containsExactly(CommandResult.class,
                    ProgrammerStatus.class, ReservoirStatus.class, FlowStatus.class, BatteryStatus.class);
            assertThat(ackIndex(gateway, mark, request)).isLessThan(indexOf(gateway, mark, CommandResult.class));
            assertThat((CommandResult) first.get(0)).isEqualTo(new CommandResult(2002, CommandOutcome.OK.code()));
            ProgrammerStatus status = (ProgrammerStatus) first.get(1);
            assertThat(status.telemetryState()).contains(TelemetryState.PUMP_IN_RANGE);
            assertThat(status.batteryPct()).isEqualTo(100);
            assertThat(status.rssiDbm()).isBetween(-68, -56);
            assertThat(((ReservoirStatus) first.get(2)).pumpSerial()).isEqualTo(PUMP);

            int again = gateway.mark();
            gateway.send(new RequestStatus(2003));
            List<Message> second = awaitAnswer(gateway, again, BatteryStatus.class);
            assertThat((CommandResult) second.get(0)).isEqualTo(new CommandResult(2003, CommandOutcome.OK.code()));
            assertThat(((ProgrammerStatus) second.get(1)).tsMs()).as("a new reading").isGreaterThan(status.tsMs());
            assertThat(((FlowStatus) second.get(3)).tsMs()).isGreaterThanOrEqualTo(((FlowStatus) first.get(3)).tsMs());
        }
    }

    @Test
    void withNoPumpInRangeBothRequestsAreAnsweredNoPumpInRange() throws Exception {
        Scenario scenario = scenario("no-pump", TestScenarios.programmer(TestScenarios.HEARTBEAT_MS),
                List.of(TestScenarios.pumpOutOfRange()), FaultSettings.NONE);
        try (Emulator emulator = startTcp(scenario, 1, 10);
             ScriptedGateway gateway = new ScriptedGateway().connectTcp(emulator.ports().get(0))) {
            gateway.awaitPacket(type(Hello.class), WAIT);
            assertNoPumpInRange(gateway, 3003);
            assertNoPumpInRange(gateway, 3004);
        }
    }

    @Test
    void aPumpThatLeftTelemetryRangeRaisesTelemetryLostAndRequestsFindNoPump() throws Exception {
        Scenario scenario = scenario("pump-leaves", new PumpOutOfRange(ms(100), Duration.ofHours(1)));
        try (Emulator emulator = startTcp(scenario, 1, 1);
             ScriptedGateway gateway = new ScriptedGateway().connectTcp(emulator.ports().get(0))) {
            Alarm lost = alarmOf(gateway.awaitPacket(alarm(AlarmCode.PUMP_TELEMETRY_LOST, AlarmState.RAISED),
                    WAIT));
            assertThat(lost.pumpSerial()).as("a programmer-side alarm").isEmpty();
            assertThat(lost.priority()).contains(AlarmPriority.MEDIUM);
            assertNoPumpInRange(gateway, 3005);
        }
    }

    /** Interrogation when no pump answers: NO_PUMP_IN_RANGE, the programmer's own status, and no session. */
    private static void assertNoPumpInRange(ScriptedGateway gateway, long requestId) {
        int mark = gateway.mark();
        gateway.send(requestId % 2 == 1 ? new RequestInterrogation(requestId) : new RequestStatus(requestId));
        List<Message> answer = awaitAnswer(gateway, mark, ProgrammerStatus.class);
        assertThat(answer).extracting(Message::getClass).containsExactly(CommandResult.class, ProgrammerStatus.class);
        assertThat((CommandResult) answer.get(0))
                .isEqualTo(new CommandResult(requestId, CommandOutcome.NO_PUMP_IN_RANGE.code()));
        ProgrammerStatus status = (ProgrammerStatus) answer.get(1);
        assertThat(status.telemetryState()).contains(TelemetryState.NO_PUMP_IN_RANGE);
        assertThat(status.rssiDbm()).isEqualTo(-128);
        await("nothing more").during(Duration.ofMillis(400)).atMost(Duration.ofSeconds(2))
                .until(() -> answer(gateway, mark).size() == 2);
    }

    @Test
    void statusStreamsPeriodicallyWhenEnabled() throws Exception {
        Duration interval = s(1);
        Scenario scenario = scenario("streaming", TestScenarios.streamingProgrammer(TestScenarios.HEARTBEAT_MS,
                interval), List.of(PumpSpec.DEFAULT), FaultSettings.NONE);
        try (Emulator emulator = startTcp(scenario, 1, 5); // a round every 200 ms of real time
             ScriptedGateway gateway = new ScriptedGateway().connectTcp(emulator.ports().get(0))) {
            Hello hello = (Hello) gateway.awaitPacket(type(Hello.class), WAIT).message();
            assertThat(hello.hasCapability(Hello.CAP_STATUS_STREAMING)).isTrue();
            int rounds = 7;
            gateway.awaitPackets(0, type(BatteryStatus.class), rounds, WAIT);

            List<Message> streamed = answer(gateway, 0);
            for (int round = 0; round < rounds; round++) {
                assertThat(streamed.subList(4 * round, 4 * round + 4)).as("round %d", round)
                        .extracting(Message::getClass).containsExactly(ProgrammerStatus.class,
                                ReservoirStatus.class, FlowStatus.class, BatteryStatus.class);
            }
            List<Long> ts = streamed.stream().filter(ProgrammerStatus.class::isInstance)
                    .map(m -> ((ProgrammerStatus) m).tsMs()).limit(rounds).toList();
            double meanSpacing = (ts.get(rounds - 1) - ts.get(0)) / (double) (rounds - 1);
            assertThat(meanSpacing).as("mean simulated ms between rounds, %s", ts)
                    .isBetween(interval.toMillis() * 0.9, interval.toMillis() * 1.15);
            for (int i = 1; i < ts.size(); i++) {
                assertThat(ts.get(i) - ts.get(i - 1)).as("simulated ms between rounds, %s", ts)
                        .isGreaterThan(interval.toMillis() / 2);
            }
        }
    }

    @Test
    void telemetryLostMidSessionAbortsItAndTheNextInterrogationCarriesTheRest() throws Exception {
        long[] rates = {12_000, 14_000, 16_000};
        Scenario scenario = scenario("aborted-session",
                new Refill(s(1), 20_000, OptionalLong.of(17_000), Optional.empty()),
                new DoseChange(s(2), rates[0]),
                new DoseChange(s(3), rates[1]),
                new DoseChange(s(4), rates[2]),
                new AbortNextSession(ms(4_500), 2),
                new ProgrammerBattery(s(5), 15));
        try (Emulator emulator = startTcp(scenario, 1, 10);
             ScriptedGateway gateway = new ScriptedGateway().connectTcp(emulator.ports().get(0))) {
            gateway.awaitPacket(alarm(AlarmCode.PROGRAMMER_LOW_BATTERY, AlarmState.RAISED), WAIT);

            int mark = gateway.mark();
            gateway.send(new RequestInterrogation(1));
            List<Message> aborted = awaitAnswer(gateway, mark, SessionEnd.class);
            assertThat(aborted).extracting(Message::getClass).containsExactly(CommandResult.class,
                    SessionBegin.class, PumpIdentity.class, ReservoirStatus.class, FlowStatus.class,
                    BatteryStatus.class, LogEntry.class, LogEntry.class, SessionEnd.class);
            SessionEnd end = (SessionEnd) aborted.get(aborted.size() - 1);
            assertThat(end.outcome()).contains(SessionOutcome.ABORTED_TELEMETRY_LOST);
            assertThat(end.entryCount()).isEqualTo(2);
            assertThat(logEntries(aborted)).extracting(LogEntry::eventCode)
                    .containsExactly(LogEvent.REFILL.code(), LogEvent.DOSE_CHANGE.code());
            assertThat(logEntries(aborted).get(1).b()).isEqualTo((int) rates[0]);

            Packet lostPacket = gateway.awaitPacketAfter(mark, alarm(AlarmCode.PUMP_TELEMETRY_LOST,
                    AlarmState.RAISED), WAIT);
            Alarm lost = alarmOf(lostPacket);
            assertThat(lost.detail()).as("session id").isEqualTo((int) end.sessionId());
            assertThat(lost.pumpSerial()).isEmpty();
            List<Packet> afterRequest = gateway.packetsAfter(mark);
            assertThat(afterRequest.indexOf(lostPacket)).as("the alarm follows SESSION_END")
                    .isGreaterThan(afterRequest.indexOf(gateway.awaitPacketAfter(mark, type(SessionEnd.class), WAIT)));
            Alarm back = alarmOf(gateway.awaitPacketAfter(mark, alarm(AlarmCode.PUMP_TELEMETRY_LOST,
                    AlarmState.CLEARED), WAIT));
            assertThat(back.alarmId()).isEqualTo(lost.alarmId());

            int next = gateway.mark();
            gateway.send(new RequestInterrogation(2));
            List<Message> rest = awaitAnswer(gateway, next, SessionEnd.class);
            assertThat((CommandResult) rest.get(0)).isEqualTo(new CommandResult(2, CommandOutcome.OK.code()));
            SessionEnd complete = (SessionEnd) rest.get(rest.size() - 1);
            assertThat(complete.outcome()).contains(SessionOutcome.COMPLETE);
            assertThat(complete.sessionId()).isEqualTo(end.sessionId() + 1);
            List<LogEntry> remaining = logEntries(rest);
            assertThat(complete.entryCount()).isEqualTo(remaining.size()).isEqualTo(2);
            assertThat(remaining).extracting(LogEntry::index).containsExactly(0, 1);
            assertThat(remaining).extracting(e -> (long) e.b()).containsExactly(rates[1], rates[2]);
            assertThat(remaining).extracting(LogEntry::tsMs).containsExactly(START_MS + 3_000, START_MS + 4_000);
        }
    }

    // ---- helpers shared with the other emulator tests

    /**
     * What the programmer said after {@code mark}, link traffic and alarms aside (alarms may come at any time),
     * once a frame of type {@code last} has arrived. Retransmissions are left out: the order is that of new frames.
     */
    static List<Message> awaitAnswer(ScriptedGateway gateway, int mark, Class<? extends Message> last) {
        gateway.awaitPacketAfter(mark, fresh(last), WAIT);
        return answer(gateway, mark);
    }

    static List<Message> answer(ScriptedGateway gateway, int mark) {
        return gateway.packetsAfter(mark).stream()
                .filter(p -> !p.retransmit())
                .map(Packet::message)
                .filter(m -> !(m instanceof Heartbeat || m instanceof Ack || m instanceof Alarm
                        || m instanceof Hello))
                .toList();
    }

    static List<LogEntry> logEntries(List<Message> session) {
        return session.stream().filter(LogEntry.class::isInstance).map(LogEntry.class::cast).toList();
    }

    private static int ackIndex(ScriptedGateway gateway, int mark, Packet request) {
        List<Packet> after = gateway.packetsAfter(mark);
        for (int i = 0; i < after.size(); i++) {
            if (after.get(i).message() instanceof Ack a && a.ackedSeq() == request.seq()) {
                return i;
            }
        }
        throw new AssertionError("no ACK of seq " + request.seq());
    }

    private static int indexOf(ScriptedGateway gateway, int mark, Class<? extends Message> type) {
        List<Packet> after = gateway.packetsAfter(mark);
        for (int i = 0; i < after.size(); i++) {
            if (type.isInstance(after.get(i).message())) {
                return i;
            }
        }
        throw new AssertionError("no " + type.getSimpleName());
    }

}
