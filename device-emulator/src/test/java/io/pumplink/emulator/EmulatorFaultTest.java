package io.pumplink.emulator;

import static io.pumplink.emulator.EmulatorInterrogationTest.awaitAnswer;
import static io.pumplink.emulator.EmulatorInterrogationTest.logEntries;
import static io.pumplink.emulator.EmulatorLinkTest.onProgrammer;
import static io.pumplink.emulator.ScriptedGateway.fresh;
import static io.pumplink.emulator.ScriptedGateway.type;
import static io.pumplink.emulator.TestScenarios.START_MS;
import static io.pumplink.emulator.TestScenarios.alarm;
import static io.pumplink.emulator.TestScenarios.alarmOf;
import static io.pumplink.emulator.TestScenarios.faults;
import static io.pumplink.emulator.TestScenarios.ms;
import static io.pumplink.emulator.TestScenarios.s;
import static io.pumplink.emulator.TestScenarios.scenario;
import static io.pumplink.emulator.TestScenarios.startTcp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.pumplink.emulator.ScriptedGateway.Received;
import io.pumplink.emulator.device.EmulatedProgrammer;
import io.pumplink.emulator.link.ProgrammerLink;
import io.pumplink.emulator.scenario.FaultSettings;
import io.pumplink.emulator.scenario.PumpSpec;
import io.pumplink.emulator.scenario.Scenario;
import io.pumplink.emulator.scenario.ScenarioEvent.AbortNextSession;
import io.pumplink.emulator.scenario.ScenarioEvent.ClockJump;
import io.pumplink.emulator.scenario.ScenarioEvent.CriticalMemoryError;
import io.pumplink.emulator.scenario.ScenarioEvent.DoseChange;
import io.pumplink.emulator.scenario.ScenarioEvent.DuplicateNextFrames;
import io.pumplink.emulator.scenario.ScenarioEvent.GarbageBurst;
import io.pumplink.emulator.scenario.ScenarioEvent.LinkDrop;
import io.pumplink.emulator.scenario.ScenarioEvent.MotorStall;
import io.pumplink.emulator.scenario.ScenarioEvent.PumpOutOfRange;
import io.pumplink.emulator.scenario.ScenarioEvent.PumpReset;
import io.pumplink.protocol.frame.Frame;
import io.pumplink.protocol.frame.InvalidReason;
import io.pumplink.protocol.message.Alarm;
import io.pumplink.protocol.message.AlarmCode;
import io.pumplink.protocol.message.AlarmPriority;
import io.pumplink.protocol.message.AlarmState;
import io.pumplink.protocol.message.BatteryStatus;
import io.pumplink.protocol.message.FlowMode;
import io.pumplink.protocol.message.FlowStatus;
import io.pumplink.protocol.message.Hello;
import io.pumplink.protocol.message.LogEntry;
import io.pumplink.protocol.message.LogEvent;
import io.pumplink.protocol.message.Message;
import io.pumplink.protocol.message.Packet;
import io.pumplink.protocol.message.RequestInterrogation;
import io.pumplink.protocol.message.RequestStatus;
import io.pumplink.protocol.message.SessionEnd;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** Every fault the emulator injects on demand, seen from the gateway's side of the link. */
class EmulatorFaultTest {
    private static final Duration WAIT = ScriptedGateway.DEFAULT_TIMEOUT;
    private static final Duration NOISY_WAIT = Duration.ofSeconds(10);
    private static final int FAST_HEARTBEAT_MS = 100;
    private static final InvalidReason[] DAMAGE = {InvalidReason.CRC_MISMATCH, InvalidReason.COBS_ERROR,
        InvalidReason.LENGTH_MISMATCH, InvalidReason.TOO_SHORT, InvalidReason.TOO_LONG, InvalidReason.BAD_VERSION,
        InvalidReason.RESERVED_BITS};

    private static Scenario noisy(String name, FaultSettings faults) {
        return scenario(name, TestScenarios.programmer(FAST_HEARTBEAT_MS), List.of(PumpSpec.DEFAULT), faults);
    }

    // ---- byte-level faults

    @Test
    void bitErrorsCorruptSomeFramesWhichAreDroppedWhileValidFramesStillArrive() throws Exception {
        try (Emulator emulator = startTcp(noisy("bit-errors", faults(1e-3, 0, 0, 64, 0)), 1, 1);
             ScriptedGateway gateway = new ScriptedGateway().connectTcp(emulator.ports().get(0))) {
            EmulatedProgrammer programmer = emulator.programmers().get(0);
            await().atMost(NOISY_WAIT).until(() ->
                    gateway.invalidCount(InvalidReason.CRC_MISMATCH, InvalidReason.COBS_ERROR) > 0
                            && gateway.packets().size() >= 10
                            && programmer.frameStats().invalidTotal() > 0);
            assertLinkComesUp(programmer);
        }
    }

    @Test
    void droppedBytesCorruptSomeFramesWhichAreDroppedWhileValidFramesStillArrive() throws Exception {
        try (Emulator emulator = startTcp(noisy("dropped-bytes", faults(0, 0.01, 0, 64, 0)), 1, 1);
             ScriptedGateway gateway = new ScriptedGateway().connectTcp(emulator.ports().get(0))) {
            EmulatedProgrammer programmer = emulator.programmers().get(0);
            await().atMost(NOISY_WAIT).until(() -> gateway.invalidCount(DAMAGE) > 0
                    && gateway.packets().size() >= 10
                    && programmer.frameStats().invalidTotal() > 0);
            assertLinkComesUp(programmer);
        }
    }

    @Test
    void garbageBurstsAreDroppedAndEachCostsAtMostTheFrameAfterIt() throws Exception {
        try (Emulator emulator = startTcp(noisy("garbage", faults(0, 0, 300, 48, 0)), 1, 1);
             ScriptedGateway gateway = new ScriptedGateway().connectTcp(emulator.ports().get(0))) {
            await().atMost(NOISY_WAIT).until(() -> gateway.invalidTotal() >= 3 && gateway.packets().size() >= 10);
            assertLinkComesUp(emulator.programmers().get(0));
            // garbage goes out between whole frames: a burst destroys at most the frame it runs into, and that
            // frame's bytes are part of an invalid run, so no frame is ever lost silently
            assertThat(framesLost(gateway, Integer.MAX_VALUE)).as("new frames lost")
                    .isLessThanOrEqualTo(gateway.invalidTotal());
        }
    }

    @Test
    void aScheduledGarbageBurstIsDroppedAndTheStreamResynchronises() throws Exception {
        Scenario scenario = scenario("garbage-burst", TestScenarios.programmer(FAST_HEARTBEAT_MS),
                List.of(PumpSpec.DEFAULT), FaultSettings.NONE, new GarbageBurst(ms(800), 600),
                new CriticalMemoryError(ms(900), 3));
        try (Emulator emulator = startTcp(scenario, 1, 1);
             ScriptedGateway gateway = new ScriptedGateway().connectTcp(emulator.ports().get(0))) {
            gateway.awaitPacket(alarm(AlarmCode.CRITICAL_MEMORY_ERROR, AlarmState.RAISED), WAIT);
            assertThat(gateway.invalidTotal()).isPositive();
            assertThat(framesLost(gateway, 2)).as("resynchronisation costs at most one frame").isLessThanOrEqualTo(1);
        }
    }

    /** New frames missing from the seq sequence; each gap between neighbours is at most {@code maxGap}. */
    private static long framesLost(ScriptedGateway gateway, int maxGap) {
        List<Packet> newFrames = gateway.packets().stream().filter(p -> !p.retransmit()).toList();
        long lost = 0;
        for (int i = 1; i < newFrames.size(); i++) {
            int gap = (newFrames.get(i).seq() - newFrames.get(i - 1).seq()) & 0xFFFF;
            assertThat(gap).as("seq gap before new frame %d", i).isBetween(1, maxGap);
            lost += gap - 1;
        }
        return lost;
    }

    private static void assertLinkComesUp(EmulatedProgrammer programmer) {
        await("HELLO acknowledged through the noise").atMost(NOISY_WAIT).until(() ->
                onProgrammer(programmer, () -> programmer.link().state()) == ProgrammerLink.State.UP);
    }

    @Test
    void duplicatedFramesArriveTwiceWithTheSameSeqAndNoRetransmitFlag() throws Exception {
        Scenario scenario = scenario("duplicates", new DuplicateNextFrames(Duration.ZERO, 3));
        try (Emulator emulator = startTcp(scenario, 1, 1);
             ScriptedGateway gateway = new ScriptedGateway().connectTcp(emulator.ports().get(0))) {
            gateway.awaitPackets(0, p -> true, 7, WAIT);

            List<Packet> first = gateway.packets().subList(0, 7);
            assertThat(first.get(0).message()).isInstanceOf(Hello.class);
            int base = first.get(0).seq();
            assertThat(first).extracting(p -> (p.seq() - base) & 0xFFFF).containsExactly(0, 0, 1, 1, 2, 2, 3);
            for (int i = 0; i < 6; i += 2) {
                assertThat(first.get(i + 1)).as("copy of frame %d", i).isEqualTo(first.get(i));
                assertThat(first.get(i + 1).retransmit()).isFalse();
            }
            assertLinkComesUp(emulator.programmers().get(0));
        }
    }

    // ---- link outage

    @Test
    void aLinkDropClosesTheConnectionRefusesReconnectsUntilItEndsThenHelloAndRetransmits() throws Exception {
        Duration outage = Duration.ofMillis(1500);
        Scenario scenario = scenario("link-drop", new CriticalMemoryError(ms(300), 17), new LinkDrop(s(1), outage));
        try (Emulator emulator = startTcp(scenario, 1, 1);
             ScriptedGateway gateway = new ScriptedGateway().autoAck(false)) {
            int port = emulator.ports().get(0);
            gateway.connectTcp(port);
            Packet alarm = gateway.awaitPacket(fresh(Alarm.class), WAIT);

            await("the emulator closes the link").atMost(WAIT).pollInterval(Duration.ofMillis(5))
                    .until(() -> !gateway.isActive());
            long droppedAt = System.nanoTime();
            int mark = gateway.mark();
            assertThat(gateway.tryConnectTcp(port)).as("TCP accepts").isTrue();
            await("the connection is closed at once").atMost(Duration.ofSeconds(1)).until(() -> !gateway.isActive());
            assertThat(gateway.receivedAfter(mark)).as("nothing said during the outage").isEmpty();

            await("a link after the outage").atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> {
                if (!gateway.isActive()) {
                    gateway.tryConnectTcp(port);
                }
                return gateway.find(mark, type(Hello.class)).isPresent();
            });
            Received hello = gateway.awaitReceived(mark, type(Hello.class), WAIT);
            assertThat(TimeUnit.NANOSECONDS.toMillis(hello.nanos() - droppedAt)).as("ms from drop to HELLO")
                    .isGreaterThanOrEqualTo(outage.toMillis() - 200);
            Packet again = gateway.awaitPacketAfter(mark, p -> p.seq() == alarm.seq(), WAIT);
            assertThat(again.flags()).isEqualTo(Frame.RELIABLE | Frame.RETRANSMIT);
            assertThat(again.message()).isEqualTo(alarm.message());
            assertThat(gateway.receivedAfter(mark).get(0)).isEqualTo(hello);
        }
    }

    // ---- pump faults

    @Test
    void aMotorStallIsRaisedThenClearedWithTheSameIdAndFollowedByRecovered() throws Exception {
        Scenario scenario = scenario("motor-stall", new MotorStall(s(1), s(30)));
        try (Emulator emulator = startTcp(scenario, 1, 60);
             ScriptedGateway gateway = new ScriptedGateway().connectTcp(emulator.ports().get(0))) {
            Alarm recoveredCleared = alarmOf(gateway.awaitPacket(
                    alarm(AlarmCode.MOTOR_STALL_RECOVERED, AlarmState.CLEARED), WAIT));

            List<Alarm> alarms = distinctAlarms(gateway);
            assertThat(alarms).hasSize(4);
            Alarm raised = alarms.get(0);
            Alarm cleared = alarms.get(1);
            Alarm recovered = alarms.get(2);
            assertThat(raised.code()).contains(AlarmCode.MOTOR_STALL);
            assertThat(raised.state()).contains(AlarmState.RAISED);
            assertThat(raised.priority()).contains(AlarmPriority.HIGH);
            assertThat(raised.pumpSerial()).isEqualTo(PumpSpec.DEFAULT.serial());
            assertThat(raised.tsMs()).isEqualTo(START_MS + 1_000);
            assertThat(cleared.code()).contains(AlarmCode.MOTOR_STALL);
            assertThat(cleared.state()).contains(AlarmState.CLEARED);
            assertThat(cleared.alarmId()).isEqualTo(raised.alarmId());
            assertThat(cleared.tsMs()).isEqualTo(START_MS + 31_000);
            assertThat(recovered.code()).contains(AlarmCode.MOTOR_STALL_RECOVERED);
            assertThat(recovered.state()).contains(AlarmState.RAISED);
            assertThat(recovered.priority()).contains(AlarmPriority.LOW);
            assertThat(recovered.detail()).as("stall seconds").isEqualTo(30);
            assertThat(recovered.alarmId()).isGreaterThan(raised.alarmId());
            assertThat(recoveredCleared.alarmId()).isEqualTo(recovered.alarmId());
            assertThat(recoveredCleared.tsMs()).as("cleared a minute later").isEqualTo(START_MS + 91_000);
        }
    }

    @Test
    void aCriticalMemoryErrorIsRaisedHighStaysActiveAndIsLogged() throws Exception {
        Scenario scenario = scenario("memory-error", new CriticalMemoryError(s(1), 17));
        try (Emulator emulator = startTcp(scenario, 1, 10);
             ScriptedGateway gateway = new ScriptedGateway().connectTcp(emulator.ports().get(0))) {
            Alarm error = alarmOf(gateway.awaitPacket(alarm(AlarmCode.CRITICAL_MEMORY_ERROR, AlarmState.RAISED),
                    WAIT));
            assertThat(error.priority()).contains(AlarmPriority.HIGH);
            assertThat(error.detail()).isEqualTo(17);
            assertThat(error.tsMs()).isEqualTo(START_MS + 1_000);
            await("it stays raised").during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
                    .until(() -> gateway.packets().stream().noneMatch(
                            alarm(AlarmCode.CRITICAL_MEMORY_ERROR, AlarmState.CLEARED)));

            List<LogEntry> log = interrogate(gateway, 1);
            assertThat(log).singleElement().satisfies(entry -> {
                assertThat(entry.event()).contains(LogEvent.ALARM);
                assertThat(List.of(entry.a(), entry.b(), entry.c())).containsExactly(
                        AlarmCode.CRITICAL_MEMORY_ERROR.code(), AlarmPriority.HIGH.code(), 17);
            });
        }
    }

    @Test
    void aPumpResetRaisesPumpResetClearsTheMemoryErrorAndFallsBackToMinimumRate() throws Exception {
        Scenario scenario = scenario("pump-reset", new CriticalMemoryError(s(1), 17), new PumpReset(s(2), 2),
                new DoseChange(s(120), 10_417));
        try (Emulator emulator = startTcp(scenario, 1, 60);
             ScriptedGateway gateway = new ScriptedGateway().connectTcp(emulator.ports().get(0))) {
            Alarm reset = alarmOf(gateway.awaitPacket(alarm(AlarmCode.PUMP_RESET, AlarmState.RAISED), WAIT));
            assertThat(reset.detail()).as("cause").isEqualTo(2);
            assertThat(reset.priority()).contains(AlarmPriority.MEDIUM);
            assertThat(reset.tsMs()).isEqualTo(START_MS + 2_000);
            Alarm error = alarmOf(gateway.awaitPacket(alarm(AlarmCode.CRITICAL_MEMORY_ERROR, AlarmState.RAISED),
                    WAIT));
            Alarm errorCleared = alarmOf(gateway.awaitPacket(alarm(AlarmCode.CRITICAL_MEMORY_ERROR,
                    AlarmState.CLEARED), WAIT));
            assertThat(errorCleared.alarmId()).isEqualTo(error.alarmId());
            assertThat(errorCleared.tsMs()).isEqualTo(START_MS + 2_000);

            int mark = gateway.mark();
            gateway.send(new RequestStatus(5));
            List<Message> status = awaitAnswer(gateway, mark, BatteryStatus.class);
            FlowStatus flow = status.stream().filter(FlowStatus.class::isInstance).map(FlowStatus.class::cast)
                    .findFirst().orElseThrow();
            assertThat(flow.mode()).contains(FlowMode.MINIMUM_RATE);
            assertThat(flow.rateNlPerHour()).isEqualTo(250);

            Alarm resetCleared = alarmOf(gateway.awaitPacket(alarm(AlarmCode.PUMP_RESET, AlarmState.CLEARED),
                    WAIT));
            assertThat(resetCleared.alarmId()).isEqualTo(reset.alarmId());
            assertThat(resetCleared.tsMs()).as("cleared by the dose change, not a minute after the reset")
                    .isEqualTo(START_MS + 120_000);

            assertThat(interrogate(gateway, 6)).extracting(LogEntry::eventCode, LogEntry::a).containsExactly(
                    tuple(LogEvent.ALARM.code(), AlarmCode.CRITICAL_MEMORY_ERROR.code()),
                    tuple(LogEvent.POWER_RESET.code(), 2),
                    tuple(LogEvent.ALARM.code(), AlarmCode.PUMP_RESET.code()),
                    tuple(LogEvent.MODE_CHANGE.code(), FlowMode.MINIMUM_RATE.code()),
                    tuple(LogEvent.DOSE_CHANGE.code(), 250));
        }
    }

    @Test
    void aClockJumpShiftsLaterTimestampsByTheDriftAndIsLoggedAsClockSet() throws Exception {
        long driftS = 3_600;
        Scenario scenario = scenario("clock-jump", new CriticalMemoryError(s(1), 1), new ClockJump(s(2), driftS),
                new CriticalMemoryError(s(3), 2));
        try (Emulator emulator = startTcp(scenario, 1, 10);
             ScriptedGateway gateway = new ScriptedGateway().connectTcp(emulator.ports().get(0))) {
            List<Packet> raised = gateway.awaitPackets(0, alarm(AlarmCode.CRITICAL_MEMORY_ERROR, AlarmState.RAISED),
                    2, WAIT);
            Alarm before = alarmOf(raised.get(0));
            Alarm after = alarmOf(raised.get(1));
            assertThat(before.tsMs()).isEqualTo(START_MS + 1_000);
            assertThat(after.tsMs() - before.tsMs()).as("2 s of simulated time plus the drift")
                    .isEqualTo(2_000 + driftS * 1_000);

            List<LogEntry> log = interrogate(gateway, 1);
            assertThat(log).extracting(LogEntry::eventCode).containsExactly(LogEvent.ALARM.code(),
                    LogEvent.CLOCK_SET.code(), LogEvent.ALARM.code());
            LogEntry clockSet = log.get(1);
            assertThat(clockSet.a()).as("drift s").isEqualTo((int) driftS);
            assertThat(clockSet.tsMs()).as("the new clock").isEqualTo(START_MS + 2_000 + driftS * 1_000);
            assertThat(log).extracting(LogEntry::tsMs).isSorted();
            FlowStatus flow = (FlowStatus) gateway.awaitPacket(type(FlowStatus.class), WAIT).message();
            assertThat(flow.tsMs()).isGreaterThanOrEqualTo(START_MS + 3_000 + driftS * 1_000);
        }
    }

    /** Interrogates and returns the session's log entries (checking the session is complete). */
    private static List<LogEntry> interrogate(ScriptedGateway gateway, long requestId) {
        int mark = gateway.mark();
        gateway.send(new RequestInterrogation(requestId));
        List<Message> session = awaitAnswer(gateway, mark, SessionEnd.class);
        SessionEnd end = (SessionEnd) session.get(session.size() - 1);
        List<LogEntry> entries = logEntries(session);
        assertThat(end.entryCount()).isEqualTo(entries.size());
        return entries;
    }

    private static List<Alarm> distinctAlarms(ScriptedGateway gateway) {
        return gateway.packets().stream().filter(type(Alarm.class)).map(p -> (Alarm) p.message()).distinct()
                .toList();
    }

    // ---- --fault flags

    @Test
    void faultFlagsBecomeScenarioEvents() {
        assertThat(FaultFlag.parse("motor-stall@10m:30m")).isEqualTo(new MotorStall(Duration.ofMinutes(10),
                Duration.ofMinutes(30)));
        assertThat(FaultFlag.parse("memory-error@1h:17")).isEqualTo(new CriticalMemoryError(Duration.ofHours(1), 17));
        assertThat(FaultFlag.parse("reset@2h:2")).isEqualTo(new PumpReset(Duration.ofHours(2), 2));
        assertThat(FaultFlag.parse("clock-jump@3h:3600")).isEqualTo(new ClockJump(Duration.ofHours(3), 3600));
        assertThat(FaultFlag.parse("telemetry-lost@4h:3")).isEqualTo(new AbortNextSession(Duration.ofHours(4), 3));
        assertThat(FaultFlag.parse("link-drop@5m:20s")).isEqualTo(new LinkDrop(Duration.ofMinutes(5), s(20)));
        assertThat(FaultFlag.parse("out-of-range@6h:10m")).isEqualTo(new PumpOutOfRange(Duration.ofHours(6),
                Duration.ofMinutes(10)));
        assertThat(FaultFlag.parse("motor-stall@10m")).as("default argument")
                .isEqualTo(new MotorStall(Duration.ofMinutes(10), Duration.ofMinutes(30)));
        assertThat(FaultFlag.parse("link-drop@PT5M")).isEqualTo(new LinkDrop(Duration.ofMinutes(5), s(10)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "bogus@1m|unknown kind 'bogus'",
        "motor-stall|expected KIND@AT[:ARG]",
        "@1m|expected KIND@AT[:ARG]",
        "motor-stall@soon|soon",
        "motor-stall@10m:forever|forever",
        "memory-error@1h:seventeen|seventeen",
        "motor-stall@1m:0s|must be within",
        "telemetry-lost@1h:-1|must be within",
    })
    void aBadFaultFlagIsRefusedNamingTheFlag(String flag, String detail) {
        assertThatIllegalArgumentException().isThrownBy(() -> FaultFlag.parse(flag))
                .withMessageContaining("--fault '" + flag + "'")
                .withMessageContaining(detail);
    }

    @Test
    void theCommandRefusesABadFaultFlagBeforeStartingAnything() {
        StringWriter err = new StringWriter();
        CommandLine command = new CommandLine(new EmulatorCommand());
        command.setErr(new PrintWriter(err, true));
        int exit = command.execute("--listen", "tcp:127.0.0.1:" + TestScenarios.freePort(), "--duration", "1s",
                "--fault", "memory-error@1h:seventeen");
        assertThat(exit).isNotZero();
        assertThat(err.toString()).contains("--fault 'memory-error@1h:seventeen'");
    }

}
