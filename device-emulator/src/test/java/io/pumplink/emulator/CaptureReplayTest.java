package io.pumplink.emulator;

import static io.pumplink.emulator.ScriptedGateway.fresh;
import static io.pumplink.emulator.ScriptedGateway.type;
import static io.pumplink.emulator.TestScenarios.ms;
import static io.pumplink.emulator.TestScenarios.scenario;
import static io.pumplink.emulator.TestScenarios.startTcp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.pumplink.emulator.scenario.Scenario;
import io.pumplink.emulator.scenario.ScenarioEvent.CriticalMemoryError;
import io.pumplink.emulator.scenario.ScenarioEvent.Interrogate;
import io.pumplink.protocol.capture.CaptureReader;
import io.pumplink.protocol.capture.CaptureRecord;
import io.pumplink.protocol.capture.Direction;
import io.pumplink.protocol.frame.FrameDecoder;
import io.pumplink.protocol.frame.FrameStats;
import io.pumplink.protocol.message.Alarm;
import io.pumplink.protocol.message.BatteryStatus;
import io.pumplink.protocol.message.HelloAck;
import io.pumplink.protocol.message.Inbound;
import io.pumplink.protocol.message.MessageDecoder;
import io.pumplink.protocol.message.MessageStats;
import io.pumplink.protocol.message.Packet;
import io.pumplink.protocol.message.RequestStatus;
import io.pumplink.protocol.message.SessionEnd;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** --record writes what crossed the link both ways; --replay plays the programmer's side back to a gateway. */
class CaptureReplayTest {
    private static final Duration WAIT = ScriptedGateway.DEFAULT_TIMEOUT;

    @TempDir
    Path dir;

    /** A capture of a short link, with what the gateway received and sent over it. */
    private record Recording(Path file, List<Inbound> received, List<Packet> sent) {
    }

    private Recording record() throws Exception {
        Path capture = dir.resolve("link.ptlcap");
        Scenario scenario = scenario("capture", new CriticalMemoryError(ms(200), 17), new Interrogate(ms(400)));
        try (ScriptedGateway gateway = new ScriptedGateway()) {
            try (Emulator emulator = startTcp(scenario, 1, 1, Optional.of(capture))) {
                gateway.connectTcp(emulator.ports().get(0));
                gateway.awaitPacket(fresh(SessionEnd.class), WAIT);
                int mark = gateway.mark();
                gateway.send(new RequestStatus(9));
                gateway.awaitPacketAfter(mark, type(BatteryStatus.class), WAIT);
            } // the emulator closes the link, then the capture file
            await("the gateway sees the link close").atMost(WAIT).until(() -> !gateway.isActive());
            List<Inbound> received = gateway.inbound();
            assertThat(received).hasSizeGreaterThan(12);
            assertThat(received).filteredOn(i -> i instanceof Packet p && p.message() instanceof Alarm).isNotEmpty();
            return new Recording(capture, received, gateway.sent());
        }
    }

    @Test
    void aRecordingDecodesToWhatTheGatewayReceivedAndWhatItSent() throws Exception {
        Recording recording = record();

        assertThat(decode(recording.file(), Direction.PROGRAMMER_TO_GATEWAY)).as("P->G as the gateway decoded it")
                .containsExactlyElementsOf(recording.received());
        List<Inbound> toProgrammer = decode(recording.file(), Direction.GATEWAY_TO_PROGRAMMER);
        // the gateway may have written a last heartbeat after the emulator had gone
        assertThat(toProgrammer).as("G->P as the gateway sent it").isNotEmpty()
                .containsExactlyElementsOf(recording.sent().subList(0, toProgrammer.size()));
        assertThat(toProgrammer).anyMatch(i -> i instanceof Packet p && p.message() instanceof HelloAck);
        assertThat(toProgrammer).anyMatch(i -> i instanceof Packet p && p.message() instanceof RequestStatus);
    }

    @Test
    void replayPlaysTheProgrammersSideBackToAConnectingGateway() throws Exception {
        Recording recording = record();
        int port = TestScenarios.freePort();
        AtomicInteger exit = new AtomicInteger(-1);
        StringWriter err = new StringWriter();
        Thread replay = new Thread(() -> {
            CommandLine command = new CommandLine(new EmulatorCommand());
            command.setErr(new PrintWriter(err, true));
            exit.set(command.execute("--replay", recording.file().toString(), "--listen", "tcp:127.0.0.1:" + port,
                    "--speed", "4", "--duration", "3s"));
        }, "replay");
        replay.start();
        try (ScriptedGateway player = new ScriptedGateway()) {
            await("replay listening").atMost(WAIT).pollInterval(Duration.ofMillis(50))
                    .until(() -> player.tryConnectTcp(port));
            await("every frame replayed").atMost(WAIT)
                    .until(() -> player.inbound().size() >= recording.received().size());
            assertThat(player.inbound()).containsExactlyElementsOf(recording.received());
            assertThat(player.invalidTotal()).isZero();
        }
        replay.join(Duration.ofSeconds(10).toMillis());
        assertThat(replay.isAlive()).as("replay ends after --duration").isFalse();
        assertThat(exit.get()).as("exit code; stderr: %s", err).isZero();
    }

    /** One direction of a capture through the protocol module's decoders, as a receiver would have seen it. */
    static List<Inbound> decode(Path capture, Direction direction) throws Exception {
        List<Inbound> out = new ArrayList<>();
        EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(new FrameStats()),
                new MessageDecoder(new MessageStats()));
        try (InputStream in = Files.newInputStream(capture); CaptureReader reader = CaptureReader.open(in)) {
            for (Optional<CaptureRecord> next = reader.next(); next.isPresent(); next = reader.next()) {
                if (next.get().direction() == direction) {
                    channel.writeInbound(Unpooled.wrappedBuffer(next.get().bytes()));
                }
            }
            assertThat(reader.truncated()).isFalse();
        } finally {
            channel.finish();
            for (Object decoded = channel.readInbound(); decoded != null; decoded = channel.readInbound()) {
                assertThat(decoded).as("only whole valid frames in the capture").isInstanceOf(Inbound.class);
                out.add((Inbound) decoded);
            }
            channel.finishAndReleaseAll();
        }
        return out;
    }
}
