package io.pumplink.emulator;

import static io.pumplink.emulator.ScriptedGateway.fresh;
import static io.pumplink.emulator.ScriptedGateway.type;
import static io.pumplink.emulator.TestScenarios.HEARTBEAT_MS;
import static io.pumplink.emulator.TestScenarios.PROGRAMMER_SERIAL;
import static io.pumplink.emulator.TestScenarios.ms;
import static io.pumplink.emulator.TestScenarios.scenario;
import static io.pumplink.emulator.TestScenarios.startTcp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pumplink.emulator.ScriptedGateway.Received;
import io.pumplink.emulator.device.EmulatedProgrammer;
import io.pumplink.emulator.scenario.Scenario;
import io.pumplink.emulator.scenario.ScenarioEvent.CriticalMemoryError;
import io.pumplink.protocol.frame.Frame;
import io.pumplink.protocol.message.Ack;
import io.pumplink.protocol.message.Alarm;
import io.pumplink.protocol.message.CommandResult;
import io.pumplink.protocol.message.Heartbeat;
import io.pumplink.protocol.message.Hello;
import io.pumplink.protocol.message.Message;
import io.pumplink.protocol.message.NakReason;
import io.pumplink.protocol.message.Packet;
import io.pumplink.protocol.message.RequestInterrogation;
import io.pumplink.protocol.message.SessionBegin;
import io.pumplink.protocol.message.SessionEnd;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** ICD section 3 from the programmer's side, against a scripted gateway over TCP. */
class EmulatorLinkTest {
    private static final Duration WAIT = ScriptedGateway.DEFAULT_TIMEOUT;

    /** {@code count} CRITICAL_MEMORY_ERRORs 50 ms apart: the first raises, each later one clears and raises. */
    private static Scenario memoryErrors(String name, int count) {
        return scenario(name, IntStream.rangeClosed(1, count)
                .mapToObj(i -> new CriticalMemoryError(ms(50L * i), i))
                .toArray(CriticalMemoryError[]::new));
    }

    @Test
    void saysHelloFirstThenHeartbeatsWhenIdleNumberingEveryNewFrameByOne() throws Exception {
        try (Emulator emulator = startTcp(scenario("link-idle"), 1, 1);
             ScriptedGateway gateway = new ScriptedGateway().connectTcp(emulator.ports().get(0))) {
            gateway.awaitPackets(0, type(Heartbeat.class), 8, WAIT);

            List<Received> received = gateway.received();
            Packet first = received.get(0).packet().orElseThrow();
            assertThat(first.message()).isInstanceOf(Hello.class);
            assertThat(first.flags()).as("HELLO flags: RELIABLE, no RETRANSMIT").isEqualTo(Frame.RELIABLE);
            Hello hello = (Hello) first.message();
            assertThat(hello.protocolVersion()).isEqualTo(1);
            assertThat(hello.programmerSerial()).isEqualTo(PROGRAMMER_SERIAL);
            assertThat(List.of(hello.fwMajor(), hello.fwMinor(), hello.fwPatch())).containsExactly(2, 4, 17);
            assertThat(hello.heartbeatIntervalMs()).isEqualTo(HEARTBEAT_MS);
            assertThat(hello.capabilities()).isEqualTo(Hello.CAP_INTERROGATION | Hello.CAP_EVENT_LOG);

            List<Packet> newFrames = gateway.packets().stream().filter(p -> !p.retransmit()).toList();
            assertThat(newFrames.get(1).seq()).as("the frame after HELLO").isEqualTo((first.seq() + 1) & 0xFFFF);
            for (int i = 1; i < newFrames.size(); i++) {
                assertThat(newFrames.get(i).seq()).as("seq of new frame %d", i)
                        .isEqualTo((newFrames.get(i - 1).seq() + 1) & 0xFFFF);
            }

            List<Received> heartbeats = received.stream()
                    .filter(r -> r.packet().filter(type(Heartbeat.class)).isPresent()).toList();
            List<Long> gapsMs = new ArrayList<>();
            for (int i = 1; i < heartbeats.size(); i++) {
                gapsMs.add(TimeUnit.NANOSECONDS.toMillis(heartbeats.get(i).nanos() - heartbeats.get(i - 1).nanos()));
                assertThat(uptime(heartbeats.get(i))).isGreaterThan(uptime(heartbeats.get(i - 1)));
                assertThat(heartbeats.get(i).packet().orElseThrow().reliable()).isFalse();
            }
            List<Long> sorted = gapsMs.stream().sorted().toList();
            assertThat(sorted.get(0)).as("shortest heartbeat gap ms, %s", gapsMs).isGreaterThanOrEqualTo(150);
            assertThat(sorted.get(sorted.size() / 2)).as("median heartbeat gap ms, %s", gapsMs)
                    .isBetween((long) HEARTBEAT_MS - 20, (long) HEARTBEAT_MS + 120);
        }
    }

    private static long uptime(Received heartbeat) {
        return ((Heartbeat) heartbeat.packet().orElseThrow().message()).uptimeMs();
    }

    @Test
    void anUnacknowledgedAlarmIsRetransmittedEvery500msWithItsSeqUntilAcked() throws Exception {
        Scenario scenario = scenario("link-retransmit", new CriticalMemoryError(ms(100), 17));
        try (Emulator emulator = startTcp(scenario, 1, 1);
             ScriptedGateway gateway = new ScriptedGateway().autoAck(false)) {
            gateway.connectTcp(emulator.ports().get(0));

            Received original = gateway.awaitReceived(0, fresh(Alarm.class), WAIT);
            Packet alarm = original.packet().orElseThrow();
            assertThat(alarm.flags()).isEqualTo(Frame.RELIABLE);
            Received again = gateway.awaitReceived(0, p -> p.retransmit() && p.seq() == alarm.seq(), WAIT);
            Received third = gateway.awaitReceived(gateway.received().indexOf(again) + 1,
                    p -> p.retransmit() && p.seq() == alarm.seq(), WAIT);
            for (Received[] pair : List.of(new Received[] {original, again}, new Received[] {again, third})) {
                Packet resent = pair[1].packet().orElseThrow();
                assertThat(resent.flags()).isEqualTo(Frame.RELIABLE | Frame.RETRANSMIT);
                assertThat(resent.message()).isEqualTo(alarm.message());
                // 500 ms at the emulator; up to 50 ms of it may be arrival jitter at this end
                assertThat(TimeUnit.NANOSECONDS.toMillis(pair[1].nanos() - pair[0].nanos()))
                        .as("ms between sends of seq %d", alarm.seq()).isBetween(450L, 1500L);
            }

            gateway.ack(alarm);
            long ackedAt = System.nanoTime();
            await("no retransmission after the ACK").during(Duration.ofMillis(1200)).atMost(Duration.ofSeconds(3))
                    .until(() -> gateway.received().stream().noneMatch(r -> r.nanos() - ackedAt > 150_000_000L
                            && r.packet().filter(p -> p.seq() == alarm.seq()).isPresent()));
            EmulatedProgrammer programmer = emulator.programmers().get(0);
            assertThat(onProgrammer(programmer, () -> programmer.link().outbox().inFlightCount())).isZero();
            assertThat(programmer.link().stats().retransmitted()).isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void atMostEightReliableFramesAreInFlightWhileAcksAreWithheld() throws Exception {
        int errors = 6; // 11 alarms: one RAISED, then CLEARED+RAISED for each later error
        try (Emulator emulator = startTcp(memoryErrors("link-window", errors), 1, 1);
             ScriptedGateway gateway = new ScriptedGateway().autoAck(false)) {
            gateway.connectTcp(emulator.ports().get(0));

            await().atMost(WAIT).until(() -> gateway.outstanding().size() == 8);
            int mark = gateway.mark();
            await("still 8 outstanding").during(Duration.ofMillis(1200)).atMost(Duration.ofSeconds(3))
                    .until(() -> reliableSeqs(gateway.packets()).size() == 8);
            Set<Integer> inFlight = gateway.outstanding();
            assertThat(reliableSeqs(gateway.packets())).isEqualTo(inFlight);
            assertThat(gateway.packetsAfter(mark).stream().filter(p -> p.reliable()).toList())
                    .as("only retransmissions of the 8 while none is ACKed").isNotEmpty()
                    .allSatisfy(p -> assertThat(p.retransmit() && inFlight.contains(p.seq())).isTrue());
            EmulatedProgrammer programmer = emulator.programmers().get(0);
            assertThat(onProgrammer(programmer, () -> programmer.link().outbox().queuedCount())).isEqualTo(3);

            gateway.autoAck(true);
            gateway.ackAllOutstanding();
            await().atMost(WAIT).until(() -> distinctAlarms(gateway).size() == 2 * errors - 1);
            assertThat(gateway.maxOutstanding()).isEqualTo(8);
            assertThat(distinctAlarms(gateway)).extracting(Alarm::alarmId).isSorted();
        }
    }

    private static Set<Integer> reliableSeqs(List<Packet> packets) {
        return packets.stream().filter(p -> p.reliable() && !(p.message() instanceof Hello)).map(Packet::seq)
                .collect(Collectors.toSet());
    }

    private static List<Alarm> distinctAlarms(ScriptedGateway gateway) {
        return gateway.packets().stream().filter(type(Alarm.class)).map(p -> (Alarm) p.message()).distinct().toList();
    }

    @Test
    void nak4BringsANewHelloAndAfterHelloAckEveryUnackedFrameIsRetransmitted() throws Exception {
        try (Emulator emulator = startTcp(memoryErrors("link-nak4", 3), 1, 1);
             ScriptedGateway gateway = new ScriptedGateway().autoAck(false)) {
            gateway.connectTcp(emulator.ports().get(0));
            List<Packet> alarms = gateway.awaitPackets(0, fresh(Alarm.class), 5, WAIT);
            Map<Integer, Packet> originals = alarms.stream().collect(Collectors.toMap(Packet::seq, Function.identity()));
            Packet firstHello = gateway.awaitPacket(type(Hello.class), WAIT);

            gateway.autoHelloAck(false);
            int mark = gateway.mark();
            gateway.nak(alarms.get(4).seq(), NakReason.NO_HELLO_YET.code());
            Received hello = gateway.awaitReceived(mark, fresh(Hello.class), WAIT);
            Packet helloPacket = hello.packet().orElseThrow();
            assertThat(helloPacket.flags()).isEqualTo(Frame.RELIABLE);
            assertThat(helloPacket.seq()).isNotEqualTo(firstHello.seq());
            assertThat(helloPacket.message()).isEqualTo(firstHello.message());

            // without HELLO_ACK the HELLO itself is retransmitted, and the outbox waits behind it
            int helloIndex = gateway.received().indexOf(hello);
            gateway.awaitReceived(helloIndex + 1, p -> p.retransmit() && p.seq() == helloPacket.seq(), WAIT);
            assertThat(gateway.packetsAfter(helloIndex + 1)).as("frames while HELLO is unanswered")
                    .noneMatch(type(Alarm.class));

            gateway.autoHelloAck(true);
            Map<Integer, Received> afterFirstAck = awaitRetransmitted(gateway, gateway.mark(), originals,
                    gateway::helloAck);
            // again at once: sent well inside their 500 ms timers, so HELLO_ACK itself brings them back
            Map<Integer, Received> afterSecondAck = awaitRetransmitted(gateway, gateway.mark(), originals,
                    () -> gateway.nak(alarms.get(0).seq(), NakReason.NO_HELLO_YET.code()));
            afterSecondAck.forEach((seq, again) -> assertThat(TimeUnit.NANOSECONDS.toMillis(
                    again.nanos() - afterFirstAck.get(seq).nanos())).as("ms between resends of seq %d", seq)
                    .isLessThan(450));
        }
    }

    /**
     * Runs {@code trigger}, then waits until every frame of {@code originals} has come again after {@code mark},
     * each with RETRANSMIT and its original content; returns the first such arrival per seq.
     */
    private static Map<Integer, Received> awaitRetransmitted(ScriptedGateway gateway, int mark,
                                                             Map<Integer, Packet> originals, Runnable trigger) {
        trigger.run();
        await().atMost(WAIT).until(() -> gateway.packetsAfter(mark).stream().map(Packet::seq)
                .collect(Collectors.toSet()).containsAll(originals.keySet()));
        Map<Integer, Received> again = new HashMap<>();
        for (Received r : gateway.receivedAfter(mark)) {
            Packet p = r.packet().orElse(null);
            if (p != null && originals.containsKey(p.seq())) {
                assertThat(p.flags()).isEqualTo(Frame.RELIABLE | Frame.RETRANSMIT);
                assertThat(p.message()).isEqualTo(originals.get(p.seq()).message());
                again.putIfAbsent(p.seq(), r);
            }
        }
        return again;
    }

    @Test
    void unackedFramesSurviveALostConnectionAndAreRetransmittedAfterTheNextHello() throws Exception {
        try (Emulator emulator = startTcp(memoryErrors("link-loss", 3), 1, 1);
             ScriptedGateway gateway = new ScriptedGateway().autoAck(false)) {
            int port = emulator.ports().get(0);
            gateway.connectTcp(port);
            List<Packet> alarms = gateway.awaitPackets(0, fresh(Alarm.class), 5, WAIT);
            Map<Integer, Packet> originals = alarms.stream().collect(Collectors.toMap(Packet::seq, Function.identity()));
            long firstSent = gateway.awaitReceived(0, fresh(Alarm.class), WAIT).nanos();

            gateway.disconnect();
            int mark = gateway.mark();
            Map<Integer, Received> again = awaitRetransmitted(gateway, mark, originals, () -> {
                try {
                    gateway.connectTcp(port);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });

            List<Received> second = gateway.receivedAfter(mark);
            assertThat(second).allSatisfy(r -> assertThat(r.link()).isEqualTo(2));
            Packet hello = second.get(0).packet().orElseThrow();
            assertThat(hello.message()).as("first frame on the new link").isInstanceOf(Hello.class);
            assertThat(hello.flags()).isEqualTo(Frame.RELIABLE);
            assertThat(originals).doesNotContainKey(hello.seq());
            // all within 500 ms of the first one's send: brought back by HELLO_ACK, not by their timers
            again.forEach((seq, r) -> assertThat(TimeUnit.NANOSECONDS.toMillis(r.nanos() - firstSent))
                    .as("ms from the first alarm to the resend of seq %d", seq).isLessThan(450));
            assertThat(emulator.programmers().get(0).link().stats().linksOpened()).isEqualTo(2);
        }
    }

    @Test
    void aRetransmittedRequestIsAckedAgainButAnsweredOnce() throws Exception {
        try (Emulator emulator = startTcp(scenario("link-duplicate-request"), 1, 10);
             ScriptedGateway gateway = new ScriptedGateway()) {
            gateway.connectTcp(emulator.ports().get(0));
            gateway.awaitPacket(type(Hello.class), WAIT);

            Packet request = gateway.send(new RequestInterrogation(77));
            assertThat(request.flags()).isEqualTo(Frame.RELIABLE);
            gateway.awaitPacket(p -> p.message() instanceof CommandResult r && r.requestId() == 77, WAIT);
            gateway.sendRaw(request.asRetransmit());

            gateway.awaitPackets(0, p -> p.message() instanceof Ack a && a.ackedSeq() == request.seq(), 2, WAIT);
            gateway.awaitPacket(type(SessionEnd.class), WAIT);
            await("no second answer").during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(2))
                    .until(() -> gateway.packets().stream().filter(type(SessionBegin.class)).map(Packet::seq)
                            .distinct().count() == 1);
            // a retransmission by the emulator would repeat a seq; a second answer would bring a new one
            assertThat(gateway.packets()).filteredOn(type(CommandResult.class)).extracting(Packet::seq)
                    .as("COMMAND_RESULT frames").containsOnly(seqOf(gateway, CommandResult.class));
            assertThat(gateway.packets()).filteredOn(type(SessionBegin.class)).extracting(Packet::seq)
                    .as("SESSION_BEGIN frames").containsOnly(seqOf(gateway, SessionBegin.class));
            assertThat(emulator.programmers().get(0).link().stats().duplicateRequests()).isEqualTo(1);
        }
    }

    private static int seqOf(ScriptedGateway gateway, Class<? extends Message> type) {
        return gateway.awaitPacket(type(type), WAIT).seq();
    }

    /** Reads the programmer's single-threaded state on its own thread. */
    static <T> T onProgrammer(EmulatedProgrammer programmer, Callable<T> read) throws Exception {
        return programmer.executor().submit(read).get(5, TimeUnit.SECONDS);
    }
}
