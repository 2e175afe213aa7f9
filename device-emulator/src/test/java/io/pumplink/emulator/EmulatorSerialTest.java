package io.pumplink.emulator;

import static io.pumplink.emulator.EmulatorInterrogationTest.awaitAnswer;
import static io.pumplink.emulator.EmulatorInterrogationTest.logEntries;
import static io.pumplink.emulator.ScriptedGateway.fresh;
import static io.pumplink.emulator.ScriptedGateway.type;
import static io.pumplink.emulator.TestScenarios.PROGRAMMER_SERIAL;
import static io.pumplink.emulator.TestScenarios.ms;
import static io.pumplink.emulator.TestScenarios.s;
import static io.pumplink.emulator.TestScenarios.scenario;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pumplink.emulator.ScriptedGateway.Received;
import io.pumplink.emulator.scenario.Scenario;
import io.pumplink.emulator.scenario.ScenarioEvent.CriticalMemoryError;
import io.pumplink.emulator.scenario.ScenarioEvent.DoseChange;
import io.pumplink.emulator.scenario.ScenarioEvent.ProgrammerBattery;
import io.pumplink.emulator.scenario.ScenarioEvent.Refill;
import io.pumplink.protocol.frame.Frame;
import io.pumplink.protocol.message.Alarm;
import io.pumplink.protocol.message.AlarmCode;
import io.pumplink.protocol.message.AlarmState;
import io.pumplink.protocol.message.BatteryStatus;
import io.pumplink.protocol.message.CommandOutcome;
import io.pumplink.protocol.message.CommandResult;
import io.pumplink.protocol.message.FlowStatus;
import io.pumplink.protocol.message.Heartbeat;
import io.pumplink.protocol.message.Hello;
import io.pumplink.protocol.message.LogEntry;
import io.pumplink.protocol.message.LogEvent;
import io.pumplink.protocol.message.Message;
import io.pumplink.protocol.message.Packet;
import io.pumplink.protocol.message.PumpIdentity;
import io.pumplink.protocol.message.RequestInterrogation;
import io.pumplink.protocol.message.ReservoirStatus;
import io.pumplink.protocol.message.SessionBegin;
import io.pumplink.protocol.message.SessionEnd;
import io.pumplink.protocol.message.SessionOutcome;
import io.pumplink.protocol.transport.Endpoint;
import io.pumplink.protocol.transport.SocatPty;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The emulator on one end of a real socat PTY pair (jSerialComm, the OIO serial channel), the scripted gateway on
 * the other. Serial reads wake at most every 100 ms, so waits here are longer than over TCP.
 */
class EmulatorSerialTest {
    private static final Duration WAIT = Duration.ofSeconds(8);

    @TempDir
    Path dir;

    private SocatPty pty;

    @AfterEach
    void stopSocat() {
        if (pty != null) {
            pty.close();
        }
    }

    /** The gateway opens its end first, so the programmer's first HELLO finds it listening. */
    private Emulator startOnPty(Scenario scenario, ScriptedGateway gateway, double speed) throws Exception {
        pty = SocatPty.start(dir);
        gateway.openSerial(pty.b());
        return new Emulator(new Emulator.Options(scenario, Endpoint.parse(pty.a().toString()), 1, 1, speed,
                Optional.empty())).start();
    }

    @Test
    void theProgrammerSaysHelloAndHeartbeatsOverThePty() throws Exception {
        try (ScriptedGateway gateway = new ScriptedGateway();
             Emulator emulator = startOnPty(scenario("serial-hello"), gateway, 1)) {
            assertThat(emulator.ports()).isEmpty();
            gateway.awaitPackets(0, type(Heartbeat.class), 3, WAIT);

            Packet hello = gateway.packets().get(0);
            assertThat(hello.message()).isInstanceOf(Hello.class);
            assertThat(hello.reliable()).isTrue();
            assertThat(((Hello) hello.message()).protocolVersion()).isEqualTo(1);
            assertThat(((Hello) hello.message()).programmerSerial()).isEqualTo(PROGRAMMER_SERIAL);
            List<Packet> newFrames = gateway.packets().stream().filter(p -> !p.retransmit()).toList();
            for (int i = 1; i < newFrames.size(); i++) {
                assertThat(newFrames.get(i).seq()).isEqualTo((newFrames.get(i - 1).seq() + 1) & 0xFFFF);
            }
            assertThat(gateway.invalidTotal()).isZero();
        }
    }

    @Test
    void aFullInterrogationCrossesThePtyInIcdOrder() throws Exception {
        Scenario scenario = scenario("serial-interrogation",
                new Refill(s(1), 20_000, OptionalLong.of(17_000), Optional.empty()),
                new DoseChange(s(2), 12_000),
                new ProgrammerBattery(s(3), 15));
        try (ScriptedGateway gateway = new ScriptedGateway();
             Emulator emulator = startOnPty(scenario, gateway, 10)) {
            gateway.awaitPacket(TestScenarios.alarm(AlarmCode.PROGRAMMER_LOW_BATTERY, AlarmState.RAISED), WAIT);

            int mark = gateway.mark();
            gateway.send(new RequestInterrogation(42));
            List<Message> session = awaitAnswer(gateway, mark, SessionEnd.class);
            assertThat(session).extracting(Message::getClass).containsExactly(CommandResult.class,
                    SessionBegin.class, PumpIdentity.class, ReservoirStatus.class, FlowStatus.class,
                    BatteryStatus.class, LogEntry.class, LogEntry.class, SessionEnd.class);
            assertThat((CommandResult) session.get(0)).isEqualTo(new CommandResult(42, CommandOutcome.OK.code()));
            SessionEnd end = (SessionEnd) session.get(session.size() - 1);
            assertThat(end.outcome()).contains(SessionOutcome.COMPLETE);
            List<LogEntry> entries = logEntries(session);
            assertThat(end.entryCount()).isEqualTo(entries.size());
            assertThat(entries).extracting(LogEntry::index).containsExactly(0, 1);
            assertThat(entries).extracting(e -> e.event().orElseThrow())
                    .containsExactly(LogEvent.REFILL, LogEvent.DOSE_CHANGE);
            assertThat(gateway.invalidTotal()).isZero();
        }
    }

    @Test
    void aWithheldAckBringsARetransmissionOverThePty() throws Exception {
        Scenario scenario = scenario("serial-retransmit", new CriticalMemoryError(ms(300), 9));
        try (ScriptedGateway gateway = new ScriptedGateway().autoAck(false);
             Emulator emulator = startOnPty(scenario, gateway, 1)) {
            Received original = gateway.awaitReceived(0, fresh(Alarm.class), WAIT);
            Packet alarm = original.packet().orElseThrow();
            Received again = gateway.awaitReceived(0, p -> p.retransmit() && p.seq() == alarm.seq(), WAIT);
            assertThat(again.packet().orElseThrow().flags()).isEqualTo(Frame.RELIABLE | Frame.RETRANSMIT);
            assertThat(again.packet().orElseThrow().message()).isEqualTo(alarm.message());
            // 500 ms at the emulator; each end's serial read may add up to ~100 ms either way
            assertThat(TimeUnit.NANOSECONDS.toMillis(again.nanos() - original.nanos())).isBetween(380L, 1700L);

            gateway.ack(alarm);
            long ackedAt = System.nanoTime();
            await("no retransmission after the ACK").during(Duration.ofMillis(1000))
                    .atMost(Duration.ofSeconds(3)).until(() -> gateway.received().stream().noneMatch(r ->
                            r.nanos() - ackedAt > 400_000_000L
                                    && r.packet().filter(p -> p.seq() == alarm.seq()).isPresent()));
        }
    }
}
